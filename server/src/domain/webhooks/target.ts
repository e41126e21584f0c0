/**
 * Where a webhook may go: an http(s) URL without credentials whose host resolves only to public
 * addresses. Every resolved address is checked (loopback, private, link-local with the cloud
 * metadata address, CGNAT, multicast, reserved, IPv4-mapped and NAT64 forms of those), and the
 * request then connects to a checked address (send.ts pins it), so a second DNS answer cannot
 * rebind it to an inside address. ATENDO_WEBHOOK_ALLOW_PRIVATE=1 lifts the address rule.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../errors';

/** A resolver as `dns.promises.lookup(host, { all: true })` answers (tests pass their own). */
export type Lookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

/**
 * The system resolver (getaddrinfo: /etc/hosts, then DNS), but at most two lookups at a time and an
 * answer within LOOKUP_TIMEOUT_MS. getaddrinfo runs on libuv's four worker threads, which password
 * hashing, files and compression share: endpoints on a domain whose DNS hangs must not take them all.
 * A lookup given up on keeps its slot until it really ends.
 */
const LOOKUP_TIMEOUT_MS = 5_000;
const MAX_LOOKUPS = 2;
let lookups = 0;
const queue: (() => void)[] = [];

export const systemLookup: Lookup = async (hostname) => {
  while (lookups >= MAX_LOOKUPS) await new Promise<void>((ok) => queue.push(ok));
  lookups++;
  const running = dnsLookup(hostname, { all: true, verbatim: true }).finally(() => {
    lookups--;
    queue.shift()?.();
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(Object.assign(new Error(`no DNS answer within ${LOOKUP_TIMEOUT_MS / 1000} s`), { code: 'ETIMEOUT' })), LOOKUP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([running, late]);
  } finally {
    clearTimeout(timer);
  }
};

const ranges: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'an unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'a private'],
  ['100.64.0.0', 10, 'ipv4', 'a shared (CGNAT)'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'ipv4', 'a private'],
  ['192.0.0.0', 24, 'ipv4', 'a reserved'],
  ['192.0.2.0', 24, 'ipv4', 'a documentation'],
  ['192.88.99.0', 24, 'ipv4', 'a reserved'],
  ['192.168.0.0', 16, 'ipv4', 'a private'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking'],
  ['198.51.100.0', 24, 'ipv4', 'a documentation'],
  ['203.0.113.0', 24, 'ipv4', 'a documentation'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved (or broadcast)'],
  ['::', 128, 'ipv6', 'an unspecified'],
  ['::1', 128, 'ipv6', 'a loopback'],
  ['100::', 64, 'ipv6', 'a discard'],
  ['2001:db8::', 32, 'ipv6', 'a documentation'],
  ['fc00::', 7, 'ipv6', 'a private (unique local)'],
  ['fe80::', 10, 'ipv6', 'a link-local'],
  ['fec0::', 10, 'ipv6', 'a site-local'],
  ['ff00::', 8, 'ipv6', 'a multicast'],
];
const lists = ranges.map(([net, prefix, type, kind]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return { list, type, kind };
});

/** The 8 groups of an IPv6 address (dotted IPv4 tails included), or null. */
function groups6(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const b = dotted[1]!.split('.').map(Number);
    text = text.slice(0, -dotted[1]!.length) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const out = tail === undefined ? h : [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
  return out.length === 8 && out.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? out : null;
}

/** The IPv4 address an IPv6 one carries (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96), if any. */
function embeddedV4(address: string): string | null {
  const g = groups6(address);
  if (!g) return null;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  const mapped = zeros(5) && g[5] === 0xffff;
  const compatible = zeros(6);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !compatible && !nat64) return null;
  return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
}

/** What kind of inside address this is ('a loopback'…), or null for a public one. */
export function insideAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'an invalid';
  if (family === 6) {
    const v4 = embeddedV4(address);
    // ::1 and :: are "compatible" forms too: their own rules name them better.
    if (v4 && !['::1', '::'].includes(address)) return insideAddress(v4);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const { list, type: t, kind } of lists) if (t === type && list.check(address, type)) return kind;
  return null;
}

/** Parse and check a webhook URL's form: http(s), a host, no credentials. Throws a `bad_request` naming the rule. */
export function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('bad_request', 'url: not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('bad_request', 'url: only http and https URLs can receive webhooks');
  if (url.username || url.password) throw new AppError('bad_request', 'url: a webhook URL cannot carry a user name or password');
  if (!url.hostname) throw new AppError('bad_request', 'url: the URL has no host');
  return url;
}

/** The checked addresses to connect to. */
export interface Target {
  url: URL;
  /** The first checked address: the request connects to it (or to the others below) and nothing else. */
  address: string;
  family: 4 | 6;
  /** Every checked address, in the resolver's order: a client falling back from IPv6 to IPv4 uses these. */
  addresses: { address: string; family: 4 | 6 }[];
}

/**
 * Resolve a webhook URL and refuse it (a `bad_request` saying why) when any address is an inside
 * one, unless `allowPrivate`. A name that resolves to one public and one private address is refused:
 * which one a client would use is not ours to guess.
 */
export async function resolveTarget(raw: string, opts: { allowPrivate: boolean; lookup?: Lookup }): Promise<Target> {
  const url = parseTargetUrl(raw);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (opts.lookup ?? systemLookup)(host);
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new AppError('bad_request', `webhook URL's host ${host} does not resolve${code ? ` (${code})` : ''}`);
    }
    if (!addresses.length) throw new AppError('bad_request', `webhook URL's host ${host} does not resolve`);
  }
  if (!opts.allowPrivate) {
    for (const { address } of addresses) {
      const kind = insideAddress(address);
      if (!kind) continue;
      const how = isIP(host) ? 'points to' : 'resolves to';
      throw new AppError('bad_request', `webhook URL ${how} ${kind} address (${address}); set ATENDO_WEBHOOK_ALLOW_PRIVATE=1 to allow it`);
    }
  }
  const checked = addresses.map((a) => ({ address: a.address, family: a.family === 6 ? (6 as const) : (4 as const) }));
  const first = checked[0]!;
  return { url, address: first.address, family: first.family, addresses: checked };
}
