import { readFileSync } from 'node:fs';
import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { replyToken, startInboundSmtp, type InboundEnvelope, type InboundSmtp, type InboundSmtpLimits, type ReplyMail } from './listener';

const DOMAIN = 'reply.example.com';
const MAX_BYTES = 64 * 1024;
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** The token of each fixture that is addressed to one, all known to the listener under test. */
const TOKENS = {
  gmail: 'sbglkhdsk242f4xnngfrc6dsysip57ia',
  ooo: 'pubgr5yq4hnyasu6g76ryi5eea3wqt6w',
  outlook: 'mnt2br244pnv3hcwyvurzmdm6ut2i3q5',
};
const KNOWN = new Set(Object.values(TOKENS).map((t) => t.toLowerCase()));
const GMAIL_TEXT = 'Thanks! The new invoice arrived and the amount is right now.\n\nCould you also send the receipt for November?\n\nMaria';

// ---------------------------------------------------------------------------------------------
// Harness

interface Harness {
  smtp: InboundSmtp;
  delivered: { mail: ReplyMail; envelope: InboundEnvelope }[];
  isKnownToken: ReturnType<typeof vi.fn<(token: string) => Promise<boolean>>>;
  deliver: ReturnType<typeof vi.fn<(mail: ReplyMail, envelope: InboundEnvelope) => Promise<void>>>;
  logs: string[];
}

const open: InboundSmtp[] = [];
const clients: RawSmtp[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function listen(limits: Partial<InboundSmtpLimits> = {}, maxBytes = MAX_BYTES): Promise<Harness> {
  const delivered: Harness['delivered'] = [];
  const logs: string[] = [];
  const isKnownToken = vi.fn(async (token: string) => KNOWN.has(token.toLowerCase()));
  const deliver = vi.fn(async (mail: ReplyMail, envelope: InboundEnvelope) => {
    delivered.push({ mail, envelope });
  });
  const smtp = await startInboundSmtp({
    port: 0,
    host: '127.0.0.1',
    inboundDomain: DOMAIN,
    maxBytes,
    isKnownToken,
    deliver,
    log: (m) => logs.push(m),
    // Many sessions from 127.0.0.1 in one test: the per-address limits are tested on their own.
    limits: { perIpPerMinute: 10_000, perIpConnections: 50, closeTimeoutMs: 500, ...limits },
  });
  open.push(smtp);
  return { smtp, delivered, isKnownToken, deliver, logs };
}

function transport(port: number) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 5000,
  });
}

async function send(port: number, raw: Buffer | string, envelope: { from: string; to: string[] }) {
  const t = transport(port);
  try {
    return await t.sendMail({ envelope, raw });
  } finally {
    t.close();
  }
}

/** What nodemailer rejected with: the SMTP reply code and text. */
async function refusal(promise: Promise<unknown>): Promise<{ responseCode?: number; response?: string; command?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { responseCode?: number; response?: string; command?: string };
  }
  throw new Error('expected the SMTP session to be refused');
}

/** A raw SMTP client: one line out, the whole (multi-line) reply back; `CLOSED` once the server hung up. */
class RawSmtp {
  private buffer = '';
  private replies: string[] = [];
  private waiting: ((reply: string) => void)[] = [];
  private ended = false;
  readonly closed: Promise<void>;

  private constructor(private socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      this.buffer += data;
      for (;;) {
        const m = /^(?:\d{3}-[^\r\n]*\r\n)*\d{3}(?: [^\r\n]*)?\r\n/.exec(this.buffer);
        if (!m) break;
        this.buffer = this.buffer.slice(m[0].length);
        this.push(m[0].trimEnd());
      }
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.ended = true;
        while (this.waiting.length) this.waiting.shift()!('CLOSED');
        resolve();
      }),
    );
  }

  static async open(port: number): Promise<RawSmtp> {
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = new RawSmtp(socket);
    clients.push(client);
    return client;
  }

  private push(reply: string) {
    const w = this.waiting.shift();
    if (w) w(reply);
    else this.replies.push(reply);
  }

  /** The next reply (the greeting first). */
  reply(): Promise<string> {
    const r = this.replies.shift();
    if (r !== undefined) return Promise.resolve(r);
    if (this.ended) return Promise.resolve('CLOSED');
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  write(data: string | Buffer) {
    this.socket.write(data);
  }

  async command(line: string): Promise<string> {
    this.write(`${line}\r\n`);
    return this.reply();
  }

  /** Greeting, EHLO, MAIL FROM: ready for RCPT TO. */
  static async ready(port: number, from = 'visitor@example.org'): Promise<RawSmtp> {
    const c = await RawSmtp.open(port);
    expect(await c.reply()).toMatch(/^220 /);
    expect(await c.command('EHLO client.example.org')).toMatch(/^250/);
    expect(await c.command(`MAIL FROM:<${from}>`)).toMatch(/^250/);
    return c;
  }

  /** DATA with `message` (dot-stuffed here): the reply to the end of data. */
  async data(message: Buffer | string): Promise<string> {
    expect(await this.command('DATA')).toMatch(/^354/);
    const text = (Buffer.isBuffer(message) ? message.toString('latin1') : message).replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    this.write(Buffer.from(`${text}${text.endsWith('\r\n') ? '' : '\r\n'}.\r\n`, 'latin1'));
    return this.reply();
  }

  destroy() {
    this.socket.destroy();
  }
}

