import { Hono } from 'hono';
import { ReportExportQuerySchema, ReportQuerySchema, reportTable, toCsv, type ReportResponse } from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAgent } from '../session';
import { route } from '../spec';

const PERIOD =
  'Over the conversations **created** in `[from, to)` (epoch ms; `to` defaults to now, `from` to 30 days before `to`; given both, `from` < `to` and at most 400 days apart), ' +
  'of one site or (no `site`) all.';

const report = route({
  summary: 'Report over a period: volume, CSAT, NPS, response and resolution times, breakdowns, the answer bot',
  description:
    `${PERIOD} Computed in the server; a figure without data is \`null\`, never 0. Days and hours are local to each site (its business hours' time zone, \`timeZone\`; \`null\` when the sites differ).\n\n` +
    '- `conversations`; `resolved`: of those, resolved now.\n' +
    '- `csat`: `{ average (2 decimals), count, distribution }` of the 1–5 answers (`distribution[0]` counts the 1s).\n' +
    '- `nps`: `{ score, count, promoters, passives, detractors }`; promoters answered 9–10, passives 7–8, detractors 0–6; score = round(100 × (promoters − detractors) / count).\n' +
    '- `firstResponse`: `{ count, medianMs, p90Ms, meanMs, business: { count, medianMs, p90Ms, meanMs } }`. Per conversation, measured from the **latest** of the visitor’s first message, ' +
    'the bot’s hand-over to a person and the last reopening by the visitor, to the first message of a person (`author` `agent`) at or after it; the bot’s and system messages never count. ' +
    'Conversations without one (never answered, or only an agent wrote) are left out. p90 is the nearest-rank 90th percentile. `business` counts only the time the site was open ' +
    '(its business hours, in its time zone, DST included; a site without business hours is open 24/7).\n' +
    '- `resolution`: the same shape, `resolved_at − created_at` over the conversations resolved now by the team (those the answer bot resolved are its own figure, `bot.resolved`).\n' +
    '- `volume`: `[{ date, open, pending, resolved }]`, every local day of the period, conversations created that day by their status now.\n' +
    '- `heatmap`: `heatmap[weekday][hour]` (weekday 0 = Sunday), conversations created in that local hour.\n' +
    '- `agents`: `[{ agentId, name, conversations, resolved, firstResponseMedianMs, resolutionMedianMs, csatAverage, csatCount }]` by the conversation’s assignee now, most conversations first; ' +
    '`agentId: null` is the unassigned ones (last).\n' +
    '- `tags`: `[{ tag, conversations }]`, most first.\n' +
    '- `bot`: `{ involved, resolved, handedOver, articles: [{ articleId, title, offered, helped, notHelped }] }`: conversations the answer bot answered in, resolved by it ("That answered it"), ' +
    "handed over to a person at the visitor's request (an agent who wrote while the bot waited is involvement only); per article offered, the conversations it was offered in and how they ended (resolved by the bot: helped; handed over: not helped).\n\n" +
    'Ratings arrive over the socket (`conversation.rate`); a conversation’s own `rating` is on the conversation. Each table is also a CSV: `GET /reports/export`.',
  tag: 'Reports',
  auth: 'session',
  scope: 'reports:read',
  query: ReportQuerySchema,
  responses: {
    200: '`{ report: { from, to, siteId, conversations, resolved, csat, nps, firstResponse, resolution, timeZone, volume, heatmap, agents, tags, bot } }`',
  },
});

const exportCsv = route({
  summary: 'One table of a report as CSV',
  description:
    `${PERIOD} \`table\`: \`volume\` (date, open, pending, resolved, total), \`heatmap\` (weekday, Monday first, and one column per hour), \`agents\` (agent, conversations, resolved, ` +
    'first_response_median_s, resolution_median_s, csat_average, csat_count), `tags` (tag, conversations) or `articles` (article, offered, helped, not_helped): ' +
    'the same rows, in the same order, as the report’s arrays (`GET /reports`). Durations in whole seconds.\n\n' +
    '`text/csv; charset=utf-8` with `Content-Disposition: attachment`: RFC 4180 (a header line, CRLF line ends, a cell with a comma, quote or line break quoted, quotes doubled); ' +
    "a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so a spreadsheet does not run it as a formula. Empty cell: no data (`null`).",
  tag: 'Reports',
  auth: 'session',
  scope: 'reports:read',
  query: ReportExportQuerySchema,
  responses: { 200: 'The CSV file.' },
});

/** GET /reports?from=&to=&site= (agents) and GET /reports/export?table=…: the report, and each of its tables as CSV. */
export function reportRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', report, async (c) => {
      const q = report.query(c);
      return c.json<ReportResponse>({ report: await services.reports.report({ from: q.from, to: q.to, siteId: q.site }) });
    })
    .get('/export', exportCsv, async (c) => {
      const q = exportCsv.query(c);
      const r = await services.reports.report({ from: q.from, to: q.to, siteId: q.site });
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="atendo-${q.table}-${day(r.from)}-${day(r.to)}.csv"`);
      c.header('Cache-Control', 'no-store');
      return c.body(toCsv(reportTable(r, q.table)));
    });
}
