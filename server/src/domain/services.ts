import type { Config } from '../config';
import type { Db } from '../db/client';
import { AgentService } from './agents';
import { ConversationService } from './conversations';
import { EventBus } from './events';
import { SiteService } from './sites';
import { VisitorService } from './visitors';

/** All domain services over one database and one event bus. */
export interface Services {
  db: Db;
  bus: EventBus;
  sites: SiteService;
  agents: AgentService;
  visitors: VisitorService;
  conversations: ConversationService;
}

export function createServices(db: Db, config: Pick<Config, 'publicUrl' | 'sessionTtlMs'>): Services {
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
  return {
    db,
    bus,
    sites: new SiteService(db, config.publicUrl),
    agents,
    visitors: new VisitorService(db),
    conversations: new ConversationService(db, bus, agentName),
  };
}