/** A session that still works end to end: the listener is up and answers. */
async function stillServes(h: Harness) {
  const before = h.delivered.length;
  await send(h.smtp.port, fixture('gmail-reply-en.eml'), { from: 'maria.jones@gmail.com', to: [`reply+${TOKENS.gmail}@${DOMAIN}`] });
  expect(h.delivered).toHaveLength(before + 1);
}

// ---------------------------------------------------------------------------------------------

describe('replyToken', () => {
  it('takes reply+<token>@ the inbound domain only, the domain in any case', () => {
    expect(replyToken(`reply+abc_D-9@${DOMAIN}`, DOMAIN)).toBe('abc_D-9');
    expect(replyToken('Reply+abc@REPLY.Example.COM', DOMAIN)).toBe('abc');
    expect(replyToken('reply+abc@reply.example.com.', DOMAIN)).toBe('abc');
    for (const a of [
      `postmaster@${DOMAIN}`,
      `reply@${DOMAIN}`,
      `reply+@${DOMAIN}`,
      'reply+abc@example.com',
      'reply+abc@evil.reply.example.com',
      'reply+abc@reply.example.com.evil',
      `reply+a.b@${DOMAIN}`,
      `x+reply+abc@${DOMAIN}`,
    ]) {
      expect(replyToken(a, DOMAIN), a).toBeNull();
    }
  });
});

