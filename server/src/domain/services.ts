import type { Config } from '../config';
import type { Db } from '../storage/sqlite/client';
import { resolve } from 'node:path';
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

/** All domain services over one database and one event bus. */
export interface Services {
  /** Files in chat (issue 6). */
  attachments: AttachmentService;
  db: Db;
  bus: EventBus;
  sites: SiteService;
  agents: AgentService;
  visitors: VisitorService;
  conversations: ConversationService;
  /** Console (issue 5): presence, team and assignment, notes, tags, canned replies, search, visitor profiles. */
  presence: PresenceService;
  team: TeamService;
  inbox: InboxService;
  notes: NoteService;
  tags: TagService;
  canned: CannedReplyService;
  search: SearchService;
  profiles: VisitorProfileService;
  /** End of conversation feedback and the agents' report (issue 6). */
  ratings: RatingService;
  reports: ReportService;
  /** Help articles (issue 6): level-1 self-service in the widget. */
  articles: ArticleService;
}

function consoleServices(
  db: Db,
  bus: EventBus,
  agents: AgentService,
  conversations: ConversationService,
  presence: PresenceService,
  agentName: (id: string) => string | null,
) {
  return {
    presence,
    team: new TeamService(db, bus, agents, conversations, presence),
    inbox: new InboxService(db, bus, conversations),
    notes: new NoteService(db, bus, conversations, agentName),
    tags: new TagService(db, bus, conversations),
    canned: new CannedReplyService(db),
    search: new SearchService(db, conversations),
    profiles: new VisitorProfileService(db, presence),
  };
}

export function createServices(db: Db, config: Pick<Config, 'publicUrl' | 'sessionTtlMs'> & Partial<Pick<Config, 'dataDir'>>): Services {
  const bus = new EventBus();
  const agents = new AgentService(db, bus, config.sessionTtlMs);
  const names = new Map<string, string>();
  const agentName = (id: string) => {
    let name = names.get(id);
    if (name === undefined) {
      name = agents.get(id)?.name ?? '';
      names.set(id, name);
    }
    return name || null;
  };
  const conversations = new ConversationService(db, bus, agentName);
  // Attachments (issue 6): files under <ATENDO_DATA_DIR>/uploads, linked to messages in the send transaction.
  const attachments = new AttachmentService(db, resolve(config.dataDir ?? './data', 'uploads'));
  conversations.attachments = attachments;
  const presence = new PresenceService(bus);
  return {
    db,
    bus,
    sites: new SiteService(db, config.publicUrl, bus),
    agents,
    visitors: new VisitorService(db, attachments),
    attachments,
    conversations,
    ...consoleServices(db, bus, agents, conversations, presence, agentName),
    ratings: new RatingService(db, bus, conversations),
    reports: new ReportService(db),
    articles: new ArticleService(db),
  };
}
