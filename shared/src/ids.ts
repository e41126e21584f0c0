const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A random id for client-side idempotency keys (URL-safe, 21 chars of 6 random bits: 126 bits). */
export function newClientId(): string {
  const bytes = new Uint8Array(21);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += ALPHABET[b & 63];
  return s;
}
