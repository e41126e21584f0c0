/**
 * The PostgreSQL schema: the same tables, JS names and row types as ../sqlite/schema.ts (the storage
 * ports' row types are these tables' rows in both dialects; schema-parity.test.ts checks it).
 * Migrations in ./migrations are generated from this file by drizzle-kit (`pnpm db:generate:pg`).
 *
 * Mapping: millisecond timestamps are `bigint` read as JS numbers (they outgrow int4); counters and
 * small numbers stay `integer`; SQLite's 0/1 booleans are `boolean`; JSON columns stay `text` holding
 * JSON, exactly as in SQLite, so the row types (strings) are equal and the stores parse them the same.
 * The messages' full-text `search_vector` column is added by the `search` migration only (not declared
 * here, so `$inferSelect` stays equal to SQLite's row).
 */
import { sql } from 'drizzle-orm';
import { pgTable, text, integer, bigint, boolean, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import type * as T from '../types';

/** A millisecond timestamp (or any number that may exceed 2^31), read as a JS number. */
const ms = (name: string) => bigint(name, { mode: 'number' });

export const sites = pgTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  teamName: text('team_name').notNull(),
  greeting: text('greeting').notNull(),
  color: text('color').notNull(),
  /** HMAC secret for identity verification: every site gets a random one when created (secure by default). */
  secret: text('secret').notNull(),
  /** JSON array of allowed origins. */
  allowedOrigins: text('allowed_origins').notNull().default('[]'),
  /** Refuse visitors without a correctly signed identity. */
  identityRequired: boolean('identity_required').notNull().default(false),
  /** Widget appearance (console settings): which corner the launcher sits in and its label. */
  position: text('position', { enum: ['right', 'left'] })
    .notNull()
    .default('right'),
  launcherLabel: text('launcher_label').notNull().default(''),
  /** JSON `WidgetSettings` (shared/src/widget-settings.ts): avatar, pre-chat form, hours, CSAT/NPS, triggers. */
  widgetSettings: text('widget_settings').notNull().default('{}'),
  /** The answer bot: `off`, `always` (every new conversation's first message) or `offline` (nobody online, or outside business hours). */
  botMode: text('bot_mode', { enum: ['off', 'always', 'offline'] })
    .notNull()
    .default('off'),
  createdAt: ms('created_at').notNull(),
});

export const agents = pgTable('agents', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'agent'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  /** What the agent chose: only `online` agents (with a console open) get auto-assigned chats. */
  status: text('status', { enum: ['online', 'away'] })
    .notNull()
    .default('away'),
  /** Most open/pending conversations auto-assignment gives this agent. */
  capacity: integer('capacity').notNull().default(5),
  /** For round-robin: the agent assigned longest ago goes next. */
  lastAssignedAt: ms('last_assigned_at').notNull().default(0),
  createdAt: ms('created_at').notNull(),
  /**
   * Set when an admin deactivates the agent: no sign-in, no sessions, no assignment.
   * The row stays, so their messages, notes and assignments in old transcripts keep their name.
   */
  deactivatedAt: ms('deactivated_at'),
  /** Set while an invitation e-mail's link has not yet been used to choose a password. */
  invitedAt: ms('invited_at'),
  /** Two-factor sign-in: the authenticator app's base32 secret once confirmed; null: off. */
  totpSecret: text('totp_secret'),
  /** The last accepted code's 30-second step: a code is accepted once, never replayed. */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }).notNull().default(0),
  /**
   * JSON `AgentNotifySettings` (shared): which e-mails the agent gets (new conversation while nobody
   * is online, assigned to them, a visitor's message while they are offline); '{}' = the defaults.
   */
  notifySettings: text('notify_settings').notNull().default('{}'),
});

export const agentSessions = pgTable(
  'agent_sessions',
  {
    /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
    tokenHash: text('token_hash').primaryKey(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('agent_sessions_agent_idx').on(t.agentId)],
);

/**
 * Single-use links and tickets of accounts, by SHA-256 of the token: `invite` (choose a first
 * password, 7 days), `reset` (forgot password, 1 hour), `totp_setup` (an authenticator secret
 * waiting for its first code, in `data`, 15 minutes) and `login` (password right, second factor
 * awaited, 5 minutes). Used or expired rows are deleted on the way.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['invite', 'reset', 'totp_setup', 'login'] }).notNull(),
    data: text('data'),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [index('account_tokens_agent_idx').on(t.agentId, t.kind)],
);

/**
 * API tokens: the team's, not a person's (an admin who leaves does not take the integrations with
 * them). Only the SHA-256 of a token is kept; it is shown once, when created.
 */
export const apiTokens = pgTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  scopes: text('scopes').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  createdBy: text('created_by').references(() => agents.id, { onDelete: 'set null' }),
  createdAt: ms('created_at').notNull(),
  lastUsedAt: ms('last_used_at'),
  revokedAt: ms('revoked_at'),
});

