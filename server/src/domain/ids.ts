import { createHash, randomBytes } from 'node:crypto';
import { customAlphabet } from 'nanoid';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
/** Short, URL-safe, lowercase ids for rows (16 chars ≈ 82 bits). */
export const newId = customAlphabet(alphabet, 16);

/** A secret bearer token (session cookie, visitor token): 256 random bits, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored hashed so a leaked database holds no usable credentials. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