describe('inbound SMTP: real sessions', () => {
  it('a reply to a known token is delivered once, with the reply only and the envelope', async () => {
    const h = await listen();
    const info = await send(h.smtp.port, fixture('gmail-reply-en.eml'), { from: 'maria.jones@gmail.com', to: [`reply+${TOKENS.gmail}@${DOMAIN}`] });
    expect(info.accepted).toEqual([`reply+${TOKENS.gmail}@${DOMAIN}`]);
    expect(info.response).toMatch(/^250 2\.6\.0 /);
    expect(h.deliver).toHaveBeenCalledTimes(1);
    const [{ mail, envelope }] = h.delivered as [Harness['delivered'][0]];
    expect(mail.text).toBe(GMAIL_TEXT);
    expect(mail.from).toEqual({ address: 'maria.jones@gmail.com', name: 'Maria Jones' });
    expect(mail.tokens).toEqual([TOKENS.gmail]);
    expect(mail.messageId).toBe('<CAF3u1wQm9Zp4kVtR2yXn7bH8eJcLd5sGq6aWoT0iU1fNrP3Yvw@mail.gmail.com>');
    expect(envelope).toEqual({ mailFrom: 'maria.jones@gmail.com', rcpt: [`reply+${TOKENS.gmail}@${DOMAIN}`] });
    expect(h.isKnownToken).toHaveBeenCalledWith(TOKENS.gmail);
  });

  it('windows-1251 Outlook reply in Russian: the text decoded, the history cut', async () => {
    const h = await listen();
    await send(h.smtp.port, fixture('outlook-reply-ru.eml'), { from: 'ivan.petrov@example.ru', to: [`reply+${TOKENS.outlook}@${DOMAIN}`] });
    expect(h.delivered.map((d) => d.mail.text)).toEqual([
      'Спасибо, заказ получил, всё в порядке.\n\nПодскажите, можно ли оформить возврат одной позиции?\n\nС уважением,\n\nИван Петров',
    ]);
  });

  it('the tokens are the envelope’s: a Bcc-like message naming no reply address still arrives, for the token it was sent to', async () => {
    const h = await listen();
    const raw = [
      'From: Visitor <visitor@example.org>',
      'To: someone@example.org',
      'Subject: hi',
      'Message-ID: <bcc.1@example.org>',
      '',
      'Is this still open?',
      '',
    ].join('\r\n');
    // The domain in another case, the token as the recipient wrote it.
    await send(h.smtp.port, raw, { from: 'visitor@example.org', to: [`reply+${TOKENS.gmail.toUpperCase()}@REPLY.EXAMPLE.COM`] });
    expect(h.delivered).toHaveLength(1);
    expect(h.delivered[0]!.mail.tokens).toEqual([TOKENS.gmail.toUpperCase()]);
    expect(h.delivered[0]!.mail.text).toBe('Is this still open?');
  });

  it('a reply address written in the headers but not in the envelope is not delivered to', async () => {
    const h = await listen();
    const raw = fixture('gmail-reply-en.eml')
      .toString('utf8')
      .replace(/^To: .*$/m, `To: reply+${TOKENS.gmail}@${DOMAIN}, reply+${TOKENS.ooo}@${DOMAIN}`);
    await send(h.smtp.port, raw, { from: 'maria.jones@gmail.com', to: [`reply+${TOKENS.gmail}@${DOMAIN}`] });
    expect(h.delivered.map((d) => d.mail.tokens)).toEqual([[TOKENS.gmail]]);
  });

  it('refuses at RCPT TO, with 550 5.1.1, an unknown token, another domain, postmaster and the like; nothing delivered', async () => {
    const h = await listen();
    const refused = [
      `reply+unknowntoken123@${DOMAIN}`,
      `reply+${TOKENS.gmail}@example.com`,
      `reply+${TOKENS.gmail}@evil.${DOMAIN}`,
      `postmaster@${DOMAIN}`,
      `abuse@${DOMAIN}`,
      'someone@gmail.com',
    ];
    for (const rcpt of refused) {
      const c = await RawSmtp.ready(h.smtp.port);
      expect(await c.command(`RCPT TO:<${rcpt}>`), rcpt).toMatch(/^550 5\.1\.1 No such recipient here$/);
      // Nothing accepted: DATA has no recipient to go to.
      expect(await c.command('DATA'), rcpt).toMatch(/^503 /);
      expect(await c.command('QUIT')).toMatch(/^221 /);
    }
    expect(h.isKnownToken.mock.calls).toEqual([['unknowntoken123']]);
    expect(h.deliver).not.toHaveBeenCalled();
  });

  it('refuses at RCPT TO through nodemailer too (the error a sending server gets)', async () => {
    const h = await listen();
    const err = await refusal(send(h.smtp.port, fixture('gmail-reply-en.eml'), { from: 'maria.jones@gmail.com', to: [`reply+nope@${DOMAIN}`] }));
    expect(err.responseCode).toBe(550);
    expect(err.command).toBe('RCPT TO');
    expect(h.deliver).not.toHaveBeenCalled();
  });

  it('a known and an unknown recipient: the message goes to the known one only', async () => {
    const h = await listen();
    const c = await RawSmtp.ready(h.smtp.port, 'maria.jones@gmail.com');
    expect(await c.command(`RCPT TO:<reply+nope@${DOMAIN}>`)).toMatch(/^550 /);
    expect(await c.command(`RCPT TO:<reply+${TOKENS.gmail}@${DOMAIN}>`)).toMatch(/^250 /);
    expect(await c.data(fixture('gmail-reply-en.eml'))).toMatch(/^250 /);
    expect(h.delivered.map((d) => [d.mail.tokens, d.envelope.rcpt])).toEqual([[[TOKENS.gmail], [`reply+${TOKENS.gmail}@${DOMAIN}`]]]);
  });

  it('no AUTH and no STARTTLS offered; SIZE advertised, a larger declared SIZE refused at MAIL FROM', async () => {
    const h = await listen();
    const c = await RawSmtp.open(h.smtp.port);
    expect(await c.reply()).toMatch(/^220 reply\.example\.com ESMTP/);
    const ehlo = await c.command('EHLO client.example.org');
    expect(ehlo).toContain(`SIZE ${MAX_BYTES}`);
    expect(ehlo).not.toMatch(/AUTH|STARTTLS/);
    expect(await c.command('STARTTLS')).toMatch(/^5\d\d /);
    expect(await c.command('AUTH PLAIN AHVzZXIAcGFzcw==')).toMatch(/^5\d\d /);
    expect(await c.command(`MAIL FROM:<a@example.org> SIZE=${MAX_BYTES + 1}`)).toMatch(/^552 /);
  });

  it('an oversized message is refused with 552, nothing delivered, and the listener answers the next session', async () => {
    const h = await listen();
    const big = Buffer.concat([fixture('gmail-reply-en.eml'), Buffer.from(`\n${'x'.repeat(76)}\n`.repeat(Math.ceil(MAX_BYTES / 78) + 10))]);
    const err = await refusal(send(h.smtp.port, big, { from: 'maria.jones@gmail.com', to: [`reply+${TOKENS.gmail}@${DOMAIN}`] }));
    expect(err.responseCode).toBe(552);
    expect(h.deliver).not.toHaveBeenCalled();
    // A client that does not declare SIZE, over a raw socket: the same.
    const c = await RawSmtp.ready(h.smtp.port, 'maria.jones@gmail.com');
    expect(await c.command(`RCPT TO:<reply+${TOKENS.gmail}@${DOMAIN}>`)).toMatch(/^250 /);
    expect(await c.data(big)).toMatch(/^552 5\.3\.4 /);
    // The connection goes on: another message in it is fine.
    expect(await c.command('MAIL FROM:<maria.jones@gmail.com>')).toMatch(/^250 /);
    expect(await c.command(`RCPT TO:<reply+${TOKENS.gmail}@${DOMAIN}>`)).toMatch(/^250 /);
    expect(await c.data(fixture('gmail-reply-en.eml'))).toMatch(/^250 /);
    expect(h.delivered).toHaveLength(1);
    await stillServes(h);
  });

  it('garbage: binary DATA, the garbage fixture, binary commands, a client gone mid-DATA; no crash, nothing delivered, next session fine', async () => {
    const h = await listen();
    const rcpt = `RCPT TO:<reply+${TOKENS.gmail}@${DOMAIN}>`;

    const a = await RawSmtp.ready(h.smtp.port);
    expect(await a.command(rcpt)).toMatch(/^250 /);
    expect(await a.data(Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256).filter((b) => b !== 10 && b !== 13)))).toMatch(/^250 /);
    expect(await a.command('MAIL FROM:<visitor@example.org>')).toMatch(/^250 /);
    expect(await a.command(rcpt)).toMatch(/^250 /);
    expect(await a.data(fixture('garbage.eml'))).toMatch(/^250 /);

    const b = await RawSmtp.open(h.smtp.port);
    expect(await b.reply()).toMatch(/^220 /);
    expect(await b.command('\x00\xff\xfe GARBAGE \x1b[2J')).toMatch(/^5\d\d /);
    expect(await b.command(`EHLO ${'a'.repeat(5000)}`)).toMatch(/^\d{3}/);
    expect(await b.command('MAIL FROM:<<<>>>')).toMatch(/^5\d\d /);

    const c = await RawSmtp.ready(h.smtp.port);
    expect(await c.command(rcpt)).toMatch(/^250 /);
    expect(await c.command('DATA')).toMatch(/^354 /);
    c.write('From: a@example.org\r\nSubject: half\r\n\r\nhalf a mess');
    c.destroy();
    await c.closed;

    expect(h.deliver).not.toHaveBeenCalled();
    expect(h.logs.some((l) => l.includes('dropped: malformed'))).toBe(true);
    await stillServes(h);
  });

  it('an auto-reply (Auto-Submitted) is answered 250 and dropped, and logged', async () => {
    const h = await listen();
    const info = await send(h.smtp.port, fixture('auto-reply-ooo.eml'), { from: 'anna.schmidt@contoso.example', to: [`reply+${TOKENS.ooo}@${DOMAIN}`] });
    expect(info.response).toMatch(/^250 /);
    expect(h.deliver).not.toHaveBeenCalled();
    expect(h.logs.some((l) => l.includes('dropped: auto-reply'))).toBe(true);
  });

  it('the null sender (MAIL FROM:<>) is accepted and its message dropped, even a human-looking reply', async () => {
    const h = await listen();
    const c = await RawSmtp.ready(h.smtp.port, '');
    expect(await c.command(`RCPT TO:<reply+${TOKENS.gmail}@${DOMAIN}>`)).toMatch(/^250 /);
    expect(await c.data(fixture('gmail-reply-en.eml'))).toMatch(/^250 /);
    expect(h.deliver).not.toHaveBeenCalled();
    expect(h.logs.some((l) => l.includes('null sender'))).toBe(true);
  });

  it('a message without Return-Path gets the envelope’s: a real sender is delivered', async () => {
    const h = await listen();
    const raw = fixture('gmail-reply-en.eml')
      .toString('utf8')
      .replace(/^Return-Path:.*\n/m, '');
    expect(raw).not.toMatch(/^Return-Path:/im);
    await send(h.smtp.port, raw, { from: 'maria.jones@gmail.com', to: [`reply+${TOKENS.gmail}@${DOMAIN}`] });
    expect(h.delivered).toHaveLength(1);
  });

  it('deliver throwing is answered 451 (the sending server retries); the listener goes on', async () => {
    const h = await listen();
    h.deliver.mockRejectedValueOnce(new Error('database is locked'));
    const err = await refusal(send(h.smtp.port, fixture('gmail-reply-en.eml'), { from: 'maria.jones@gmail.com', to: [`reply+${TOKENS.gmail}@${DOMAIN}`] }));
    expect(err.responseCode).toBe(451);
    expect(err.response).toBe('451 4.3.0 Cannot store the message now, try again later');
    expect(h.logs.some((l) => l.includes('delivery failed: database is locked'))).toBe(true);
    // The retry goes through.
    await stillServes(h);
  });

  it('deliver hanging is answered 451 after the callback timeout; a token check failing is 451 at RCPT TO', async () => {
    const h = await listen({ callbackTimeoutMs: 200 });
    h.deliver.mockImplementationOnce(() => new Promise(() => {}));
    const err = await refusal(send(h.smtp.port, fixture('gmail-reply-en.eml'), { from: 'maria.jones@gmail.com', to: [`reply+${TOKENS.gmail}@${DOMAIN}`] }));
    expect(err.responseCode).toBe(451);
    h.isKnownToken.mockRejectedValueOnce(new Error('storage down'));
    const c = await RawSmtp.ready(h.smtp.port);
    expect(await c.command(`RCPT TO:<reply+${TOKENS.gmail}@${DOMAIN}>`)).toBe('451 4.3.0 Cannot check this recipient now, try again later');
  });

  it('a logger that throws does not take the session down', async () => {
    const smtp = await startInboundSmtp({
      port: 0,
      host: '127.0.0.1',
      inboundDomain: DOMAIN,
      maxBytes: MAX_BYTES,
      isKnownToken: async () => false,
      deliver: async () => {},
      log: () => {
        throw new Error('log sink down');
      },
    });
    open.push(smtp);
    const c = await RawSmtp.ready(smtp.port);
    expect(await c.command(`RCPT TO:<reply+x@${DOMAIN}>`)).toMatch(/^550 /);
  });
});

