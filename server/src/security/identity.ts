import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Identity } from '@atendo/shared';

/** What a site's backend computes: hex HMAC-SHA256 of the user id, keyed with the site's secret. */
export function identityHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId, 'utf8').digest('hex');
}

/**
 * True when `identity.hash` is the HMAC of `identity.userId` with `secret`. The comparison takes the
 * same time wherever the first wrong character is, so the hash cannot be guessed byte by byte.
 */
export function verifyIdentity(secret: string, identity: Pick<Identity, 'userId' | 'hash'>): boolean {
  const expected = Buffer.from(identityHash(secret, identity.userId), 'utf8');
  const given = Buffer.from((identity.hash ?? '').toLowerCase(), 'utf8');
  // Lengths are not secret (always 64 hex characters); compare equal-length buffers only.
  if (given.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(given, expected);
}
