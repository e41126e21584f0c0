/** Test helpers for e-mail: a real SMTP server that collects what it is given, and a bounded wait. */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An SMTP server on 127.0.0.1 collecting every message it is given, parsed (or refusing every recipient with a 550). */
export async function smtpCatcher(port = 0, opts: { refuse?: boolean } = {}) {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // No self-signed STARTTLS: smtp:// upgrades only when offered, and the client would refuse this certificate.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, done) {
      done(opts.refuse ? Object.assign(new Error('No such user here'), { responseCode: 550 }) : undefined);
    },
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
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', () => ok()));
  const bound = (server.server.address() as AddressInfo).port;
  return { port: bound, received, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/** Wait until `pred` holds, failing with `what` after `timeoutMs`. */
export async function until(what: string, pred: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
