/**
 * Storage ports: what the domain needs from a database, per aggregate, as Promise-returning
 * interfaces. Every method is one unit of work: a method that writes more than one row runs its own
 * transaction, so callers never hold one open across an `await`. The SQLite implementation is in
 * ./sqlite (the default, one file); the contract suite in ./contract runs against every
 * implementation.
 */
import type { AccountStore } from './accounts';
import type { AgentStore } from './agents';
import type { ArticleStore } from './articles';
import type { BotStore } from './bot';
import type { AttachmentStore } from './attachments';
import type { CannedReplyStore, NoteStore, TagStore } from './console';
import type { ConversationStore } from './conversations';
import type { MailStore } from './mail';
import type { NotificationStore } from './notifications';
import type { ApiTokenStore } from './api-tokens';
import type { ReportStore } from './reports';
import type { SearchStore } from './search';
import type { SiteStore } from './sites';
import type { VisitorStore } from './visitors';
import type { WebhookStore } from './webhooks';

export type * from './types';

export interface Storage {
  /** Which implementation ('sqlite', later 'postgres'): for diagnostics and the contract suite's names. */
  readonly kind: string;
  conversations: ConversationStore;
  search: SearchStore;
  visitors: VisitorStore;
  attachments: AttachmentStore;
  agents: AgentStore;
  /** Account links and tickets, two-factor state, team-wide settings. */
  accounts: AccountStore;
  sites: SiteStore;
  articles: ArticleStore;
  /** The answer bot: its article index, counters, states and content gaps. */
  bot: BotStore;
  canned: CannedReplyStore;
  notes: NoteStore;
  tags: TagStore;
  reports: ReportStore;
  /** E-mail: the outbox, reply tokens, continuity windows. */
  mail: MailStore;
  /** Agent e-mails: each agent's choices and the notifications waiting for their batch. */
  notifications: NotificationStore;
  /** Webhooks: the endpoints, the outbox of deliveries and their attempts. */
  webhooks: WebhookStore;
  /** The team's API tokens (hashed) and their scopes. */
  apiTokens: ApiTokenStore;
  /**
   * Run `fn` (the first start's bootstrap: default site, first admin) while no other instance on
   * the same database runs its own: PostgreSQL takes an advisory lock. Absent where one process
   * owns the database (SQLite).
   */
  withStartLock?<T>(fn: () => Promise<T>): Promise<T>;
  /** Let writes in flight finish, then release the connection(s). */
  close(): Promise<void>;
}
