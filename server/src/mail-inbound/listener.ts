/**
 * The built-in inbound SMTP listener (`ATENDO_INBOUND_SMTP_PORT`): the last hop of a visitor's
 * e-mail answer. Transport only: it decides what may come in, hands the raw message to
 * `parseInbound`, and gives a reply to the injected `deliver`; it stores nothing itself.
 *
 * - Never an open relay: `RCPT TO` accepts only `reply+<token>@<inboundDomain>` (the domain compared
 *   case-insensitively) for a token `isKnownToken` knows; anything else, postmaster included, gets
 *   `550 5.1.1`. At most a few recipients a message; a client that keeps guessing is disconnected.
 * - No AUTH (nobody logs in to send here) and no STARTTLS: offering it would need the operator's
 *   certificate, and smtp-server's built-in one has a published private key. Sending servers then
 *   deliver in clear text (they only use TLS when offered); a relay in front of Atendo, or the
 *   webhook, is the way to have TLS.
 * - Size: `SIZE <maxBytes>` is advertised, a `MAIL FROM` declaring more is refused, and a message
 *   that goes over anyway is answered `552` and never parsed (only `maxBytes` of it are kept).
 * - The null sender (`MAIL FROM:<>`: a bounce or an auto-reply) is accepted, as RFC 5321 §4.5.5
 *   requires, and its message is answered `250` and dropped unread: never delivered, and no bounce of
 *   a bounce. Refusing it would gain nothing (its sender cannot be told) and breaks the RFC.
 * - What the parser drops (auto-replies, lists, garbage) is answered `250` and logged: a refusal
 *   would make the sending server write a bounce to an address that may be forged (backscatter).
 * - A `deliver` that fails (or takes longer than `deliverTimeoutMs`) is answered `451`: the sending
 *   server keeps the message and tries again later; the message's `Message-ID` lets the store keep a
 *   message delivered twice once.
 * - Limits so that one client cannot hold the listener: clients at once (`maxClients`), connections
 *   at once and per minute from one address (an IPv6 /64 counts as one), an idle timeout, messages
 *   per connection. Errors of sockets and of the server are logged, never thrown.
 *
 * The tokens given to `deliver` are the envelope's (the recipients accepted at `RCPT TO`), not those
 * written in the headers: the envelope is what was checked, and a message copied to two reply
 * addresses arrives once per transaction anyway. The envelope's recipients are added to the message
 * as `X-Original-To` (as Postfix does on final delivery) so a message that names none in its headers
 * (Bcc, a forwarding alias) still parses as a reply.
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { addressKey } from '../security/ip';
import { RateLimiter } from '../security/rate-limit';
import { parseInbound, type InboundMail } from './parse';

/** What `parseInbound` gives for a visitor's reply. */
export type ReplyMail = Extract<InboundMail, { kind: 'reply' }>;

/** The SMTP envelope of a delivered message: the sender (`null` for `MAIL FROM:<>`) and the accepted recipients. */
export interface InboundEnvelope {
  mailFrom: string | null;
  rcpt: string[];
}

export interface InboundSmtpLimits {
  /** Clients connected at once, whoever they are (smtp-server answers the next `421`). */
  maxClients: number;
  /** Connections at once from one address. */
  perIpConnections: number;
  /** New connections a minute from one address (a burst of that many, then refilled evenly). */
  perIpPerMinute: number;
  /** A client silent this long while it owes us a command or data is disconnected (`421`). */
  socketTimeoutMs: number;
  /** Recipients a message (`452` for more). */
  maxRecipients: number;
  /** Recipients refused in one connection before it is closed (`421`): nobody guesses tokens for long. */
  maxRefusedRecipients: number;
  /** Messages (transactions) in one connection; the next `MAIL FROM` is answered `421`. */
  maxMessagesPerConnection: number;
  /** `isKnownToken` and `deliver` taking longer than this count as failed (`451`). */
  callbackTimeoutMs: number;
  /** On `close()`, clients still connected after this long are disconnected. */
  closeTimeoutMs: number;
}

export const DEFAULT_INBOUND_SMTP_LIMITS: InboundSmtpLimits = {
  maxClients: 100,
  perIpConnections: 5,
  perIpPerMinute: 30,
  socketTimeoutMs: 30_000,
  maxRecipients: 5,
  maxRefusedRecipients: 5,
  maxMessagesPerConnection: 20,
  callbackTimeoutMs: 60_000,
  closeTimeoutMs: 5_000,
};