/** Two-factor recovery codes, by SHA-256: each signs in once in place of an authenticator code. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    usedAt: ms('used_at'),
  },
  (t) => [index('recovery_codes_agent_idx').on(t.agentId)],
);

/** Team-wide settings, one JSON value per key (e.g. `security`: two-factor sign-in mandatory). */
export const teamSettings = pgTable('team_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * Agent e-mail notifications waiting for their batch: one row per agent, kind and conversation
 * (a second event of the same kind adds nothing); the batch's e-mail claims them all at once.
 */
export const agentNotifications = pgTable(
  'agent_notifications',
  {
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['unattended', 'assigned', 'visitor_message'] }).notNull(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.kind, t.conversationId] }), index('agent_notifications_created_idx').on(t.createdAt)],
);

export const visitors = pgTable(
  'visitors',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** SHA-256 of the visitor token. */
    tokenHash: text('token_hash').notNull().unique(),
    name: text('name'),
    email: text('email'),
    /** The site's own user id, set only from a verified identity. */
    externalId: text('external_id'),
    /** The identity (externalId, name, email) was signed by the site's backend. */
    verified: boolean('verified').notNull().default(false),
    locale: text('locale'),
    lastPageUrl: text('last_page_url'),
    lastPageTitle: text('last_page_title'),
    referrer: text('referrer'),
    userAgent: text('user_agent'),
    /** IANA time zone the browser reported, for the visitor's local time. */
    timezone: text('timezone'),
    /** JSON array of { url, title, at } for the current browsing session (newest last, capped). */
    sessionPages: text('session_pages').notNull().default('[]'),
    sessionStartedAt: ms('session_started_at'),
    /** JSON object of custom attributes the site set (plan, order id…), shown in the console sidebar. */
    attributes: text('attributes').notNull().default('{}'),
    createdAt: ms('created_at').notNull(),
    lastSeenAt: ms('last_seen_at').notNull(),
    /**
     * The clientId of the message that created this visitor: a token-less retry of that first message
     * (the socket dropped before the `session` frame arrived) finds this visitor instead of making a second.
     */
    firstClientId: text('first_client_id'),
  },
  (t) => [
    index('visitors_site_idx').on(t.siteId),
    // NULLs are distinct in both dialects: many anonymous visitors per site, one per external id.
    uniqueIndex('visitors_site_external_uq').on(t.siteId, t.externalId),
    uniqueIndex('visitors_site_first_client_uq').on(t.siteId, t.firstClientId),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['open', 'pending', 'resolved'] }).notNull(),
    /** The agent handling it; null = unassigned. */
    assigneeId: text('assignee_id').references(() => agents.id, { onDelete: 'set null' }),
    /** JSON array of tag names. */
    tags: text('tags').notNull().default('[]'),
    lastSeq: integer('last_seq').notNull().default(0),
    lastMessagePreview: text('last_message_preview'),
    lastMessageAuthor: text('last_message_author', { enum: ['visitor', 'agent', 'system', 'bot'] }),
    lastActivityAt: ms('last_activity_at').notNull(),
    unreadCount: integer('unread_count').notNull().default(0),
    createdAt: ms('created_at').notNull(),
    resolvedAt: ms('resolved_at'),
    /** Read receipts: the highest seq the visitor / any agent has read. */
    visitorReadSeq: integer('visitor_read_seq').notNull().default(0),
    agentReadSeq: integer('agent_read_seq').notNull().default(0),
    /** End of conversation feedback: CSAT 1–5 with an optional comment, NPS 0–10. */
    csat: integer('csat'),
    csatComment: text('csat_comment'),
    nps: integer('nps'),
    ratedAt: ms('rated_at'),
    /** When a visitor's message last reopened it (resolved or pending → open); reports measure the first response from there. */
    reopenedAt: ms('reopened_at'),
    /**
     * The answer bot in this conversation: `answered` (it offered articles), `resolved` (the visitor said
     * they answered it), `handed_over` (the visitor asked for a person), `taken_over` (a person wrote
     * while the bot waited). A text column: a new state needs no migration.
     */
    botState: text('bot_state', { enum: ['answered', 'resolved', 'handed_over', 'taken_over'] }),
    /** When the bot handed over to a person (the visitor asked or kept typing); null when a person took over. */
    handedOverAt: ms('handed_over_at'),
  },
  (t) => [
    index('conversations_status_activity_idx').on(t.status, t.lastActivityAt, t.id),
    index('conversations_activity_idx').on(t.lastActivityAt, t.id),
    index('conversations_visitor_idx').on(t.visitorId),
    // Reports: the conversations created in a period.
    index('conversations_created_idx').on(t.createdAt),
    // Inbox views: "mine"/"unassigned" and per site, each in activity order (keyset pagination).
    index('conversations_assignee_status_activity_idx').on(t.assigneeId, t.status, t.lastActivityAt, t.id),
    index('conversations_site_status_activity_idx').on(t.siteId, t.status, t.lastActivityAt, t.id),
    // Per-view unread counts only touch conversations that have unread messages.
    index('conversations_unread_idx')
      .on(t.status, t.assigneeId, t.siteId)
      .where(sql`unread_count > 0`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    clientId: text('client_id').notNull(),
    author: text('author', { enum: ['visitor', 'agent', 'system', 'bot'] }).notNull(),
    agentId: text('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    /** A file sent with the message (attachments table); the body is then its caption or file name. */
    attachmentId: text('attachment_id'),
    createdAt: ms('created_at').notNull(),
    /** How a visitor's message came: 'email' (an answer to a continuity e-mail), null for the chat. */
    via: text('via', { enum: ['email'] }),
    /** JSON: what a bot message carries besides its text (the articles it offers, `BotCard` in shared). */
    meta: text('meta'),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_uq').on(t.conversationId, t.seq),
    uniqueIndex('messages_conversation_client_uq').on(t.conversationId, t.clientId),
  ],
);

/** Internal notes: agents only. A table of their own (not messages) so no visitor path can ever read one. */
export const notes = pgTable(
  'notes',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    agentId: text('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('notes_conversation_idx').on(t.conversationId, t.createdAt)],
);

/** Canned replies: `/shortcut` in the composer inserts the body. */
export const cannedReplies = pgTable('canned_replies', {
  id: text('id').primaryKey(),
  shortcut: text('shortcut').notNull().unique(),
  body: text('body').notNull(),
  createdAt: ms('created_at').notNull(),
});

/** The tag catalogue (names used on conversations), for suggestions. */
export const tags = pgTable('tags', {
  name: text('name').primaryKey(),
  createdAt: ms('created_at').notNull(),
});

/** Help articles (level-1 self-service), per site and language; the widget searches them first. */
export const articles = pgTable(
  'articles',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    /** Markdown, rendered safely (no raw HTML) by the widget and the console. */
    body: text('body').notNull(),
    published: boolean('published').notNull().default(true),
    views: integer('views').notNull().default(0),
    helpful: integer('helpful').notNull().default(0),
    notHelpful: integer('not_helpful').notNull().default(0),
    /** The answer bot: how often it offered this article, and how often the visitor then said it answered / asked for a person. */
    botOffered: integer('bot_offered').notNull().default(0),
    botHelped: integer('bot_helped').notNull().default(0),
    botNotHelped: integer('bot_not_helped').notNull().default(0),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('articles_site_locale_idx').on(t.siteId, t.locale)],
);

/**
 * The answer bot's index of an article: its title's and text's stems (see ArticleStemsRow), made
 * in TypeScript (Snowball) so both stores search the same words. Migration 0005 adds `tsv`, a generated tsvector (title weight A, text B, the `simple` configuration) with a GIN index.
 */
export const articleStems = pgTable('article_stems', {
  articleId: text('article_id')
    .primaryKey()
    .references(() => articles.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  body: text('body').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

/**
 * Content gaps: a visitor's question the answer bot found no good article for, one row per question
 * asked (`norm` is its folded, trimmed form, so the console groups the same question asked again).
 */
export const contentGaps = pgTable(
  'content_gaps',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    locale: text('locale').notNull(),
    question: text('question').notNull(),
    norm: text('norm').notNull(),
    /** The conversation it was asked in (the console links to it); kept when the conversation goes. */
    conversationId: text('conversation_id'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('content_gaps_site_norm_idx').on(t.siteId, t.norm),
    index('content_gaps_site_created_idx').on(t.siteId, t.createdAt),
    // A visitor's erasure deletes their conversations' gaps by it.
    index('content_gaps_conversation_idx').on(t.conversationId),
  ],
);

/** Uploaded files (images and documents); the bytes live in the blob store, this row is their metadata. */
export const attachments = pgTable(
  'attachments',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** Who uploaded it: a visitor (their id) or an agent (their id). */
    uploaderKind: text('uploader_kind', { enum: ['visitor', 'agent'] }).notNull(),
    uploaderId: text('uploader_id').notNull(),
    /** Set when a message carrying it is stored; only that conversation's parties may fetch it. */
    conversationId: text('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    /** Bytes; `bigint` so a file over 2 GiB could never overflow the column. */
    size: bigint('size', { mode: 'number' }).notNull(),
    /** A random access key that is part of the file's URL (never the id alone). */
    key: text('key').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('attachments_conversation_idx').on(t.conversationId)],
);

/**
 * The durable outbox: every e-mail is a row first, then sent by a worker that claims due rows with a
 * lease (a crash leaves the row to be claimed again after the lease), retried with backoff.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: text('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    kind: text('kind', { enum: ['continuity', 'invite', 'password_reset', 'agent_notification', 'webhook_disabled'] }).notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** JSON object of extra headers (Message-ID, In-Reply-To, References, Auto-Submitted). */
    headers: text('headers').notNull().default('{}'),
    /** The reply address (with its token) until sent; then null, only the token's hash stays. */
    replyTo: text('reply_to'),
    fromName: text('from_name'),
    /** Erasing the visitor (their conversations) deletes their e-mails too. */
    conversationId: text('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['queued', 'sending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    leaseUntil: ms('lease_until'),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
    sentAt: ms('sent_at'),
  },
  (t) => [
    // The claim: queued rows by due time, and sending rows whose lease ended.
    index('mail_outbox_due_idx').on(t.state, t.nextAttemptAt),
    index('mail_outbox_lease_idx').on(t.state, t.leaseUntil),
    index('mail_outbox_conversation_idx').on(t.conversationId),
  ],
);

/** Reply addresses' tokens, hashed: `reply+<token>@<ATENDO_INBOUND_DOMAIN>` leads to the conversation. */
export const mailReplyTokens = pgTable(
  'mail_reply_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('mail_reply_tokens_conversation_idx').on(t.conversationId)],
);

/** Per conversation: what continuity e-mail covered, the open window, the thread's Message-IDs. */
export const conversationMail = pgTable(
  'conversation_mail',
  {
    conversationId: text('conversation_id')
      .primaryKey()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    mailedSeq: integer('mailed_seq').notNull().default(0),
    pendingSeq: integer('pending_seq').notNull().default(0),
    dueAt: ms('due_at'),
    firstMessageId: text('first_message_id'),
    lastMessageId: text('last_message_id'),
  },
  (t) => [
    index('conversation_mail_due_idx')
      .on(t.dueAt)
      .where(sql`due_at IS NOT NULL`),
  ],
);

/**
 * Incoming e-mails already stored, by Message-ID: a message delivered twice (a retry of the sending
 * server, the webhook and the listener both) is stored once.
 */
export const mailInbound = pgTable(
  'mail_inbound',
  {
    messageId: text('message_id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    receivedAt: ms('received_at').notNull(),
  },
  (t) => [index('mail_inbound_conversation_idx').on(t.conversationId)],
);

/**
 * Webhook endpoints: where signed POSTs go (domain/webhooks). `secret` signs; after a rotation the
 * previous one signs too until `previous_secret_until`. Deleting a site deletes its endpoints.
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** JSON array of event types. */
  events: text('events').notNull(),
  siteId: text('site_id').references(() => sites.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretUntil: ms('previous_secret_until'),
  state: text('state', { enum: ['active', 'disabled'] }).notNull(),
  disabledReason: text('disabled_reason'),
  failingSince: ms('failing_since'),
  lastAttemptAt: ms('last_attempt_at'),
  lastStatus: integer('last_status'),
  lastError: text('last_error'),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

/**
 * The webhook outbox: one row per message per endpoint, `id` = the `webhook-id` header. The body is
 * fixed when enqueued; workers claim due rows with a lease (one transaction), as the mail outbox.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    body: text('body').notNull(),
    state: text('state', { enum: ['queued', 'sending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    leaseUntil: ms('lease_until'),
    createdAt: ms('created_at').notNull(),
    deliveredAt: ms('delivered_at'),
  },
  (t) => [
    // The claim: queued rows by due time, and sending rows whose lease ended.
    index('webhook_deliveries_due_idx').on(t.state, t.nextAttemptAt),
    index('webhook_deliveries_lease_idx').on(t.state, t.leaseUntil),
    // The delivery log, newest first; the pruning of old rows.
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_created_idx').on(t.createdAt),
  ],
);

/** Each HTTP attempt of a delivery (status, latency, the start of the answer): the delivery log. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: text('id').primaryKey(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    at: ms('at').notNull(),
    status: integer('status'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
    response: text('response'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.at)],
);

// The storage ports' row types (storage/types.ts) are these tables' rows, exactly, as in SQLite's
// schema: a column added here and not there (or the reverse) fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const rowsMatchPorts: {
  sites: Same<typeof sites.$inferSelect, T.SiteRow>;
  agents: Same<typeof agents.$inferSelect, T.AgentRow>;
  agentSessions: Same<typeof agentSessions.$inferSelect, T.AgentSessionRow>;
  visitors: Same<typeof visitors.$inferSelect, T.VisitorRow>;
  conversations: Same<typeof conversations.$inferSelect, T.ConversationRow>;
  messages: Same<typeof messages.$inferSelect, T.MessageRow>;
  notes: Same<typeof notes.$inferSelect, T.NoteRow>;
  cannedReplies: Same<typeof cannedReplies.$inferSelect, T.CannedReplyRow>;
  tags: Same<typeof tags.$inferSelect, T.TagRow>;
  articles: Same<typeof articles.$inferSelect, T.ArticleRow>;
  attachments: Same<typeof attachments.$inferSelect, T.AttachmentRow>;
  mailOutbox: Same<typeof mailOutbox.$inferSelect, T.MailOutboxRow>;
  mailReplyTokens: Same<typeof mailReplyTokens.$inferSelect, T.MailReplyTokenRow>;
  conversationMail: Same<typeof conversationMail.$inferSelect, T.ConversationMailRow>;
  mailInbound: Same<typeof mailInbound.$inferSelect, T.MailInboundRow>;
  accountTokens: Same<typeof accountTokens.$inferSelect, T.AccountTokenRow>;
  recoveryCodes: Same<typeof recoveryCodes.$inferSelect, T.RecoveryCodeRow>;
  teamSettings: Same<typeof teamSettings.$inferSelect, T.TeamSettingRow>;
  agentNotifications: Same<typeof agentNotifications.$inferSelect, T.AgentNotificationRow>;
  apiTokens: Same<typeof apiTokens.$inferSelect, T.ApiTokenRow>;
  webhookEndpoints: Same<typeof webhookEndpoints.$inferSelect, T.WebhookEndpointRow>;
  webhookDeliveries: Same<typeof webhookDeliveries.$inferSelect, T.WebhookDeliveryRow>;
  webhookAttempts: Same<typeof webhookAttempts.$inferSelect, T.WebhookAttemptRow>;
  contentGaps: Same<typeof contentGaps.$inferSelect, T.ContentGapRow>;
  articleStems: Same<typeof articleStems.$inferSelect, T.ArticleStemsRow>;
} = {
  sites: true,
  agents: true,
  agentSessions: true,
  visitors: true,
  conversations: true,
  messages: true,
  notes: true,
  cannedReplies: true,
  tags: true,
  articles: true,
  attachments: true,
  mailOutbox: true,
  mailReplyTokens: true,
  conversationMail: true,
  mailInbound: true,
  accountTokens: true,
  recoveryCodes: true,
  teamSettings: true,
  agentNotifications: true,
  apiTokens: true,
  webhookEndpoints: true,
  webhookDeliveries: true,
  webhookAttempts: true,
  contentGaps: true,
  articleStems: true,
};
