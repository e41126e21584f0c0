import { Hono } from 'hono';
import type { SiteListResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';

/** Sites and their snippets, for agents. */
export function siteRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>().use(requireAgent(services)).get('/', (c) => c.json<SiteListResponse>({ items: services.sites.list() }));
}
