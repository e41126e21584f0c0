/** The console's team features, each as a user meets it. */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { AgentSummary, Conversation, LiveVisitor, Note, VisitorProfile } from '@atendo/shared';
import { AGENT, conversation, message } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

const BIA: AgentSummary = { id: 'ag_2', email: 'bia@example.com', name: 'Bia Santos', role: 'agent', status: 'online', connected: true, capacity: 5, load: 1 };
const ME: AgentSummary = { ...AGENT, status: 'away', connected: true, capacity: 5, load: 0 };
const counts = (mine: number, unassigned: number, all: number) => ({
  unread: {
    mine: { open: mine, pending: 0, resolved: 0 },
    unassigned: { open: unassigned, pending: 0, resolved: 0 },
    all: { open: all, pending: 0, resolved: 0 },
  },
});

function profile(c: Conversation, over: Partial<VisitorProfile> = {}): VisitorProfile {
  return {
    id: c.visitorId,
    siteId: c.siteId,
    name: 'Maria Souza',
    email: 'maria@example.com',
    verified: true,
    locale: 'pt-BR',
    timezone: 'America/Sao_Paulo',
    referrer: 'https://www.google.com/',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/124.0 Safari/537.36',
    attributes: { plan: 'Pro' },
    currentPage: { url: 'https://shop.example/pricing', title: 'Pricing', at: Date.now() },
    pages: [{ url: 'https://shop.example/pricing', title: 'Pricing', at: Date.now() }],
    online: true,
    createdAt: 0,
    lastSeenAt: Date.now(),
    conversations: [{ id: 'old1', status: 'resolved', lastMessagePreview: 'Refund done, thanks', lastActivityAt: 1, createdAt: 1 }],
    ...over,
  };
}

function openConversation(c: Conversation, extra: Parameters<typeof renderSignedIn>[0] = {}) {
  return renderSignedIn(
    {
      'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
      'GET /api/v1/conversations/counts': { body: counts(0, 1, 1) },
      'GET /api/v1/agents': { body: { items: [ME, BIA] } },
      [`GET /api/v1/conversations/${c.id}`]: { body: { conversation: c } },
      [`GET /api/v1/conversations/${c.id}/messages`]: {
        body: { items: [message({ conversationId: c.id, seq: 1, body: 'Where is my order?', createdAt: Date.now() })] },
      },
      [`GET /api/v1/conversations/${c.id}/notes`]: { body: { items: [] } },
      [`POST /api/v1/conversations/${c.id}/read`]: { body: { conversation: c } },
      [`GET /api/v1/live/visitors/${c.visitorId}`]: { body: { visitor: profile(c) } },
      ...extra,
    },
    `#/conversations/${c.id}`,
  );
}

describe('inbox views', () => {
  it('switches between Unassigned, Mine and Everyone, asking the server for that view, with unread counts', async () => {
    const mine = conversation({ id: 'm1', visitorName: 'Mine Visitor', assigneeId: AGENT.id, unreadCount: 2 });
    const other = conversation({ id: 'o1', visitorName: 'Other Visitor', assigneeId: BIA.id });
    const { fetch } = await renderSignedIn({
      'GET /api/v1/conversations': (call) => ({
        body: { items: call.query.get('scope') === 'mine' ? [mine] : [mine, other], nextCursor: null },
      }),
      'GET /api/v1/conversations/counts': { body: counts(1, 0, 1) },
      'GET /api/v1/agents': { body: { items: [ME, BIA] } },
    });
    const list = await screen.findByRole('list', { name: 'Conversations' });
    await within(list).findByRole('listitem', { name: 'Other Visitor' });
    expect(within(screen.getByRole('listitem', { name: 'Other Visitor' })).getByText('Bia Santos')).toBeTruthy();
    await screen.findByRole('tab', { name: /Mine.*1 unread/ });

    fireEvent.click(screen.getByRole('tab', { name: /^Mine/ }));
    await screen.findByRole('listitem', { name: 'Mine Visitor' });
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Other Visitor' })).toBeNull());
    expect(fetch.calls.some((c) => c.path === '/api/v1/conversations' && c.query.get('scope') === 'mine' && c.query.get('status') === 'open')).toBe(true);

    fireEvent.click(screen.getByRole('tab', { name: 'Pending' }));
    await waitFor(() => expect(fetch.calls.some((c) => c.query.get('scope') === 'mine' && c.query.get('status') === 'pending')).toBe(true));
  });

  it('drops a row from Mine live when it is transferred to someone else', async () => {
    const c = conversation({ id: 'm1', visitorName: 'Maria', assigneeId: AGENT.id });
    const { ws } = await renderSignedIn({
      'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
      'GET /api/v1/conversations/counts': { body: counts(0, 0, 0) },
    });
    fireEvent.click(await screen.findByRole('tab', { name: /^Mine/ }));
    await screen.findByRole('listitem', { name: 'Maria' });
    ws.receive({ type: 'conversation', conversation: { ...c, assigneeId: BIA.id } });
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Maria' })).toBeNull());
  });
});

