/** Reply addresses: `reply+<token>@<ATENDO_INBOUND_DOMAIN>`, a fresh random token per e-mail, stored only as its hash. */
import { createHash, randomBytes } from 'node:crypto';
import type { MailStore } from '../../storage/mail';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * 160 random bits as 32 lowercase base32 characters: safe in an e-mail's local part, which some
 * servers lowercase, and well over the 128 bits an unguessable address needs.
 */
export function newReplyToken(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** SHA-256, hex: what the database keeps of a token. The token is compared lowercased (servers may change its case). */
export function hashReplyToken(token: string): string {
  return createHash('sha256').update(token.toLowerCase()).digest('hex');
}

export function replyAddress(token: string, domain: string): string {
  return `reply+${token}@${domain}`;
}

/** The conversation a reply token leads to (the inbound side's lookup); undefined for an unknown or malformed token. */
export async function conversationForToken(store: Pick<MailStore, 'conversationForTokenHash'>, token: string): Promise<string | undefined> {
  if (!/^[a-z2-7]{32}$/i.test(token)) return undefined;
  return store.conversationForTokenHash(hashReplyToken(token));
}
