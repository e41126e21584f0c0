/** A random id for client-side idempotency keys (URL-safe, 21 chars, ~126 bits). */
export function newClientId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += (b & 63).toString(36).padStart(2, '0');
  return s.slice(0, 21);
}