export interface InboundSmtpOptions {
  port: number;
  host: string;
  /** The domain of reply addresses (`ATENDO_INBOUND_DOMAIN`); also the name in the greeting. */
  inboundDomain: string;
  /** Largest message accepted, in bytes. */
  maxBytes: number;
  /** Does this reply token belong to a conversation? Asked at `RCPT TO`; a throw answers `451`. */
  isKnownToken(token: string): Promise<boolean>;
  /** Store the visitor's reply; `mail.tokens` are the envelope's. A throw answers `451` (the sender retries). */
  deliver(mail: ReplyMail, envelope: InboundEnvelope): Promise<void>;
  log?: (msg: string) => void;
  limits?: Partial<InboundSmtpLimits>;
}

export interface InboundSmtp {
  /** The port listened on (the one chosen by the system when `port` was 0). */
  port: number;
  close(): Promise<void>;
}

const REPLY_ADDRESS = /^reply\+([A-Za-z0-9_-]{1,200})@(.+)$/i;

const normalDomain = (domain: string) => domain.trim().replace(/\.$/, '').toLowerCase();

/** The token of a reply address of `domain`, or null for any other address. */
export function replyToken(address: string, domain: string): string | null {
  const m = REPLY_ADDRESS.exec(address.trim());
  return m && normalDomain(m[2]!) === normalDomain(domain) ? m[1]! : null;
}

/** An error whose `responseCode` smtp-server answers with (it adds the enhanced status code: 550 5.1.1, 451 4.3.0). */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** `promise`, or a rejection once `ms` have passed. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** What this listener keeps about a session, beside smtp-server's own. */
interface SessionState {
  ip: string;
  /** Counted in the address's connections at once (so `onClose` gives it back). */
  counted: boolean;
  refused: number;
}

