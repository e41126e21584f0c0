import type { Config } from '../config';
import { resolve } from 'node:path';
import type { Storage } from '../storage';
import type { Blobs } from '../storage/blobs';
import { LocalBlobs } from '../storage/local-blobs';
import type { Bus, RateLimits } from '../state';
import { MemoryRateLimits } from '../state/memory';
import { DEFAULT_LIMITS } from '../security/limits';
import { AccountService } from './accounts';
import { AgentService } from './agents';
import { AttachmentService } from './attachments';
import { ConversationService } from './conversations';
import { EventBus } from './events';
import { SiteService } from './sites';
import { VisitorService } from './visitors';
import { CannedReplyService } from './canned';
import { InboxService } from './inbox';
import { NoteService } from './notes';
import { PresenceService } from './presence';
import { SearchService } from './search';
import { TagService } from './tags';
import { TeamService } from './team';
import { VisitorProfileService } from './visitor-profile';
import { RatingService } from './ratings';
import { ReportService } from './reports';
import { ArticleService } from './articles';
import { BotService, botAnswersNow } from './bot/service';
import { MailService, type MailOptions } from './mail';
import { InboundMailService } from './mail/inbound';
import { MailStatusService } from './mail/status';
import { NotifySettingsService } from './mail/agent-notify';
import { WebhookService, type WebhookOptions } from './webhooks';
import { ApiTokenService } from './api-tokens';

/** All domain services over one storage, one event bus and the process state (presence, blobs). */
export interface Services {
  /** The storage ports (storage/index.ts): for start-up work and tests' store helpers, not for routes. */
  storage: Storage;
  bus: Bus;
  /** Rate limits and connection caps (in memory on one box). */
  rateLimits: RateLimits;
  /** Files in chat. */
  attachments: AttachmentService;
  sites: SiteService;
  agents: AgentService;
  /** Invitation and password links, two-factor sign-in, the team's sign-in rule. */
  accounts: AccountService;
  visitors: VisitorService;
  conversations: ConversationService;
  /** Console: presence, team and assignment, notes, tags, canned replies, search, visitor profiles. */
  presence: PresenceService;
  team: TeamService;
  inbox: InboxService;
  notes: NoteService;
  tags: TagService;
  canned: CannedReplyService;
  search: SearchService;
  profiles: VisitorProfileService;
  /** End of conversation feedback and the agents' report. */
  ratings: RatingService;
  reports: ReportService;
  /** Help articles: level-1 self-service in the widget. */
  articles: ArticleService;
  /** The answer bot: answers a new conversation's first message with articles, hands over to a person; content gaps. */
  bot: BotService;
  /** E-mail (continuity out and its outbox): only when ATENDO_SMTP_URL is set; the server starts and stops it. */
  mail: MailService | null;
  /** E-mail in: visitors' answers to continuity e-mails (the SMTP listener and the webhook hand them here). */
  inboundMail: InboundMailService;
  /** What the console shows about a conversation's e-mails (whether e-mail is on or not). */
  mailStatus: MailStatusService;
  /** Each agent's choice of notification e-mails (sent by `mail.agentNotify` when e-mail is on). */
  notifySettings: NotifySettingsService;
  /** The team's API tokens: created, listed and revoked by admins, checked on bearer requests. */
  apiTokens: ApiTokenService;
  /** Webhooks: endpoints, the enqueuer and the outbox worker (the server starts and stops it). */
  webhooks: WebhookService;
}

export interface ServiceParts {
  bus?: Bus;
  blobs?: Blobs;
  rateLimits?: RateLimits;
  /** E-mail's knobs (tests: a mailer, short timers). */
  mail?: MailOptions;
  /** Webhooks' knobs (tests: short timeouts and retries, a resolver). */
  webhooks?: Partial<WebhookOptions>;
}

/**
 * Build the services over `storage` and load what they keep in memory (agents' names, who is
 * online): resolves when they are ready to serve.
 */
