/** The SQLite implementation of the storage ports (the default: one file, or ':memory:' in tests). */
import type { Storage } from '../index';
import { openDb, type Db } from './client';
import { SqliteAccountStore } from './accounts';
import { SqliteAgentStore } from './agents';
import { SqliteArticleStore } from './articles';
import { SqliteBotStore } from './bot';
import { SqliteAttachmentStore } from './attachments';
import { SqliteCannedReplyStore, SqliteNoteStore, SqliteTagStore } from './console';
import { SqliteConversationStore } from './conversations';
import { SqliteMailStore } from './mail';
import { SqliteWebhookStore } from './webhooks';
import { SqliteNotificationStore } from './notifications';
import { SqliteApiTokenStore } from './api-tokens';
import { SqliteReportStore } from './reports';
import { SqliteSearchStore } from './search';
import { SqliteSiteStore } from './sites';
import { SqliteVisitorStore } from './visitors';

export interface SqliteStorage extends Storage {
  readonly kind: 'sqlite';
  /** The connection of the event loop (for the writer thread's file name and scrubs; not for the domain). */
  readonly db: Db;
  readonly file: string;
}

export interface SqliteOptions {
  /** The send path's transactions on a thread of their own (a file only: ':memory:' has one connection). */
  writer?: 'thread' | 'inline';
}

/** Open (create, migrate) the database at `file` and the stores over it. */
export function openSqliteStorage(file: string, opts: SqliteOptions = {}): SqliteStorage {
  const db = openDb(file);
  const search = new SqliteSearchStore(db);
  const conversations = new SqliteConversationStore(db, file, search, { writer: file !== ':memory:' && opts.writer === 'thread' });
  return {
    kind: 'sqlite',
    db,
    file,
    conversations,
    search,
    visitors: new SqliteVisitorStore(db),
    attachments: new SqliteAttachmentStore(db),
    agents: new SqliteAgentStore(db),
    accounts: new SqliteAccountStore(db),
    sites: new SqliteSiteStore(db),
    articles: new SqliteArticleStore(db),
    bot: new SqliteBotStore(db),
    canned: new SqliteCannedReplyStore(db),
    notes: new SqliteNoteStore(db),
    tags: new SqliteTagStore(db),
    reports: new SqliteReportStore(db),
    mail: new SqliteMailStore(db),
    webhooks: new SqliteWebhookStore(db),
    notifications: new SqliteNotificationStore(db),
    apiTokens: new SqliteApiTokenStore(db),
    async close() {
      await conversations.close();
      db.$client.close();
    },
  };
}
