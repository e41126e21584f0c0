import { Hono } from 'hono';
import { ReportQuerySchema, type ReportResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { route } from '../spec';

const report = route({
  summary: 'Report over a period: volume, CSAT, NPS, first response and resolution times',
  description:
    'Over the conversations **created** in `[from, to)` (epoch ms; `to` defaults to now, `from` to 30 days before `to`; given both, `from` < `to` and at most 400 days apart), ' +
    'of one site or (no `site`) all. Computed in the server; a figure without data is `null`, never 0.\n\n' +
    '- `conversations`; `resolved`: of those, resolved now.\n' +
    '- `csat`: `{ average (2 decimals), count, distribution }` of the 1–5 answers (`distribution[0]` counts the 1s).\n' +
    '- `nps`: `{ score, count, promoters, passives, detractors }`; promoters answered 9–10, passives 7–8, detractors 0–6; score = round(100 × (promoters − detractors) / count).\n' +
    '- `firstResponse`: `{ medianMs, count }`: per conversation, the first agent message after the visitor’s first message (by `seq`) minus that message’s time, ' +
    'over the conversations that have one (an agent writing first, proactively, does not count).\n' +
    '- `resolution`: `{ meanMs, count }`: `resolved_at − created_at` over the conversations resolved now.\n\n' +
    'Ratings arrive over the socket (`conversation.rate`); a conversation’s own `rating` is on the conversation.',
  tag: 'Reports',
  auth: 'session',
  scope: 'reports:read',
  query: ReportQuerySchema,
  responses: { 200: '`{ report: { from, to, siteId, conversations, resolved, csat, nps, firstResponse, resolution } }`' },
});

/** GET /reports?from=&to=&site=: volume, CSAT, NPS, first response and resolution times (agents). */
export function reportRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>().use(requireAgent(services)).get('/', report, async (c) => {
    const q = report.query(c);
    return c.json<ReportResponse>({ report: await services.reports.report({ from: q.from, to: q.to, siteId: q.site }) });
  });
}
