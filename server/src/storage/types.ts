/**
 * The rows the storage ports speak: plain data, the same for every implementation (SQLite today,
 * PostgreSQL next). Booleans are booleans and times are epoch milliseconds; JSON columns are kept
 * as their text (the domain parses them). storage/sqlite/schema.ts checks at compile time that its
 * tables hold exactly these shapes.
 */
import type { AgentRole, AgentStatus, Author, BotMode, BotState, ConversationStatus } from '@atendo/shared';

export interface SiteRow {
  id: string;
  name: string;
  teamName: string;
  greeting: string;
  color: string;
  /** HMAC secret for identity verification. */
  secret: string;
  /** JSON array of allowed origins. */
  allowedOrigins: string;
  identityRequired: boolean;
  position: 'right' | 'left';
  launcherLabel: string;
  /** JSON `WidgetSettings`. */
  widgetSettings: string;
  /** The answer bot's mode. */
  botMode: BotMode;
  createdAt: number;
}

export interface AgentRow {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  passwordHash: string;
  status: AgentStatus;
  capacity: number;
  lastAssignedAt: number;
  createdAt: number;
  deactivatedAt: number | null;
  /** Set while the invitation's link has not been used yet. */
  invitedAt: number | null;
  /** Base32 authenticator secret; null: two-factor sign-in off. */
  totpSecret: string | null;
  /** Last accepted code's 30-second step (a code is never accepted twice). */
  totpLastStep: number;
  /** JSON AgentNotifySettings; '{}' = defaults. */
  notifySettings: string;
}

