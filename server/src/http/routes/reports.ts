import { Hono } from 'hono';
import { ReportQuerySchema, type ReportResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent, scope } from '../session';
import { query } from '../validate';

/** GET /reports?from=&to=&site=: volume, CSAT, NPS, first response and resolution times (agents). */
export function reportRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>().use(requireAgent(services)).get('/', scope('reports:read'), async (c) => {
    const q = query(c, ReportQuerySchema);
    return c.json<ReportResponse>({ report: await services.reports.report({ from: q.from, to: q.to, siteId: q.site }) });
  });
}
