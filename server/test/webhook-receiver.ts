/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: it verifies every request with the
 * `standardwebhooks` package (the spec's reference implementation) against each secret it is
 * given, and answers what the test says (a status, headers, or never).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Which of the receiver's secrets verified it (an empty list: none did). */
  verifiedBy: string[];
  headers: IncomingMessage['headers'];
  /** What the receiver answered (null: it hung). */
  answered: number | null;
}

export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export class Receiver {
  readonly received: Received[] = [];
  secrets: string[] = [];
  /** Decides each answer (default 200). */
  answer: (r: Received) => Answer = () => ({ status: 200 });
  private waiters: { pred: (r: Received) => boolean; ok: (r: Received) => void }[] = [];
  private hung = new Set<() => void>();

  private constructor(private server: Server) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    const receiver = new Receiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const h = req.headers;
        const r: Received = {
          id: String(h['webhook-id']),
          timestamp: String(h['webhook-timestamp']),
          signature: String(h['webhook-signature']),
          body,
          payload: JSON.parse(body) as Received['payload'],
          verifiedBy: receiver.secrets.filter((s) => {
            try {
              new Webhook(s).verify(body, {
                'webhook-id': r0(h['webhook-id']),
                'webhook-timestamp': r0(h['webhook-timestamp']),
                'webhook-signature': r0(h['webhook-signature']),
              });
              return true;
            } catch {
              return false;
            }
          }),
          headers: h,
          answered: null,
        };
        const a = receiver.answer(r);
        if (a === 'hang') {
          const end = () => res.destroy();
          receiver.hung.add(end);
          res.on('close', () => receiver.hung.delete(end));
        } else {
          r.answered = a.status;
          res.writeHead(a.status, a.headers);
          res.end(a.body ?? 'ok');
        }
        receiver.received.push(r);
        receiver.waiters = receiver.waiters.filter((w) => (w.pred(r) ? (w.ok(r), false) : true));
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** The first request (already received or to come) that matches. */
  next(pred: (r: Received) => boolean, timeoutMs = 5000): Promise<Received> {
    const seen = this.received.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((ok, fail) => {
      const t = setTimeout(
        () => fail(new Error(`no matching webhook in ${timeoutMs} ms; got ${this.received.map((r) => r.payload.type).join(', ')}`)),
        timeoutMs,
      );
      this.waiters.push({ pred, ok: (r) => (clearTimeout(t), ok(r)) });
    });
  }

  of(type: string): Received[] {
    return this.received.filter((r) => r.payload.type === type);
  }

  async close(): Promise<void> {
    for (const end of this.hung) end();
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}

function r0(v: string | string[] | undefined): string {
  return Array.isArray(v) ? v[0]! : (v ?? '');
}
