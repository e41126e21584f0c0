import { Hono } from 'hono';
import { ReportQuerySchema, type ReportResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { route } from '../spec';

const report = route({
  summary: 'Report over a period: volume, CSAT, NPS, first response and resolution times',
  tag: 'Reports',
  auth: 'session',
  scope: 'reports:read',
  query: ReportQuerySchema,
  responses: { 200: '`{ report }`' },
});

/** GET /reports?from=&to=&site=: volume, CSAT, NPS, first response and resolution times (agents). */
export function reportRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>().use(requireAgent(services)).get('/', report, async (c) => {
    const q = report.query(c);
    return c.json<ReportResponse>({ report: await services.reports.report({ from: q.from, to: q.to, siteId: q.site }) });
  });
}
