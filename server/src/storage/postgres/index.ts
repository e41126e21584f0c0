/**
 * The PostgreSQL implementation of the storage ports (ATENDO_DATABASE_URL): one pool per process,
 * shared by every store; several instances may share the database (races settled by locks and
 * constraints in each store, see storage/index.ts and the contract suite).
 */
import type { Storage } from '../index';
import { BOOTSTRAP_LOCK_KEY, openPgDb, withAdvisoryLock, type PgDb, type PgOpenOptions } from './client';
import { PgAccountStore } from './accounts';
import { PgAgentStore } from './agents';
import { PgArticleStore } from './articles';
import { PgBotStore } from './bot';
import { PgAttachmentStore } from './attachments';
import { PgCannedReplyStore, PgNoteStore, PgTagStore } from './console';
import { PgConversationStore } from './conversations';
import { PgMailStore } from './mail';
import { PgWebhookStore } from './webhooks';
import { PgNotificationStore } from './notifications';
import { PgApiTokenStore } from './api-tokens';
import { PgReportStore } from './reports';
import { PgSearchStore } from './search';
import { PgSiteStore } from './sites';
import { PgVisitorStore } from './visitors';

export interface PostgresStorage extends Storage {
  readonly kind: 'postgres';
  /** The pool's Drizzle handle (for scrubs, health checks and tests; not for the domain). */
  readonly db: PgDb;
  /**
   * Run `fn` (first-start bootstrap: the default site, the first admin) while holding the bootstrap
   * advisory lock: instances starting together on an empty database take turns, so the later ones
   * find the site and the admin the first one made instead of making a second site, or crashing on
   * the admin's unique e-mail.
   */
  withStartLock<T>(fn: () => Promise<T>): Promise<T>;
}

export interface PostgresOptions extends PgOpenOptions {
  /** Send batches committed at once, each on a connection of its own (batches of one conversation wait their turn). */
  parallel?: number;
}

/** Open a pool on `url`, migrate (under the advisory lock, unless `migrate: false`), and the stores over it. */
export async function openPostgresStorage(url: string, opts: PostgresOptions = {}): Promise<PostgresStorage> {
  const db = await openPgDb(url, opts);
  return postgresStorageOn(db, opts);
}

/** The stores over an open pool; `close` ends the pool. */
export function postgresStorageOn(db: PgDb, opts: { parallel?: number } = {}): PostgresStorage {
  const conversations = new PgConversationStore(db, { parallel: opts.parallel });
  return {
    kind: 'postgres',
    db,
    conversations,
    search: new PgSearchStore(db),
    visitors: new PgVisitorStore(db),
    attachments: new PgAttachmentStore(db),
    agents: new PgAgentStore(db),
    accounts: new PgAccountStore(db),
    sites: new PgSiteStore(db),
    articles: new PgArticleStore(db),
    bot: new PgBotStore(db),
    canned: new PgCannedReplyStore(db),
    notes: new PgNoteStore(db),
    tags: new PgTagStore(db),
    reports: new PgReportStore(db),
    mail: new PgMailStore(db),
    webhooks: new PgWebhookStore(db),
    notifications: new PgNotificationStore(db),
    apiTokens: new PgApiTokenStore(db),
    withStartLock: (fn) => withAdvisoryLock(db.$client, BOOTSTRAP_LOCK_KEY, () => fn()),
    async close() {
      await conversations.close();
      await db.$client.end();
    },
  };
}
