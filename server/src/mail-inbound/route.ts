/**
 * `POST /api/v1/inbound/email`: a mail provider's inbound webhook (`ATENDO_INBOUND_SECRET`), the same
 * path as the SMTP listener for providers that receive the mail for us. The body is the raw message
 * (`Content-Type: message/rfc822`); `Authorization: Bearer <secret>` proves it comes from the provider.
 *
 * Answers, in this order: 401 without the secret (compared in constant time), 415 for another type,
 * 413 over `maxBytes` (before the body is read when Content-Length says so, while reading otherwise);
 * then the message is parsed: a reply is delivered and answered `202 { accepted: true }`; what the
 * parser drops (auto-replies, bounces, lists, garbage) is `202 { accepted: false, reason }`, a success
 * so that providers do not retry junk (and so is a reply whose token no conversation has: `deliver`
 * says so); a `deliver` that fails is `503` with `Retry-After`, so that
 * they do retry (the message's `Message-ID` keeps a message delivered twice stored once).
 *
 * Mount it under `/api/v1` before the API's own 64 KB body limit and its same-origin/JSON-only check
 * (as the attachment routes are): a provider sends neither an Origin nor JSON.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ErrorBody } from '@atendo/shared';
import { AppError, errorReply } from '../domain/errors';
import type { AppEnv } from '../http/context';
import { route } from '../http/spec';
import type { ReplyMail } from './listener';
import type { DropReason } from './parse';

export interface InboundWebhookOptions {
  /** `ATENDO_INBOUND_SECRET`: the bearer token the provider sends. */
  secret: string;
  /** The domain of reply addresses (`ATENDO_INBOUND_DOMAIN`). */
  inboundDomain: string;
  /** Largest message accepted, in bytes. */
  maxBytes: number;
  /**
   * Store the visitor's reply (`mail.tokens`: the reply addresses found in its headers). A throw
   * answers 503; `{ dropped: reason }` (a token no conversation has any more) answers
   * `202 { accepted: false, reason }`, as the parser's drops are.
   */
  deliver(mail: ReplyMail): Promise<void | { dropped: DropReason }>;
  /** Where dropped messages and failed deliveries are told (console.log by default). */
  log?: (msg: string) => void;
}

/** The webhook's success body. */
export type InboundWebhookResponse = { accepted: true } | { accepted: false; reason: DropReason };

const PATH = '/inbound/email';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

const inboundSpec = route({
  summary: 'Deliver an e-mail a visitor sent to a conversation’s reply address (from your mail provider)',
  description:
    'For mail providers that receive the mail for you (the same path as Atendo’s own SMTP listener; docs/operating.md, “E-mail”). ' +
    'Mounted only when `ATENDO_INBOUND_SECRET` and `ATENDO_INBOUND_DOMAIN` are set; the provider sends `Authorization: Bearer <ATENDO_INBOUND_SECRET>`, no `Origin` and no JSON. ' +
    'The body is the raw message (`Content-Type: message/rfc822`), at most `ATENDO_INBOUND_MAX_MB`.\n\n' +
    'Checked in this order: the secret (401), the type (415), the size (413). A reply is stored in its conversation; what is dropped for good ' +
    '(auto-replies, bounces, mailing lists, unreadable mail, a reply address no conversation has) is a success too, so that the provider does not retry junk. ' +
    'A message delivered twice is stored once (by its `Message-ID`).',
  tag: 'E-mail',
  auth: 'secret',
  rawBody: { type: 'message/rfc822', description: 'The raw e-mail (RFC 5322)' },
  responses: {
    202: '`{ accepted: true }` (stored) or `{ accepted: false, reason }` (dropped for good: `auto-reply`, `bounce`, `list`, `no-token`, `empty`, `too-large` or `malformed`)',
    401: 'No valid secret',
    413: 'Too large',
    415: 'Not `message/rfc822`',
    503: 'Storing failed: retry after `Retry-After` (60 s)',
  },
});

/** Routes to mount under `/api/v1`. */
export function inboundEmailRoutes(opts: InboundWebhookOptions) {
  if (!opts.secret) throw new Error('inboundEmailRoutes: the secret must not be empty');
  // Hashes of equal length: the comparison takes the same time whatever the length of a guess.
  const expected = digest(opts.secret);
  const where = `POST /api/v1${PATH}`;
  const log = opts.log ?? ((msg: string) => console.log(msg));

  return new Hono<AppEnv>()
    .post(
      PATH,
      inboundSpec,
      async (c, next) => {
        const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
        if (!timingSafeEqual(digest(given), expected) || !given) {
          c.header('WWW-Authenticate', 'Bearer');
          throw new AppError('unauthorized', 'A valid inbound secret is required');
        }
        if (!/^message\/rfc822[ \t]*(;|$)/i.test(c.req.header('content-type') ?? '')) {
          throw new AppError('unsupported_media_type', 'Content-Type must be message/rfc822');
        }
        await next();
      },
      bodyLimit({
        maxSize: opts.maxBytes,
        onError: (c) => {
          // The rest of a refused body is not worth reading.
          c.header('Connection', 'close');
          throw new AppError('payload_too_large', `The message is larger than ${opts.maxBytes} bytes`);
        },
      }),
      async (c) => {
        const raw = Buffer.from(await c.req.arrayBuffer());
        // The parser (mailparser) is loaded with the first mail, not at start: it costs about 200 ms and 30 MB.
        const { parseInbound } = await import('./parse');
        const mail = await parseInbound(raw, { inboundDomain: opts.inboundDomain, maxBytes: opts.maxBytes });
        if (mail.kind === 'dropped') {
          log(`inbound webhook: dropped: ${mail.reason}`);
          return c.json<InboundWebhookResponse>({ accepted: false, reason: mail.reason }, 202);
        }
        let outcome: void | { dropped: DropReason };
        try {
          outcome = await opts.deliver(mail);
        } catch (err) {
          // errorReply logs what is not an AppError; an AppError is told here, since it is answered 503 too.
          const { code, message } = errorReply(err, where);
          if (err instanceof AppError) log(`inbound webhook: delivery failed: ${err.code}: ${err.message}`);
          c.header('Retry-After', '60');
          return c.json<ErrorBody>({ error: { code, message } }, 503);
        }
        if (outcome) {
          log(`inbound webhook: dropped: ${outcome.dropped}`);
          return c.json<InboundWebhookResponse>({ accepted: false, reason: outcome.dropped }, 202);
        }
        return c.json<InboundWebhookResponse>({ accepted: true }, 202);
      },
    )
    .onError((err, c) => answerError(err, c, where));
}

/** The API's error answer (as `createApp`'s onError gives it), so that the sub-app answers alike wherever it is mounted. */
function answerError(err: Error, c: Context<AppEnv>, where: string) {
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? 'payload_too_large' : 'bad_request';
    return c.json<ErrorBody>({ error: { code, message: err.message || 'Bad request' } }, err.status);
  }
  const { status, code, message } = errorReply(err, where);
  return c.json<ErrorBody>({ error: { code, message } }, status as 400);
}
