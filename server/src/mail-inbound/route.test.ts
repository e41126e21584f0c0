import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../domain/errors';
import type { ReplyMail } from './listener';
import { inboundEmailRoutes } from './route';

const DOMAIN = 'reply.example.com';
const SECRET = 'whsec_0123456789abcdefghijklmnopqrstuv';
const MAX_BYTES = 64 * 1024;
const URL_ = 'http://atendo.test/api/v1/inbound/email';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

function setup() {
  const delivered: ReplyMail[] = [];
  const logs: string[] = [];
  const deliver = vi.fn(async (mail: ReplyMail) => {
    delivered.push(mail);
  });
  // Mounted as the app will: under /api/v1.
  const app = new Hono().route(
    '/api/v1',
    inboundEmailRoutes({ secret: SECRET, inboundDomain: DOMAIN, maxBytes: MAX_BYTES, deliver, log: (m) => logs.push(m) }),
  );
  const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
    app.request(URL_, { method: 'POST', body, headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'message/rfc822', ...headers } });
  return { app, post, deliver, delivered, logs };
}

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  return body.error;
}

describe('POST /api/v1/inbound/email', () => {
  it('a reply: 202 accepted, delivered once with the reply only', async () => {
    const { post, delivered } = setup();
    const res = await post(fixture('gmail-reply-en.eml'));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: true });
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.tokens).toEqual(['sbglkhdsk242f4xnngfrc6dsysip57ia']);
    expect(delivered[0]!.text).toBe('Thanks! The new invoice arrived and the amount is right now.\n\nCould you also send the receipt for November?\n\nMaria');
    expect(delivered[0]!.from.address).toBe('maria.jones@gmail.com');
  });

  it('the type may carry parameters and any case', async () => {
    const { post, delivered } = setup();
    expect((await post(fixture('gmail-reply-pt-br.eml'), { 'content-type': 'Message/RFC822; charset=utf-8' })).status).toBe(202);
    expect(delivered).toHaveLength(1);
  });

  it('an auto-reply, a bounce, list mail, garbage: 202 accepted:false with the reason, nothing delivered', async () => {
    const { post, deliver, logs } = setup();
    for (const [file, reason] of [
      ['auto-reply-ooo.eml', 'auto-reply'],
      ['bounce-dsn.eml', 'bounce'],
      ['mailing-list.eml', 'list'],
      ['no-token.eml', 'no-token'],
      ['garbage.eml', 'malformed'],
    ] as const) {
      const res = await post(fixture(file));
      expect(res.status, file).toBe(202);
      expect(await res.json(), file).toEqual({ accepted: false, reason });
    }
    const empty = await post('');
    expect(await empty.json()).toEqual({ accepted: false, reason: 'malformed' });
    expect(deliver).not.toHaveBeenCalled();
    expect(logs).toContain('inbound webhook: dropped: auto-reply');
  });

  it('a missing, wrong or malformed secret: 401 with the API’s error body, nothing parsed', async () => {
    const { post, deliver } = setup();
    for (const authorization of ['', SECRET, `Bearer ${SECRET}x`, `Bearer ${SECRET.slice(0, -1)}`, 'Bearer ', `Basic ${SECRET}`, `Bearer ${SECRET} extra`]) {
      const res = await post(fixture('gmail-reply-en.eml'), { authorization });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect((await errorOf(res)).code).toBe('unauthorized');
    }
    const res = await setup().app.request(URL_, { method: 'POST', body: fixture('gmail-reply-en.eml'), headers: { 'content-type': 'message/rfc822' } });
    expect(res.status).toBe(401);
    expect(deliver).not.toHaveBeenCalled();
  });

  it('the scheme is case-insensitive', async () => {
    const { post } = setup();
    expect((await post(fixture('gmail-reply-en.eml'), { authorization: `bearer ${SECRET}` })).status).toBe(202);
  });

  it('another type: 415', async () => {
    const { post, deliver } = setup();
    for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x', 'message/rfc822x', '']) {
      const res = await post(fixture('gmail-reply-en.eml'), { 'content-type': type });
      expect(res.status, type).toBe(415);
      expect((await errorOf(res)).code).toBe('unsupported_media_type');
    }
    expect(deliver).not.toHaveBeenCalled();
  });

  it('too large: 413, by Content-Length or while streaming', async () => {
    const { post, deliver } = setup();
    const big = Buffer.concat([fixture('gmail-reply-en.eml'), Buffer.alloc(MAX_BYTES, 'x')]);
    const res = await post(big, { 'content-length': String(big.length) });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('payload_too_large');
    // No Content-Length: a stream, counted while read.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(MAX_BYTES / 4));
        controller.close();
      },
    });
    const streamed = await setup().app.request(URL_, {
      method: 'POST',
      body: stream,
      headers: { authorization: `Bearer ${SECRET}`, 'content-type': 'message/rfc822' },
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(deliver).not.toHaveBeenCalled();
  });

  it('the secret is checked before the type and the size', async () => {
    const { post } = setup();
    const res = await post(Buffer.alloc(MAX_BYTES * 2, 'x'), { authorization: 'Bearer nope', 'content-type': 'text/plain' });
    expect(res.status).toBe(401);
  });

  it('deliver throwing: 503 with Retry-After (the provider retries), the API’s error body; then a retry is accepted', async () => {
    const { post, deliver, logs } = setup();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      deliver.mockRejectedValueOnce(new Error('database is locked'));
      const res = await post(fixture('gmail-reply-en.eml'));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('60');
      expect(await errorOf(res)).toEqual({ code: 'internal', message: 'Something went wrong on our side' });
      expect(errors).toHaveBeenCalled();

      deliver.mockRejectedValueOnce(new AppError('conflict', 'busy'));
      const app = await post(fixture('gmail-reply-en.eml'));
      expect(app.status).toBe(503);
      expect(await errorOf(app)).toEqual({ code: 'conflict', message: 'busy' });
      expect(logs).toContain('inbound webhook: delivery failed: conflict: busy');
    } finally {
      errors.mockRestore();
    }
    expect((await post(fixture('gmail-reply-en.eml'))).status).toBe(202);
  });

  it('an empty secret is refused at setup', () => {
    expect(() => inboundEmailRoutes({ secret: '', inboundDomain: DOMAIN, maxBytes: MAX_BYTES, deliver: async () => {} })).toThrow(/secret/);
  });

  it('GET is not an endpoint', async () => {
    const { app } = setup();
    expect((await app.request(URL_, { headers: { authorization: `Bearer ${SECRET}` } })).status).toBe(404);
  });
});
