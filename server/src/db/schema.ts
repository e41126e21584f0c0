/** The SQLite schema. Migrations in ../../drizzle are generated from this file by drizzle-kit. */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  teamName: text('team_name').notNull(),
  greeting: text('greeting').notNull(),
  color: text('color').notNull(),
  /** HMAC secret for identity verification (issue: secure by default). */
  secret: text('secret').notNull(),
  /** JSON array of allowed origins. */
  allowedOrigins: text('allowed_origins').notNull().default('[]'),
  createdAt: integer('created_at').notNull(),
});

export const agents = sqliteTable('agents', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['admin', 'agent'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const agentSessions = sqliteTable(
  'agent_sessions',
  {
    /** SHA-256 of the cookie value: a stolen database does not yield live sessions. */
    tokenHash: text('token_hash').primaryKey(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('agent_sessions_agent_idx').on(t.agentId)],
);

export const visitors = sqliteTable(
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
    locale: text('locale'),
    lastPageUrl: text('last_page_url'),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('visitors_site_idx').on(t.siteId)],
);

export const conversations = sqliteTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: text('visitor_id')
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['open', 'resolved'] }).notNull(),
    lastSeq: integer('last_seq').notNull().default(0),
    lastMessagePreview: text('last_message_preview'),
    lastMessageAuthor: text('last_message_author', { enum: ['visitor', 'agent', 'system'] }),
    lastActivityAt: integer('last_activity_at').notNull(),
    unreadCount: integer('unread_count').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    resolvedAt: integer('resolved_at'),
  },
  (t) => [
    index('conversations_status_activity_idx').on(t.status, t.lastActivityAt, t.id),
    index('conversations_activity_idx').on(t.lastActivityAt, t.id),
    index('conversations_visitor_idx').on(t.visitorId),
  ],
);

export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    clientId: text('client_id').notNull(),
    author: text('author', { enum: ['visitor', 'agent', 'system'] }).notNull(),
    agentId: text('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_uq').on(t.conversationId, t.seq),
    uniqueIndex('messages_conversation_client_uq').on(t.conversationId, t.clientId),
  ],
);