export async function createServices(
  storage: Storage,
  config: Pick<Config, 'publicUrl' | 'sessionTtlMs'> & Partial<Pick<Config, 'dataDir' | 'mail' | 'uploads' | 'limits' | 'webhooks'>>,
  parts: ServiceParts = {},
): Promise<Services> {
  const bus = parts.bus ?? new EventBus();
  const presence = new PresenceService(bus);
  const agents = new AgentService(storage.agents, bus, config.sessionTtlMs);
  const agentName = (id: string) => agents.nameOf(id);
  // Auto-assignment picks among the agents connected now (presence), inside the send's transaction.
  const conversations = new ConversationService(storage.conversations, bus, agentName, () => presence.connectedAgents());
  // Attachments: bytes under <ATENDO_DATA_DIR>/uploads, rows linked to messages in the send transaction.
  const attachments = new AttachmentService(storage.attachments, parts.blobs ?? new LocalBlobs(resolve(config.dataDir ?? './data', 'uploads')));
  // Agent notifications ask the team and presence (built below) only once events flow.
  const mail: MailService | null = config.mail?.smtpUrl
    ? new MailService(storage, bus, agentName, config.mail, parts.mail, {
        publicUrl: config.publicUrl,
        anyoneOnline: (): boolean => team.anyoneOnline(),
        isConnected: (id) => presence.isConnected(id),
      })
    : null;
  const accounts = new AccountService(storage.accounts, storage.agents, agents, {
    publicUrl: config.publicUrl,
    enqueue: mail && ((row) => mail.enqueue(row)),
    teamName: config.mail?.from.name,
  });
  const team = new TeamService(storage.agents, bus, agents, conversations, presence, accounts);
  const rateLimits = parts.rateLimits ?? new MemoryRateLimits();
  const sites = new SiteService(storage.sites, config.publicUrl, bus, attachments);
  const bot = new BotService({
    storage,
    bus,
    conversations,
    anyoneOnline: () => team.anyoneOnline(),
    assignable: () => conversations.assignable(),
    assigned: (conversationId, agentId) => mail?.agentNotify?.assigned(conversationId, agentId, null),
    sitesChanged: async () => {
      await sites.reload();
      bus.emit({ type: 'cache.changed', what: 'sites' });
    },
  });
  // A new conversation the bot is about to answer opens unassigned: its hand-over assigns it.
  conversations.deferAssignment = (siteId) => {
    const site = sites.cachedRows().find((row) => row.id === siteId);
    return site ? botAnswersNow(site, team.anyoneOnline(), Date.now()) : false;
  };
  const services: Services = {
    storage,
    bus,
    rateLimits,
    sites,
    agents,
    accounts,
    visitors: new VisitorService(storage.visitors, attachments, bus),
    attachments,
    conversations,
    presence,
    team,
    inbox: new InboxService(storage.conversations, bus, conversations),
    notes: new NoteService(storage.notes, bus, conversations, agentName),
    tags: new TagService(storage.tags, bus, conversations),
    canned: new CannedReplyService(storage.canned),
    search: new SearchService(storage.search, conversations),
    profiles: new VisitorProfileService(storage.visitors, presence),
    ratings: new RatingService(storage.reports, bus, conversations),
    reports: new ReportService(storage.reports),
    // Every article written is stemmed for the answer bot's search.
    articles: new ArticleService(storage.articles, storage.sites, (row) => bot.index(row)),
    bot,
    mail,
    inboundMail: new InboundMailService(storage.mail, conversations, attachments, {
      maxFileBytes: config.uploads?.maxBytes ?? 10 * 1024 * 1024,
      log: parts.mail?.log,
    }),
    mailStatus: new MailStatusService(storage.mail, conversations, config.mail),
    notifySettings: new NotifySettingsService(storage.notifications, mail !== null),
    apiTokens: new ApiTokenService(storage.apiTokens, rateLimits, config.limits?.apiRequestsPerTokenPerMinute ?? DEFAULT_LIMITS.apiRequestsPerTokenPerMinute),
    webhooks: new WebhookService(storage.webhooks, bus, {
      publicUrl: config.publicUrl,
      allowPrivate: config.webhooks?.allowPrivate ?? false,
      agentName,
      siteExists: async (id) => (await storage.sites.get(id)) !== undefined,
      admins: async () => (await storage.agents.list()).filter((a) => a.role === 'admin' && a.deactivatedAt == null),
      enqueueMail: mail && ((row) => mail.enqueue(row)),
      ...parts.webhooks,
    }),
  };
  // A site changed on another instance: this one's upgrade check reads the new rows.
  bus.on((event, remote) => {
    if (remote && event.type === 'cache.changed' && event.what === 'sites')
      sites.reload().catch((err: unknown) => console.error('reloading the sites failed', err));
  });
  await Promise.all([agents.init(), team.init(), sites.init(), accounts.init(), services.webhooks.init(), bot.init()]);
  return services;
}