describe('inbound SMTP: limits', () => {
  it('at most maxRecipients recipients a message (452 for more)', async () => {
    const h = await listen({ maxRecipients: 2 });
    const c = await RawSmtp.ready(h.smtp.port);
    expect(await c.command(`RCPT TO:<reply+${TOKENS.gmail}@${DOMAIN}>`)).toMatch(/^250 /);
    expect(await c.command(`RCPT TO:<reply+${TOKENS.ooo}@${DOMAIN}>`)).toMatch(/^250 /);
    expect(await c.command(`RCPT TO:<reply+${TOKENS.outlook}@${DOMAIN}>`)).toMatch(/^452 /);
  });

  it('a client guessing recipients is disconnected after maxRefusedRecipients', async () => {
    const h = await listen({ maxRefusedRecipients: 3 });
    const c = await RawSmtp.ready(h.smtp.port);
    expect(await c.command(`RCPT TO:<reply+guess1@${DOMAIN}>`)).toMatch(/^550 /);
    expect(await c.command(`RCPT TO:<reply+guess2@${DOMAIN}>`)).toMatch(/^550 /);
    expect(await c.command(`RCPT TO:<reply+guess3@${DOMAIN}>`)).toMatch(/^421 /);
    await c.closed;
    expect(h.isKnownToken).toHaveBeenCalledTimes(3);
  });

  it('maxClients: the client over the limit is told 421 and closed; a slot freed serves again', async () => {
    const h = await listen({ maxClients: 3 });
    const held = await Promise.all([1, 2, 3].map(() => RawSmtp.open(h.smtp.port)));
    for (const c of held) expect(await c.reply()).toMatch(/^220 /);
    const over = await RawSmtp.open(h.smtp.port);
    expect(await over.reply()).toMatch(/^421 /);
    await over.closed;
    held[0]!.destroy();
    await held[0]!.closed;
    await vi.waitFor(async () => {
      const again = await RawSmtp.open(h.smtp.port);
      expect(await again.reply()).toMatch(/^220 /);
    });
  });

  it('connections at once from one address: the one over the limit is refused, others still served after', async () => {
    const h = await listen({ perIpConnections: 2 });
    const a = await RawSmtp.open(h.smtp.port);
    const b = await RawSmtp.open(h.smtp.port);
    expect(await a.reply()).toMatch(/^220 /);
    expect(await b.reply()).toMatch(/^220 /);
    const c = await RawSmtp.open(h.smtp.port);
    expect(await c.reply()).toMatch(/^421 /);
    await c.closed;
    a.destroy();
    await a.closed;
    // onClose runs on the next tick: give the count back, then the address has a slot again.
    await vi.waitFor(async () => {
      const d = await RawSmtp.open(h.smtp.port);
      expect(await d.reply()).toMatch(/^220 /);
      d.destroy();
    });
  });

  it('connections a minute from one address: over the rate, refused even with nothing open', async () => {
    const h = await listen({ perIpPerMinute: 3 });
    for (let i = 0; i < 3; i++) {
      const c = await RawSmtp.open(h.smtp.port);
      expect(await c.reply()).toMatch(/^220 /);
      expect(await c.command('QUIT')).toMatch(/^221 /);
      await c.closed;
    }
    const over = await RawSmtp.open(h.smtp.port);
    expect(await over.reply()).toMatch(/^421 /);
    expect(h.logs.some((l) => l.includes('too many connections a minute'))).toBe(true);
  });

  it('an idle client is disconnected after the socket timeout', async () => {
    const h = await listen({ socketTimeoutMs: 300 });
    const c = await RawSmtp.open(h.smtp.port);
    expect(await c.reply()).toMatch(/^220 /);
    const started = Date.now();
    expect(await c.reply()).toMatch(/^421 /);
    await c.closed;
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('messages per connection are capped', async () => {
    const h = await listen({ maxMessagesPerConnection: 2 });
    const c = await RawSmtp.ready(h.smtp.port, 'maria.jones@gmail.com');
    for (let i = 0; i < 2; i++) {
      if (i > 0) expect(await c.command('MAIL FROM:<maria.jones@gmail.com>')).toMatch(/^250 /);
      expect(await c.command(`RCPT TO:<reply+${TOKENS.gmail}@${DOMAIN}>`)).toMatch(/^250 /);
      expect(await c.data(fixture('gmail-reply-en.eml'))).toMatch(/^250 /);
    }
    expect(await c.command('MAIL FROM:<maria.jones@gmail.com>')).toMatch(/^421 /);
    await c.closed;
  });

  it('many clients at once: the limits hold, every session is answered, the listener serves after', async () => {
    const h = await listen({ maxClients: 10, perIpConnections: 100 });
    const clientsAtOnce = await Promise.all(Array.from({ length: 30 }, () => RawSmtp.open(h.smtp.port)));
    const greetings = await Promise.all(clientsAtOnce.map((c) => c.reply()));
    expect(greetings.filter((g) => g.startsWith('220 '))).toHaveLength(10);
    expect(greetings.filter((g) => g.startsWith('421 '))).toHaveLength(20);
    for (const c of clientsAtOnce) c.destroy();
    await Promise.all(clientsAtOnce.map((c) => c.closed));
    await vi.waitFor(() => stillServes(h));
  });
});

describe('inbound SMTP: start and stop', () => {
  it('close() stops listening; a port in use rejects the start', async () => {
    const h = await listen();
    await expect(
      startInboundSmtp({
        port: h.smtp.port,
        host: '127.0.0.1',
        inboundDomain: DOMAIN,
        maxBytes: MAX_BYTES,
        isKnownToken: async () => true,
        deliver: async () => {},
        log: () => {},
      }),
    ).rejects.toThrow(/EADDRINUSE/);
    await h.smtp.close();
    await expect(RawSmtp.open(h.smtp.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});