describe('conversation', () => {
  it('writes an internal note over REST (never as a message frame) and shows it as a note', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria' });
    const note: Note = { id: 'n1', conversationId: 'c1', agentId: AGENT.id, authorName: 'Ana Lima', body: 'VIP, be quick', createdAt: Date.now() };
    const { ws, fetch } = await openConversation(c, { 'POST /api/v1/conversations/c1/notes': { status: 201, body: { note } } });
    await screen.findByText('Where is my order?');
    fireEvent.click(screen.getByRole('radio', { name: 'Internal note' }));
    const box = screen.getByRole('textbox', { name: 'Internal note' });
    fireEvent.input(box, { target: { value: 'VIP, be quick' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    const shown = await screen.findByRole('note', { name: 'Internal note by Ana Lima' });
    expect(shown.textContent).toContain('VIP, be quick');
    expect(fetch.calls.find((x) => x.path === '/api/v1/conversations/c1/notes' && x.method === 'POST')?.body).toEqual({ body: 'VIP, be quick' });
    expect(ws.frames().filter((f) => f.type === 'message.send')).toHaveLength(0);
  });

  it('inserts a canned reply when the agent types / and picks it', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria' });
    await openConversation(c, {
      'GET /api/v1/canned-replies': {
        body: {
          items: [
            { id: 'r1', shortcut: 'thanks', body: 'Thanks for waiting!', createdAt: 0 },
            { id: 'r2', shortcut: 'refund', body: 'Refunds take 5 days.', createdAt: 0 },
          ],
        },
      },
    });
    await screen.findByText('Where is my order?');
    const box = screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement;
    box.focus();
    fireEvent.input(box, { target: { value: 'Hi! /th', selectionStart: 7 } });
    const menu = await screen.findByRole('listbox', { name: 'Canned replies' });
    expect(within(menu).getAllByRole('option')).toHaveLength(1);
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(box.value).toBe('Hi! Thanks for waiting!'));
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('assigns to a teammate and marks as pending from the header', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria' });
    const { fetch } = await openConversation(c, {
      'POST /api/v1/conversations/c1/assign': (call) => ({ body: { conversation: { ...c, assigneeId: (call.body as { agentId: string }).agentId } } }),
      'POST /api/v1/conversations/c1/status': (call) => ({ body: { conversation: { ...c, status: (call.body as { status: 'pending' }).status } } }),
    });
    const select = (await screen.findByRole('combobox', { name: 'Assigned to' })) as HTMLSelectElement;
    await waitFor(() => expect(within(select).getByRole('option', { name: /Bia Santos · Online/ })).toBeTruthy());
    fireEvent.change(select, { target: { value: BIA.id } });
    await waitFor(() => expect(fetch.calls.find((x) => x.path.endsWith('/assign'))?.body).toEqual({ agentId: BIA.id }));
    fireEvent.click(screen.getByRole('button', { name: 'Pending' }));
    await waitFor(() => expect(screen.getAllByText('Pending').some((el) => el.classList.contains('pill'))).toBe(true));
    // Waiting on the visitor can be undone without resolving.
    fireEvent.click(screen.getByRole('button', { name: 'Back to open' }));
    await waitFor(() => expect(fetch.calls.filter((x) => x.path.endsWith('/status')).at(-1)?.body).toEqual({ status: 'open' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Pending' })).toBeTruthy());
  });

  it('shows the visitor sidebar and follows the visitor to a new page live', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria Souza' });
    const { ws } = await openConversation(c);
    const side = await screen.findByRole('complementary', { name: 'Details' });
    const current = () => within(side).getByTestId('current-page');
    // The page by its path (the full address in the link's tooltip), its title beside it.
    await waitFor(() => expect(within(current()).getByRole('link').textContent).toBe('/pricing'));
    expect(within(current()).getByRole('link').getAttribute('title')).toBe('https://shop.example/pricing');
    expect(within(current()).getByText('Pricing')).toBeTruthy();
    expect(within(side).getByText('maria@example.com')).toBeTruthy();
    expect(within(side).getByText('Verified')).toBeTruthy();
    expect(within(side).getByText('Chrome 124 · Windows')).toBeTruthy();
    expect(within(side).getByText('https://www.google.com/')).toBeTruthy();
    expect(within(side).getByText('Refund done, thanks')).toBeTruthy();
    expect(within(side).getByText('plan').nextElementSibling?.textContent).toBe('Pro');
    // A hash-routed shop: the route is what tells the pages apart.
    const live: LiveVisitor = {
      visitorId: c.visitorId,
      siteId: c.siteId,
      name: 'Maria Souza',
      email: null,
      currentPage: { url: 'https://shop.example/#/checkout?step=2', title: 'Checkout', at: Date.now() },
      since: Date.now(),
      returning: true,
    };
    ws.receive({ type: 'visitor.live', visitor: live });
    await waitFor(() => expect(within(current()).getByRole('link').textContent).toBe('/#/checkout?step=2'));
    expect(within(current()).getByText('Checkout')).toBeTruthy();
    const pages = within(side).getByRole('list', { name: 'Pages this visit (2)' });
    expect(
      within(pages)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['/#/checkout?step=2', '/pricing']);
  });
});

describe('typing', () => {
  it('shows who is typing until their message arrives, and announces the agent typing once per burst', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria' });
    const { ws } = await openConversation(c);
    await screen.findByText('Where is my order?');
    ws.receive({ type: 'typing', conversationId: 'c1', author: 'visitor', active: true });
    await screen.findByText('Maria is typing…');
    ws.receive({ type: 'message', message: message({ conversationId: 'c1', seq: 2, body: 'Any news?', createdAt: Date.now() }) });
    await waitFor(() => expect(screen.queryByText('Maria is typing…')).toBeNull());

    const box = screen.getByRole('textbox', { name: 'Reply' });
    fireEvent.input(box, { target: { value: 'Le' } });
    fireEvent.input(box, { target: { value: 'Let me check' } });
    const typing = () => ws.frames().filter((f) => f.type === 'typing');
    expect(typing()).toEqual([{ type: 'typing', conversationId: 'c1', active: true }]);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(typing()[1]).toEqual({ type: 'typing', conversationId: 'c1', active: false });
  });
});

describe('live visitors', () => {
  it('lists who is on the site, updates live, and starts a conversation with one', async () => {
    const a: LiveVisitor = {
      visitorId: 'v1',
      siteId: 'site_1',
      name: 'Ana',
      email: null,
      currentPage: { url: 'https://shop.example/', title: 'Home', at: 0 },
      since: Date.now() - 120_000,
      returning: true,
    };
    const started = conversation({ id: 'new1', visitorId: 'v1', visitorName: 'Ana' });
    const { ws, fetch } = await renderSignedIn(
      {
        'GET /api/v1/live/visitors': { body: { items: [a] } },
        'POST /api/v1/live/visitors/v1/conversations': { status: 201, body: { conversation: started } },
        'GET /api/v1/conversations/new1/messages': { body: { items: [] } },
      },
      '#/visitors',
    );
    const table = await screen.findByRole('table', { name: 'Visitors on your site now' });
    const row = await within(table).findByRole('row', { name: 'Ana' });
    expect(within(row).getByRole('link', { name: '/' }).getAttribute('title')).toBe('https://shop.example/');
    expect(within(row).getByText('Home')).toBeTruthy();
    expect(within(row).getByText('Returning')).toBeTruthy();
    expect(within(row).getByText('2 min')).toBeTruthy();

    // Ana moves to another page: her row follows, path first, title beside it.
    ws.receive({
      type: 'visitor.live',
      visitor: { ...a, currentPage: { url: 'https://shop.example/plans/business?utm_source=mail', title: 'Business plan', at: Date.now() } },
    });
    await waitFor(() => expect(within(row).getByTestId('live-page').querySelector('a')?.textContent).toBe('/plans/business?utm_source=mail'));
    expect(within(row).getByText('Business plan')).toBeTruthy();
    expect(within(row).queryByText('Home')).toBeNull();

    ws.receive({ type: 'visitor.live', visitor: { ...a, visitorId: 'v2', name: 'Boris', returning: false } });
    await within(table).findByRole('row', { name: 'Boris' });
    // A name given later (pre-chat form) relabels the row where it is.
    ws.receive({ type: 'visitor.live', visitor: { ...a, visitorId: 'v2', name: 'Boris Petrov', returning: false } });
    await within(table).findByRole('row', { name: 'Boris Petrov' });
    expect(within(table).queryByRole('row', { name: 'Boris' })).toBeNull();
    ws.receive({ type: 'visitor.left', visitorId: 'v2' });
    await waitFor(() => expect(within(table).queryByRole('row', { name: 'Boris Petrov' })).toBeNull());

    fireEvent.click(within(row).getByRole('button', { name: 'Start chat' }));
    const input = within(row).getByRole('textbox', { name: 'First message to Ana' });
    fireEvent.input(input, { target: { value: 'Need a hand?' } });
    fireEvent.click(within(row).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(location.hash).toBe('#/conversations/new1'));
    expect(fetch.calls.find((x) => x.path === '/api/v1/live/visitors/v1/conversations')?.body).toMatchObject({ body: 'Need a hand?' });
  });
});

describe('search, shortcuts, presence', () => {
  it('shows search results, including resolved conversations', async () => {
    const c = conversation({ id: 'c9', visitorName: 'Maria', status: 'resolved' });
    await renderSignedIn(
      {
        'GET /api/v1/search': (call) => ({
          body: { items: call.query.get('q') === '4411' ? [{ conversation: c, match: 'message', excerpt: 'where is order 4411', messageSeq: 1 }] : [] },
        }),
      },
      '#/',
    );
    const box = screen.getByRole('searchbox', { name: 'Search conversations' });
    fireEvent.input(box, { target: { value: '4411' } });
    fireEvent.submit(box.closest('form')!);
    const results = await screen.findByRole('list', { name: 'Search results' });
    expect(within(results).getByText('where is order 4411')).toBeTruthy();
    expect(within(results).getByText('Resolved')).toBeTruthy();
  });

  it('opens the ? overlay and moves through conversations with j / k', async () => {
    const a = conversation({ id: 'a1', visitorName: 'First', lastActivityAt: 3000 });
    const b = conversation({ id: 'b1', visitorName: 'Second', lastActivityAt: 2000 });
    await renderSignedIn({ 'GET /api/v1/conversations': { body: { items: [a, b], nextCursor: null } } });
    await screen.findByRole('listitem', { name: 'Second' });
    fireEvent.keyDown(document.body, { key: '?' });
    expect(await screen.findByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    fireEvent.keyDown(document.body, { key: 'j' });
    await waitFor(() => expect(location.hash).toBe('#/conversations/a1'));
  });

  it('lets the agent go online and away', async () => {
    const { fetch } = await renderSignedIn({
      'GET /api/v1/agents': { body: { items: [ME] } },
      'PUT /api/v1/agents/me/status': (call) => ({ body: { agent: { ...ME, status: (call.body as { status: 'online' }).status } } }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Away' }));
    await screen.findByRole('button', { name: 'Online' });
    expect(fetch.calls.find((x) => x.path === '/api/v1/agents/me/status')?.body).toEqual({ status: 'online' });
  });

  it('puts the unread count of my and unassigned conversations in the tab title', async () => {
    await renderSignedIn({ 'GET /api/v1/conversations/counts': { body: counts(2, 1, 5) } });
    await waitFor(() => expect(document.title).toBe('(3) Atendo'));
  });
});
