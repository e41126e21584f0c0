/**
 * E-mail in: a visitor's answer to a continuity e-mail becomes their message in the conversation.
 * The SMTP listener and the webhook (src/mail-inbound/) parse the mail and hand the reply here.
 *
 * - The reply token leads to the conversation (`conversationForToken`, its case ignored); the first
 *   known token of the mail is used. An unknown token is a permanent refusal, never retried: the
 *   listener refuses it at `RCPT TO` (550) already; one that became unknown between `RCPT TO` and the
 *   message (an erasure) is answered 250 and logged there; the webhook answers `202 { accepted: false,
 *   reason: 'no-token' }`, as it does for a mail without any reply address.
 * - A message is stored once per Message-ID (`mail_inbound`): a second delivery is a success that
 *   stores nothing. The messages' client ids are derived from the Message-ID, so a retry after a
 *   crash between storing them and recording the Message-ID finds them stored (the send path's
 *   idempotency) instead of storing them again.
 * - Stored through `ConversationService.sendMany`, as the conversation's visitor: same seq, events
 *   and live copies as a chat message (the console and the widget get it at once), and a resolved or
 *   pending conversation is reopened by the store's rule for a visitor's message. Marked `via: 'email'`.
 * - The text is one message; each file is a message of its own (a message carries one file), after
 *   the text, through the upload path's type sniffing and size limit (`AttachmentService.upload`). A
 *   refused file is skipped and logged; the rest is stored.
 */
import { createHash } from 'node:crypto';
import type { AttachmentService } from '../attachments';
import type { ConversationService, Send } from '../conversations';
import type { MailStore } from '../../storage/mail';
import { conversationForToken } from './tokens';

/** What the inbound transports give: the parser's reply (see src/mail-inbound/parse.ts). */
export interface InboundReply {
  messageId: string;
  from: { address: string; name: string };
  tokens: string[];
  text: string;
  attachments: { filename: string; contentType: string; bytes: Buffer }[];
}

export type InboundOutcome =
  | { stored: true; conversationId: string; messages: number; skipped: string[] }
  | { stored: false; reason: 'no-token' | 'duplicate' | 'empty'; conversationId?: string };

/** Files one e-mail may bring (the rest are skipped). */
export const MAX_FILES_PER_EMAIL = 10;

export interface InboundMailOptions {
  /** Largest file (the upload limit, ATENDO_MAX_UPLOAD_MB). */
  maxFileBytes: number;
  log?: (message: string) => void;
  now?: () => number;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Message-IDs are compared without their angle brackets' case and spacing, and capped (a hostile one may be long). */
export function normalMessageId(messageId: string): string {
  const id = messageId.trim().replace(/^<|>$/g, '').trim().toLowerCase();
  return id.length > 250 ? `sha256:${createHash('sha256').update(id).digest('hex')}` : id;
}

/** The client id of the `part`-th message of an e-mail: fixed by its Message-ID; a ':' no client's own id can carry. */
export function emailClientId(messageId: string, part: number): string {
  return `email:${createHash('sha256').update(normalMessageId(messageId)).digest('hex').slice(0, 40)}:${part}`;
}

export class InboundMailService {
  private readonly log: (message: string) => void;
  private readonly now: () => number;

  constructor(
    private store: Pick<MailStore, 'conversationForTokenHash' | 'inboundByMessageId' | 'recordInbound'>,
    private conversations: ConversationService,
    private attachments: AttachmentService,
    private opts: InboundMailOptions,
  ) {
    this.log = opts.log ?? ((m) => console.log(m));
    this.now = opts.now ?? Date.now;
  }

  /** Is this the token of a conversation's reply address? (The listener asks at `RCPT TO`.) */
  async isKnownToken(token: string): Promise<boolean> {
    return (await conversationForToken(this.store, token)) !== undefined;
  }

  /**
   * Store a visitor's e-mailed answer (see the file's comment). Throws when storing failed and a
   * later try may succeed (the listener answers 451, the webhook 503); an outcome otherwise.
   */
  async deliver(mail: InboundReply): Promise<InboundOutcome> {
    let conversationId: string | undefined;
    for (const token of mail.tokens) {
      conversationId = await conversationForToken(this.store, token);
      if (conversationId) break;
    }
    if (!conversationId) {
      this.log(`mail in: ${mail.messageId}: no conversation for its reply address; dropped`);
      return { stored: false, reason: 'no-token' };
    }
    const messageId = normalMessageId(mail.messageId);
    if (await this.store.inboundByMessageId(messageId)) {
      this.log(`mail in: ${mail.messageId}: delivered before; stored once`);
      return { stored: false, reason: 'duplicate', conversationId };
    }

    const conversation = await this.conversations.get(conversationId);
    const sender = { kind: 'visitor', visitorId: conversation.visitorId, siteId: conversation.siteId } as const;
    const sends: Send[] = [];
    if (mail.text) sends.push({ sender, input: { conversationId, clientId: emailClientId(mail.messageId, 0), body: mail.text, via: 'email' } });

    const skipped: string[] = [];
    for (const [i, file] of mail.attachments.entries()) {
      if (i >= MAX_FILES_PER_EMAIL) {
        skipped.push(`${file.filename} (more than ${MAX_FILES_PER_EMAIL} files)`);
        continue;
      }
      try {
        const stored = await this.attachments.upload(
          { kind: 'visitor', id: conversation.visitorId, siteId: conversation.siteId },
          file.filename,
          file.contentType,
          new Blob([new Uint8Array(file.bytes)]).stream(),
          this.opts.maxFileBytes,
        );
        sends.push({ sender, input: { conversationId, clientId: emailClientId(mail.messageId, i + 1), body: '', attachmentId: stored.id, via: 'email' } });
      } catch (err) {
        // Refused (type, size, empty): the rest of the e-mail is still stored.
        skipped.push(`${file.filename} (${describe(err)})`);
      }
    }
    if (skipped.length) this.log(`mail in: ${mail.messageId}: files skipped: ${skipped.join('; ')}`);
    if (sends.length === 0) {
      await this.store.recordInbound({ messageId, conversationId, receivedAt: this.now() });
      this.log(`mail in: ${mail.messageId}: nothing left to store`);
      return { stored: false, reason: 'empty', conversationId };
    }

    // One transaction for the text and its files; a slot refused for good (a conflict) is logged, a failure throws.
    const outcomes = await this.conversations.sendMany(sends);
    for (const [i, outcome] of outcomes.entries()) {
      if (!outcome.ok) this.log(`mail in: ${mail.messageId}: part ${sends[i]!.input.clientId} refused: ${describe(outcome.error)}`);
    }
    await this.store.recordInbound({ messageId, conversationId, receivedAt: this.now() });
    return { stored: true, conversationId, messages: outcomes.filter((o) => o.ok).length, skipped };
  }
}
