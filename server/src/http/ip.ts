import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { clientIp } from '../security/ip';

/** The client's address of an HTTP request (see security/ip.ts); `unknown` under app.request() in tests. */
export function requestIp(c: Context, trustProxy: boolean): string {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined;
  }
  return clientIp(remote, c.req.header('x-forwarded-for'), trustProxy);
}
