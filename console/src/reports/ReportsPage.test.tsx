import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { reportTable } from '@atendo/shared';
import { site } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';
import { reportDays } from '../state/reports';
import { aReport } from './report-fixture';

afterEach(() => {
  reportDays.value = 30;
});

describe('Reports page', () => {
  it('shows each table with the rows of its CSV, and links each CSV to the period and site shown', async () => {
    const report = aReport({ siteId: 'site_2' });
    await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [site(), site({ siteId: 'site_2', name: 'Blog' })] } },
        'GET /api/v1/reports': { body: { report } },
      },
      '#/reports',
    );
    const agents = await screen.findByRole('region', { name: 'Agents' });
    const rows = within(agents).getAllByRole('row').slice(1);
    // The same rows, in the same order, as the CSV's (shared reportTable).
    const csv = reportTable(report, 'agents').rows;
    expect(rows.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual(csv.map((r) => String(r[1])));
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Ana Souza', 'Ivan Petrov', 'Unassigned']);
    const link = within(agents).getByRole('link', { name: 'Download “Agents” as CSV' });
    const href = new URL(link.getAttribute('href')!, 'http://x');
    expect(href.pathname).toBe('/api/v1/reports/export');
    expect(Object.fromEntries(href.searchParams)).toEqual({ table: 'agents', from: String(report.from), to: String(report.to), site: 'site_2' });

    const tags = screen.getByRole('region', { name: 'Tags' });
    expect(
      within(tags)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.textContent),
    ).toEqual(['billing12', 'delivery7']);
    const bot = screen.getByRole('region', { name: 'Answer bot' });
    expect(within(bot).getByRole('row', { name: /Where is my order/ }).textContent).toBe('Where is my order?632');
    // Heatmap: Monday first; a cell says its day, hour and count.
    const heat = screen.getByRole('table', { name: 'Busiest hours' });
    expect(
      within(heat)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(within(heat).getByRole('cell', { name: `Monday 10 AM: ${report.heatmap[1]![10]}` })).toBeTruthy();
    expect(screen.getByText('Conversations started, by weekday and hour (America/Sao Paulo).')).toBeTruthy();
    // Response times: median, p90 and mean, wall clock and business hours.
    const times = screen.getByRole('region', { name: 'Response times' });
    expect(within(times).getByRole('row', { name: /^First response, business hours/ }).textContent).toBe('First response, business hours1 min5 min3 min28');
    // The fixture's busiest day: 2026-11-06, 2 open + 1 pending + 8 resolved.
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('51 conversations; busiest day Nov 6 with 11.');
  });

  it('asks for custom dates, refuses a period longer than 400 days or backwards, and fetches the dates chosen', async () => {
    const asked: URLSearchParams[] = [];
    await renderSignedIn(
      {
        'GET /api/v1/sites': { body: { items: [site()] } },
        'GET /api/v1/reports': (call) => {
          asked.push(call.query);
          return { body: { report: aReport() } };
        },
      },
      '#/reports',
    );
    await screen.findByRole('region', { name: 'Agents' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Period' }), { target: { value: 'custom' } });
    const from = screen.getByLabelText('From') as HTMLInputElement;
    const to = screen.getByLabelText('To') as HTMLInputElement;
    fireEvent.change(from, { target: { value: '2026-01-01' } });
    fireEvent.change(to, { target: { value: '2026-03-31' } });
    await waitFor(() => expect(asked.length).toBeGreaterThanOrEqual(3));
    const last = asked[asked.length - 1]!;
    expect(Number(last.get('from'))).toBe(new Date(2026, 0, 1).getTime());
    expect(Number(last.get('to'))).toBe(new Date(2026, 3, 1).getTime());
    const before = asked.length;
    fireEvent.change(from, { target: { value: '2024-01-01' } });
    expect(screen.getByRole('alert').textContent).toBe('A report covers at most 400 days.');
    fireEvent.change(from, { target: { value: '2026-04-02' } });
    expect(screen.getByRole('alert').textContent).toBe('The first day must not be after the last.');
    expect(asked.length).toBe(before);
  });
});
