/**
 * One webhook POST to a checked address: the connection goes to the address resolveTarget checked
 * (a custom `lookup` answers with them, so a second DNS answer cannot rebind; with several, Node tries
 * them in turn), redirects are never
 * followed, the whole exchange has a deadline, and at most `maxBodyBytes` of the answer are read.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Target } from './target';

export interface SendResult {
  status: number;
  /** Retry-After and Location, when the answer had them. */
  retryAfter: string | null;
  location: string | null;
  /** The start of the body (decoded as UTF-8, at most `maxBodyBytes`). */
  body: string;
}

export interface SendOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  /** Aborts the request (the worker stopping). */
  signal?: AbortSignal;
}

/** POST `body` to the target; rejects with a readable reason (timeout, refused, reset…). */
export function postWebhook(target: Target, headers: Record<string, string>, body: string, opts: SendOptions): Promise<SendResult> {
  const { url } = target;
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, target.addresses);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err: Error | null, result?: SendResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      if (err) reject(err);
      else resolve(result!);
    };
    const req = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinned,
      // No pooled sockets: each request connects to the address checked for it.
      agent: false,
    });
    const timer = setTimeout(
      () => finish(new Error(`timed out after ${opts.timeoutMs < 1000 ? `${opts.timeoutMs} ms` : `${Math.round(opts.timeoutMs / 1000)} s`}`)),
      opts.timeoutMs,
    );
    const onAbort = () => finish(new Error('aborted: Atendo is stopping'));
    opts.signal?.addEventListener('abort', onAbort);
    req.on('error', (err: NodeJS.ErrnoException) => finish(new Error(err.code ? `${err.code}: ${err.message}` : err.message)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const result = (): SendResult => ({
        status: res.statusCode ?? 0,
        retryAfter: typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null,
        location: typeof res.headers.location === 'string' ? res.headers.location : null,
        body: Buffer.concat(chunks).subarray(0, opts.maxBodyBytes).toString('utf8'),
      });
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Enough of it: the rest is never read (the socket is closed).
        if (size >= opts.maxBodyBytes) finish(null, result());
      });
      res.on('end', () => finish(null, result()));
      res.on('error', () => finish(null, result()));
    });
    req.end(body);
  });
}
