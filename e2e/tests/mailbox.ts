/**
 * A real SMTP server in the test, collecting what Atendo sends, and the test's server pointed at it
 * (`ATENDO_SMTP_URL`, `ATENDO_MAIL_FROM`); a spec that needs more e-mail settings extends `serverEnv`.
 */
import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { test as base } from './fixtures';

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
  });
}

export interface Mailbox {
  received: ParsedMail[];
  /** A free port for Atendo's inbound SMTP listener (for specs that turn it on). */
  inboundPort: number;
  smtpPort: number;
}

export const test = base.extend<{ mailbox: Mailbox }>({
  // Playwright reads a fixture's dependencies from its first parameter: this one has none.
  // oxlint-disable-next-line no-empty-pattern
  mailbox: async ({}, use) => {
    const received: ParsedMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, done) {
        simpleParser(stream).then(
          (mail) => {
            received.push(mail);
            done();
          },
          (err: Error) => done(err),
        );
      },
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    const smtpPort = (server.server.address() as AddressInfo).port;
    await use({ received, smtpPort, inboundPort: await freePort() });
    await new Promise<void>((ok) => server.close(() => ok()));
  },
  serverEnv: async ({ mailbox }, use) => {
    await use({ ATENDO_SMTP_URL: `smtp://127.0.0.1:${mailbox.smtpPort}`, ATENDO_MAIL_FROM: 'Lumen Coffee <help@shop.test>' });
  },
});
