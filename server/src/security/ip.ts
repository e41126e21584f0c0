import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key per-address limits count against: an IPv4 address as is (also when it arrives IPv4-mapped,
 * `::ffff:10.0.0.1`), an IPv6 address by its /64 (`2001:db8:1:2::/64`). One IPv6 host usually owns a
 * whole /64 and can pick any address in it, so counting full addresses would hand it 2^64 buckets.
 * Anything else (a proxy's odd header, `unknown`) is kept as it is.
 */
export function addressKey(address: string): string {
  let a = address.trim();
  if (a.startsWith('[')) a = a.slice(1, a.indexOf(']') > 0 ? a.indexOf(']') : undefined);
  const zone = a.indexOf('%');
  if (zone > 0) a = a.slice(0, zone);
  if (isIPv4(a)) return a;
  if (!isIPv6(a)) return address;
  const groups = expandIPv6(a.toLowerCase());
  // IPv4-mapped (::ffff:a.b.c.d) is an IPv4 client seen through a dual-stack socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function expandIPv6(a: string): number[] {
  const lastColon = a.lastIndexOf(':');
  const v4 = a.slice(lastColon + 1);
  if (v4.includes('.')) {
    const [b0, b1, b2, b3] = v4.split('.').map(Number) as [number, number, number, number];
    a = `${a.slice(0, lastColon + 1)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const gap = a.indexOf('::');
  if (gap < 0) return parse(a);
  const head = parse(a.slice(0, gap));
  const tail = parse(a.slice(gap + 2));
  return [...head, ...Array.from({ length: 8 - head.length - tail.length }, () => 0), ...tail];
}

/**
 * The client's address for per-IP limits, as `addressKey` counts it. Behind a reverse proxy
 * (ATENDO_TRUST_PROXY=1) it is the last X-Forwarded-For entry, the one our own proxy appended;
 * earlier entries are client-controlled.
 */
export function clientIp(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: boolean): string {
  if (trustProxy && forwardedFor) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    const last = header
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .pop();
    if (last && last.length <= 64) return addressKey(last);
  }
  return addressKey(remoteAddress ?? 'unknown');
}
