import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { Conversation, Message } from '@atendo/shared';
import { AGENT, conversation, FakeWebSocket, message } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

function openWith(c: Conversation, messages: Message[]) {
  return renderSignedIn(
    {
      'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
      [`GET /api/v1/conversations/${c.id}`]: { body: { conversation: c } },
      [`GET /api/v1/conversations/${c.id}/messages`]: (call) => ({
        body: { items: messages.filter((m) => m.seq > Number(call.query.get('after') ?? 0)) },
      }),
      [`POST /api/v1/conversations/${c.id}/read`]: { body: { conversation: { ...c, unreadCount: 0 } } },
      [`POST /api/v1/conversations/${c.id}/status`]: (call) => ({
        body: { conversation: { ...c, status: (call.body as { status: 'open' | 'resolved' }).status } },
      }),
    },
    `#/conversations/${c.id}`,
  );
}

const sentFrames = (ws: FakeWebSocket) => ws.frames().filter((f) => f.type === 'message.send');

describe('Conversation view', () => {
  it('shows the transcript with visitor and agent messages and marks it read', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 2, unreadCount: 1 });
    const { ws, fetch } = await openWith(c, [
      message({
        conversationId: 'c1',
        seq: 1,
        author: 'agent',
        agentId: AGENT.id,
        authorName: 'Ana Lima',
        body: 'Welcome!',
        createdAt: Date.now() - 3 * 86_400_000,
      }),
      message({ conversationId: 'c1', seq: 2, body: 'Hi, I need help', createdAt: Date.now() }),
    ]);

    const log = await screen.findByRole('log', { name: 'Messages with Maria' });
    await within(log).findByText('Hi, I need help');
    expect(within(log).getByText('Welcome!').closest('.msg')?.className).toContain('msg-agent');
    expect(within(log).getByText('Hi, I need help').closest('.msg')?.className).toContain('msg-visitor');
    // One separator per day: three days ago, then today.
    const days = within(log).getAllByRole('heading');
    expect(days).toHaveLength(2);
    expect(days[1]?.textContent).toBe('Today');
    expect(within(log).getByText('Ana Lima')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Maria' })).toBeTruthy();

    await waitFor(() => {
      const overSocket = ws.frames().some((f) => f.type === 'conversation.read' && f.conversationId === 'c1' && f.seq === 2);
      const overRest = fetch.calls.some((call) => call.path === '/api/v1/conversations/c1/read');
      expect(overSocket || overRest).toBe(true);
    });
    await waitFor(() => expect(within(screen.getByRole('listitem', { name: 'Maria' })).queryByText(/unread/)).toBeNull());
  });

  it('shows "Seen" under the newest agent message the visitor has read, and moves it when they read more', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 3, visitorReadSeq: 1 });
    const { ws } = await openWith(c, [
      message({ conversationId: 'c1', seq: 1, author: 'agent', agentId: AGENT.id, authorName: 'Ana Lima', body: 'First reply' }),
      message({ conversationId: 'c1', seq: 2, body: 'Thanks' }),
      message({ conversationId: 'c1', seq: 3, author: 'agent', agentId: AGENT.id, authorName: 'Ana Lima', body: 'Second reply' }),
    ]);
    const log = await screen.findByRole('log', { name: 'Messages with Maria' });
    await within(log).findByText('Second reply');
    const seenUnder = () =>
      within(log)
        .queryAllByText(/Seen/)
        .map((el) => el.closest('.msg')?.textContent ?? '');
    expect(seenUnder()).toHaveLength(1);
    expect(seenUnder()[0]).toContain('First reply');
    ws.receive({ type: 'read', conversationId: 'c1', reader: 'visitor', seq: 3 });
    await waitFor(() => expect(seenUnder()[0]).toContain('Second reply'));
    expect(seenUnder()).toHaveLength(1);
  });

  it('shows a reply as pending until its ack, then as sent', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 1 });
    const { ws } = await openWith(c, [message({ conversationId: 'c1', seq: 1, body: 'Hello?' })]);
    const log = await screen.findByRole('log');
    await within(log).findByText('Hello?');

    const box = screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'Line one' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(sentFrames(ws)).toHaveLength(0);

    fireEvent.input(box, { target: { value: '  Sure, how can I help?  ' } });
    fireEvent.keyDown(box, { key: 'Enter' });

    expect(await within(log).findByText('Sending…')).toBeTruthy();
    expect(box.value).toBe('');
    const [sent] = sentFrames(ws);
    expect(sent).toMatchObject({ type: 'message.send', conversationId: 'c1', body: 'Sure, how can I help?' });
    const clientId = String(sent?.clientId);
    expect(clientId).toMatch(/^[A-Za-z0-9_-]{10,64}$/);

    ws.receive({
      type: 'ack',
      clientId,
      message: message({ conversationId: 'c1', seq: 2, clientId, author: 'agent', agentId: AGENT.id, authorName: AGENT.name, body: 'Sure, how can I help?' }),
    });
    await waitFor(() => expect(within(log).queryByText('Sending…')).toBeNull());
    expect(within(log).getAllByText('Sure, how can I help?')).toHaveLength(1);

    // The broadcast of the same message to this agent's other sockets must not duplicate it.
    ws.receive({ type: 'message', message: message({ conversationId: 'c1', seq: 2, clientId, author: 'agent', body: 'Sure, how can I help?' }) });
    ws.receive({ type: 'message', message: message({ conversationId: 'c1', seq: 3, body: 'Thanks!' }) });
    await within(log).findByText('Thanks!');
    expect(within(log).getAllByText('Sure, how can I help?')).toHaveLength(1);
  });

  it('sends with the Send button and marks a refused message as failed with a retry', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 0, lastMessagePreview: null });
    const { ws } = await openWith(c, []);
    await screen.findByText('No messages yet.');
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send.hasAttribute('disabled')).toBe(true);

    fireEvent.input(screen.getByRole('textbox', { name: 'Reply' }), { target: { value: 'Hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const [sent] = sentFrames(ws);
    ws.receive({ type: 'error', code: 'rate_limited', message: 'Too many messages', clientId: String(sent?.clientId) });

    expect(await screen.findByText('Not sent: Too many messages')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(sentFrames(ws)).toHaveLength(2));
    expect(sentFrames(ws)[1]?.clientId).toBe(sent?.clientId);
  });

  it('renders HTML and javascript: payloads as inert text; only http(s) becomes a link', async () => {
    const c = conversation({ id: 'c1', visitorName: '<b>Eve</b>' });
    const html = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><b>bold</b>';
    await openWith(c, [
      message({ conversationId: 'c1', seq: 1, body: html }),
      message({ conversationId: 'c1', seq: 2, body: 'click javascript:alert(1) or [x](javascript:alert(2)) or https://example.com/help.' }),
    ]);
    const log = await screen.findByRole('log');
    await within(log).findByText(html);

    expect(log.querySelector('img, script, b')).toBeNull();
    expect(document.querySelector('img, b')).toBeNull();
    const links = within(log).getAllByRole('link');
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.com/help']);
    expect(links[0]?.getAttribute('rel')).toContain('noopener');
    expect(log.textContent).toContain('javascript:alert(1)');
    expect(document.querySelectorAll('a[href^="javascript"]')).toHaveLength(0);
    expect(screen.getByRole('heading', { name: '<b>Eve</b>' })).toBeTruthy();
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('resolves and reopens', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria' });
    const { fetch } = await openWith(c, []);
    fireEvent.click(await screen.findByRole('button', { name: 'Resolve' }));
    expect(await screen.findByRole('button', { name: 'Reopen' })).toBeTruthy();
    expect(fetch.calls.find((call) => call.path === '/api/v1/conversations/c1/status')?.body).toEqual({ status: 'resolved' });
    fireEvent.click(screen.getByRole('button', { name: 'Reopen' }));
    expect(await screen.findByRole('button', { name: 'Resolve' })).toBeTruthy();
  });

  it('shows Reconnecting…, queues what is typed offline and sends it on reconnect, then catches up', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 1 });
    const history = [message({ conversationId: 'c1', seq: 1, body: 'First' })];
    const { ws, fetch } = await openWith(c, history);
    await screen.findByText('First');

    ws.serverClose(1006);
    expect(await screen.findByText('Reconnecting…')).toBeTruthy();

    const box = screen.getByRole('textbox', { name: 'Reply' });
    fireEvent.input(box, { target: { value: 'Typed offline' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(await screen.findByText('Waiting for connection…')).toBeTruthy();

    // Meanwhile the visitor wrote again.
    history.push(message({ conversationId: 'c1', seq: 2, body: 'Missed while offline' }));

    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2), { timeout: 3000 });
    const ws2 = FakeWebSocket.last();
    ws2.open();
    expect(ws2.frames()[0]).toEqual({ type: 'hello', v: 1, role: 'agent', resume: { c1: 1 } });
    ws2.receive({ type: 'welcome', v: 1, role: 'agent', agent: AGENT });

    const [queued] = sentFrames(ws2);
    expect(queued).toMatchObject({ conversationId: 'c1', body: 'Typed offline' });
    await waitFor(() => expect(screen.queryByText('Reconnecting…')).toBeNull());
    expect(await screen.findByText('Missed while offline')).toBeTruthy();
    expect(fetch.calls.some((call) => call.path === '/api/v1/conversations/c1/messages' && call.query.get('after') === '1')).toBe(true);
    expect(fetch.calls.filter((call) => call.path === '/api/v1/conversations')).toHaveLength(2);
    expect(await screen.findByText('Sending…')).toBeTruthy();
  });

  it('heals a hole a lost live frame left, even when the first fetch of the gap fails: in order, complete', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 1 });
    const history = [message({ conversationId: 'c1', seq: 1, body: 'One' })];
    let failNext = false;
    const { ws, fetch } = await renderSignedIn(
      {
        'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
        'GET /api/v1/conversations/c1': { body: { conversation: c } },
        'GET /api/v1/conversations/c1/messages': (call) => {
          if (failNext) {
            failNext = false;
            return { status: 503, body: { error: { code: 'internal', message: 'try later' } } };
          }
          return { body: { items: history.filter((m) => m.seq > Number(call.query.get('after') ?? 0)) } };
        },
        'POST /api/v1/conversations/c1/read': { body: { conversation: { ...c, unreadCount: 0 } } },
      },
      '#/conversations/c1',
    );
    const log = await screen.findByRole('log', { name: 'Messages with Maria' });
    await within(log).findByText('One');
    const bodies = () => [...log.querySelectorAll('.msg')].map((el) => ['One', 'Two', 'Three', 'Four'].find((b) => el.textContent?.includes(b)));
    const fetchedAfter = () => fetch.calls.filter((call) => call.path === '/api/v1/conversations/c1/messages').map((call) => call.query.get('after'));

    // Seq 2 is stored but its live frame never comes; seq 3's does, and the fetch of the gap fails.
    history.push(message({ conversationId: 'c1', seq: 2, body: 'Two' }), message({ conversationId: 'c1', seq: 3, body: 'Three' }));
    failNext = true;
    ws.receive({ type: 'message', message: history[2]! });
    await within(log).findByText('Three');
    await waitFor(() => expect(fetchedAfter()).toEqual(['0', '1']));
    expect(bodies()).toEqual(['One', 'Three']);
    // The next live message finds the hole still there and fetches from below it.
    history.push(message({ conversationId: 'c1', seq: 4, body: 'Four' }));
    ws.receive({ type: 'message', message: history[3]! });
    await within(log).findByText('Two');
    expect(bodies()).toEqual(['One', 'Two', 'Three', 'Four']);
    expect(fetchedAfter()).toEqual(['0', '1', '1']);
  });

  it('fetches the rest when a row announces a newer message than the open thread holds', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 1 });
    const history = [message({ conversationId: 'c1', seq: 1, body: 'One' })];
    const { ws } = await openWith(c, history);
    const log = await screen.findByRole('log', { name: 'Messages with Maria' });
    await within(log).findByText('One');
    history.push(message({ conversationId: 'c1', seq: 2, body: 'Only in storage' }));
    ws.receive({ type: 'conversation', conversation: { ...c, lastSeq: 2 } });
    expect(await within(log).findByText('Only in storage', {}, { timeout: 3000 })).toBeTruthy();
  });
});
