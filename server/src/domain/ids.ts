import { createHash, randomBytes } from 'node:crypto';
import { customAlphabet } from 'nanoid';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Short, URL-safe, lowercase ids for rows (16 chars ≈ 82 bits). */
export const newId = customAlphabet(alphabet, 16);

const randomTail = customAlphabet(alphabet, 7);
/**
 * A 16-char id that sorts by creation time (9 base36 chars of milliseconds, then 7 random ≈ 36 bits):
 * new rows land at the end of the primary-key index instead of on a random page, so each commit
 * writes fewer pages (+30–45 % stored messages per second in `pnpm bench`).
 */
export function newSortableId(): string {
  return Date.now().toString(36).padStart(9, '0') + randomTail();
}

/** A secret bearer token (session cookie, visitor token): 256 random bits, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored hashed so a leaked database holds no usable credentials. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