export async function startInboundSmtp(opts: InboundSmtpOptions): Promise<InboundSmtp> {
  const limits: InboundSmtpLimits = { ...DEFAULT_INBOUND_SMTP_LIMITS, ...opts.limits };
  const log = opts.log ?? ((msg: string) => console.log(msg));
  const say = (session: SMTPServerSession | undefined, msg: string) => {
    try {
      log(`inbound smtp${session ? ` ${session.id} [${session.remoteAddress}]` : ''}: ${msg}`);
    } catch {
      // a logger that throws must not take a session down
    }
  };

  const sessions = new Map<string, SessionState>();
  const openPerIp = new Map<string, number>();
  const connectRate = new RateLimiter(limits.perIpPerMinute, 60_000);

  const state = (session: SMTPServerSession): SessionState => {
    let s = sessions.get(session.id);
    if (!s) {
      s = { ip: addressKey(session.remoteAddress || 'unknown'), counted: false, refused: 0 };
      sessions.set(session.id, s);
    }
    return s;
  };

  function onConnect(session: SMTPServerSession, callback: (err?: Error | null) => void) {
    const s = state(session);
    const open = openPerIp.get(s.ip) ?? 0;
    if (open >= limits.perIpConnections) {
      say(session, `refused: ${open} connections already open from this address`);
      return callback(smtpError(421, 'Too many connections from your address, try again later'));
    }
    if (!connectRate.hit(s.ip).ok) {
      say(session, 'refused: too many connections a minute from this address');
      return callback(smtpError(421, 'Too many connections from your address, try again later'));
    }
    openPerIp.set(s.ip, open + 1);
    s.counted = true;
    callback();
  }

  function onClose(session: SMTPServerSession) {
    const s = sessions.get(session.id);
    sessions.delete(session.id);
    if (!s?.counted) return;
    const open = (openPerIp.get(s.ip) ?? 1) - 1;
    if (open > 0) openPerIp.set(s.ip, open);
    else openPerIp.delete(s.ip);
  }

  function onMailFrom(_address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
    // `session.transaction` counts from 1; the envelope (the sender included) is smtp-server's.
    if (session.transaction > limits.maxMessagesPerConnection) {
      return callback(smtpError(421, 'Too many messages in one connection, reconnect to send more'));
    }
    callback();
  }

  function onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) {
    const s = state(session);
    const refuse = (why: string) => {
      s.refused++;
      say(session, `refused recipient: ${why}`);
      if (s.refused >= limits.maxRefusedRecipients) return callback(smtpError(421, 'Too many unknown recipients, closing the connection'));
      callback(smtpError(550, 'No such recipient here'));
    };
    const token = replyToken(address.address, opts.inboundDomain);
    if (!token) return refuse('not a reply address');
    withTimeout(opts.isKnownToken(token), limits.callbackTimeoutMs, 'isKnownToken').then(
      (known) => {
        if (!known) return refuse('unknown token');
        callback();
      },
      (err: unknown) => {
        say(session, `token check failed: ${describe(err)}`);
        callback(smtpError(451, 'Cannot check this recipient now, try again later'));
      },
    );
  }

  function onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
    const chunks: Buffer[] = [];
    let kept = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      if (over) return;
      if (kept + chunk.length > opts.maxBytes) {
        // The rest is read and thrown away; smtp-server answers 552 once it has all come.
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
      kept += chunk.length;
    });
    // A client gone in the middle of the message: nothing to answer, nothing to deliver.
    stream.on('error', (err) => say(session, `message not received in full: ${describe(err)}`));
    stream.on('end', () => {
      if (over || stream.sizeExceeded) {
        say(session, `refused: message over ${opts.maxBytes} bytes`);
        return callback(smtpError(552, 'Message too big'));
      }
      const raw = Buffer.concat(chunks, kept);
      receive(raw, session).then(
        (answer) => callback(null, answer),
        (err: Error) => callback(err),
      );
    });
  }

  /** The answer to a whole message: a 250 text, or a rejection carrying `responseCode`. */
  async function receive(raw: Buffer, session: SMTPServerSession): Promise<string> {
    const from = session.envelope.mailFrom;
    const mailFrom = from && from.address ? from.address : null;
    const rcpt = session.envelope.rcptTo.map((r) => r.address);
    // The recipients accepted at RCPT TO are reply addresses of known tokens: their tokens, each once.
    const tokens: string[] = [];
    for (const r of rcpt) {
      const token = replyToken(r, opts.inboundDomain);
      if (token && !tokens.some((t) => t.toLowerCase() === token.toLowerCase())) tokens.push(token);
    }
    if (mailFrom === null) {
      say(session, 'dropped: null sender (a bounce or an auto-reply)');
      return 'OK: accepted';
    }
    // What the final delivery adds: the envelope's sender (the parser drops an empty one) and recipients.
    const clean = (s: string) => s.replace(/[\r\n<>]/g, '');
    const added: string[] = [];
    if (!/^return-path:/im.test(headerBlock(raw))) added.push(`Return-Path: <${clean(mailFrom)}>`);
    for (const r of rcpt) added.push(`X-Original-To: ${clean(r)}`);
    const prefix = Buffer.from(added.map((h) => `${h}\r\n`).join(''), 'utf8');

    const mail = await parseInbound(Buffer.concat([prefix, raw]), { inboundDomain: opts.inboundDomain, maxBytes: opts.maxBytes + prefix.length });
    if (mail.kind === 'dropped') {
      say(session, `dropped: ${mail.reason}`);
      return 'OK: accepted';
    }
    try {
      await withTimeout(opts.deliver({ ...mail, tokens }, { mailFrom, rcpt }), limits.callbackTimeoutMs, 'deliver');
    } catch (err) {
      say(session, `delivery failed: ${describe(err)}`);
      throw smtpError(451, 'Cannot store the message now, try again later');
    }
    return 'OK: delivered';
  }

  const server = new SMTPServer({
    name: normalDomain(opts.inboundDomain) || undefined,
    banner: 'Atendo',
    logger: false,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideENHANCEDSTATUSCODES: false,
    size: opts.maxBytes,
    rejectOversized: true,
    maxClients: limits.maxClients,
    socketTimeout: limits.socketTimeoutMs,
    closeTimeout: limits.closeTimeoutMs,
    maxRecipients: limits.maxRecipients,
    disableReverseLookup: true,
    onConnect,
    onClose,
    onMailFrom,
    onRcptTo,
    onData,
  });
  // A socket's error inside a transaction, or the listener's own: logged, never thrown (an 'error'
  // event without a listener would end the process).
  server.on('error', (err: Error & { code?: string }) => say(undefined, `error: ${err.code ? `${err.code} ` : ''}${describe(err)}`));

  await new Promise<void>((resolve, reject) => {
    const failed = (err: Error) => reject(err);
    server.server.once('error', failed);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', failed);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  say(undefined, `listening on ${opts.host}:${port} for reply+…@${normalDomain(opts.inboundDomain)}`);

  let closing: Promise<void> | undefined;
  return {
    port,
    close: () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}

/** The message's header block (up to the first empty line), as text, to look for a header. */
function headerBlock(raw: Buffer): string {
  const text = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}