/** An API token (the team's, not a person's): only its SHA-256 is kept; see api_tokens in sqlite/schema.ts. */
export interface ApiTokenRow {
  id: string;
  name: string;
  /** JSON array of `ApiScope`. */
  scopes: string;
  /** SHA-256 of the whole token (base64url, `hashToken`). */
  tokenHash: string;
  /** The token's first characters, shown in lists so a team can tell its tokens apart. */
  prefix: string;
  /** The admin who created it (null once that agent is gone). */
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export type AccountTokenKind = 'invite' | 'reset' | 'totp_setup' | 'login';

/** A single-use account link or ticket (see account_tokens in sqlite/schema.ts). */
export interface AccountTokenRow {
  tokenHash: string;
  agentId: string;
  kind: AccountTokenKind;
  /** `totp_setup`: the secret waiting for its first code. */
  data: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface RecoveryCodeRow {
  codeHash: string;
  agentId: string;
  usedAt: number | null;
}

export interface TeamSettingRow {
  key: string;
  value: string;
}

export type AgentNotificationKind = 'unattended' | 'assigned' | 'visitor_message';

/** An agent e-mail notification waiting for its batch. */
export interface AgentNotificationRow {
  agentId: string;
  kind: AgentNotificationKind;
  conversationId: string;
  createdAt: number;
}

export interface AgentSessionRow {
  tokenHash: string;
  agentId: string;
  createdAt: number;
  expiresAt: number;
}

export interface VisitorRow {
  id: string;
  siteId: string;
  tokenHash: string;
  name: string | null;
  email: string | null;
  externalId: string | null;
  verified: boolean;
  locale: string | null;
  lastPageUrl: string | null;
  lastPageTitle: string | null;
  referrer: string | null;
  userAgent: string | null;
  timezone: string | null;
  /** JSON array of { url, title, at }. */
  sessionPages: string;
  sessionStartedAt: number | null;
  /** JSON object of custom attributes. */
  attributes: string;
  createdAt: number;
  lastSeenAt: number;
  firstClientId: string | null;
}

export interface ConversationRow {
  id: string;
  siteId: string;
  visitorId: string;
  status: ConversationStatus;
  assigneeId: string | null;
  /** JSON array of tag names. */
  tags: string;
  lastSeq: number;
  lastMessagePreview: string | null;
  lastMessageAuthor: Author | null;
  lastActivityAt: number;
  unreadCount: number;
  createdAt: number;
  resolvedAt: number | null;
  visitorReadSeq: number;
  agentReadSeq: number;
  csat: number | null;
  csatComment: string | null;
  nps: number | null;
  ratedAt: number | null;
  /** When a visitor's message last reopened it. */
  reopenedAt: number | null;
  botState: BotState | null;
  handedOverAt: number | null;
}

export interface MessageRow {
  id: string;
  conversationId: string;
  seq: number;
  clientId: string;
  author: Author;
  agentId: string | null;
  body: string;
  attachmentId: string | null;
  createdAt: number;
  /** 'email': a visitor's answer to a continuity e-mail; null: written in the chat. */
  via: 'email' | null;
  /** JSON `BotCard` of a bot message; null otherwise. */
  meta: string | null;
}

export interface NoteRow {
  id: string;
  conversationId: string;
  agentId: string | null;
  body: string;
  createdAt: number;
}

export interface CannedReplyRow {
  id: string;
  shortcut: string;
  body: string;
  createdAt: number;
}

export interface TagRow {
  name: string;
  createdAt: number;
}

export interface ArticleRow {
  id: string;
  siteId: string;
  locale: string;
  title: string;
  body: string;
  published: boolean;
  views: number;
  helpful: number;
  notHelpful: number;
  botOffered: number;
  botHelped: number;
  botNotHelped: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * An article's words as the answer bot searches them: each word of the title and of the text
 * (Markdown read as plain text) stemmed in the article's language, folded, stopwords dropped,
 * space-separated (domain/bot/text.ts). `updatedAt` is the article's when they were made: older
 * stems are made again at start.
 */
export interface ArticleStemsRow {
  articleId: string;
  title: string;
  body: string;
  updatedAt: number;
}

export interface ContentGapRow {
  id: string;
  siteId: string;
  locale: string;
  question: string;
  /** The question folded and trimmed: the same question asked again groups with it. */
  norm: string;
  conversationId: string | null;
  createdAt: number;
}

export interface AttachmentRow {
  id: string;
  siteId: string;
  uploaderKind: 'visitor' | 'agent';
  uploaderId: string;
  conversationId: string | null;
  name: string;
  mime: string;
  size: number;
  key: string;
  createdAt: number;
}

/** An e-mail waiting to go out, going out, sent or given up on (the durable outbox). */
export interface MailOutboxRow {
  id: string;
  /** An e-mail is enqueued once per key (e.g. `continuity:<conversationId>:<lastSeq>`). */
  dedupeKey: string;
  /** What the e-mail is: only continuity e-mails carry a conversation and a reply address. */
  kind: 'continuity' | 'invite' | 'password_reset' | 'agent_notification' | 'webhook_disabled';
  recipient: string;
  subject: string;
  text: string;
  html: string;
  /** JSON object of extra headers: Message-ID, In-Reply-To, References, Auto-Submitted… */
  headers: string;
  /**
   * `reply+<token>@<domain>` until the e-mail is sent (or given up on), then null: afterwards only
   * the token's hash is stored (mail_reply_tokens).
   */
  replyTo: string | null;
  /** The sender's display name for this e-mail (the site's team name), or null for ATENDO_MAIL_FROM's. */
  fromName: string | null;
  conversationId: string | null;
  state: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  /** When a queued row may be claimed next (epoch ms). */
  nextAttemptAt: number;
  /** A `sending` row belongs to its claimer until then; after that (a crash) it is claimable again. */
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** A reply address's token, stored only as its hash (SHA-256, hex): the inbound side finds the conversation with it. */
export interface MailReplyTokenRow {
  tokenHash: string;
  conversationId: string;
  createdAt: number;
}

/** Per conversation: what continuity e-mail has covered, the pending window, the thread's Message-IDs. */
export interface ConversationMailRow {
  conversationId: string;
  /** The highest agent message seq already e-mailed (or skipped because the visitor had read it). */
  mailedSeq: number;
  /** The highest agent message seq noticed (a window covers mailedSeq < seq ≤ this). */
  pendingSeq: number;
  /** When the open window is due (epoch ms); null: no window open. */
  dueAt: number | null;
  /** Message-ID of the thread's first e-mail (References), and of its latest (In-Reply-To). */
  firstMessageId: string | null;
  lastMessageId: string | null;
}

/** An incoming e-mail already stored (by its Message-ID), so that a second delivery stores nothing. */
export interface MailInboundRow {
  messageId: string;
  conversationId: string;
  receivedAt: number;
}

/** A webhook endpoint (see webhook_endpoints in sqlite/schema.ts). */
export interface WebhookEndpointRow {
  id: string;
  url: string;
  /** JSON array of subscribed event types. */
  events: string;
  /** Only this site's events (null: every site's). */
  siteId: string | null;
  /** `whsec_…`: signs every request. */
  secret: string;
  /** After a rotation: the old secret also signs until `previousSecretUntil`. */
  previousSecret: string | null;
  previousSecretUntil: number | null;
  state: 'active' | 'disabled';
  disabledReason: string | null;
  /** The first failed attempt since the last success (null: not failing). */
  failingSince: number | null;
  lastAttemptAt: number | null;
  /** The last attempt's HTTP status (null: no answer, or none yet). */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** One webhook message to one endpoint; its id is the `webhook-id` header (`msg_…`). */
export interface WebhookDeliveryRow {
  id: string;
  endpointId: string;
  eventType: string;
  /** The JSON body, fixed at enqueue: every retry sends the same bytes. */
  body: string;
  state: 'queued' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  /** When a queued row may be claimed next (epoch ms). */
  nextAttemptAt: number;
  /** A `sending` row belongs to its claimer until then; after that (a crash) it is claimable again. */
  leaseUntil: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** One HTTP attempt of a delivery, for the delivery log. */
export interface WebhookAttemptRow {
  id: string;
  deliveryId: string;
  at: number;
  status: number | null;
  latencyMs: number;
  error: string | null;
  /** The start of the response body (at most 1 KB). */
  response: string | null;
}
