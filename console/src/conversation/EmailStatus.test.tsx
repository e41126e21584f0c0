/** The details pane's e-mail section: whether replies are e-mailed, and each e-mail's state; the visitor's address as a mailto: link. */
import { describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/preact';
import type { Conversation, ConversationEmail, ConversationEmailsResponse, Locale, VisitorProfile } from '@atendo/shared';
import { AGENT, conversation, message, type Route } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';
import { locale } from '../i18n';
import { fullDateTime, mailtoHref } from '../format';
import { EMAIL_POLL_MS } from './EmailStatus';

function profile(c: Conversation, over: Partial<VisitorProfile> = {}): VisitorProfile {
  return {
    id: c.visitorId,
    siteId: c.siteId,
    name: 'Maria Souza',
    email: 'maria@example.com',
    verified: false,
    locale: 'pt-BR',
    timezone: null,
    referrer: null,
    userAgent: null,
    attributes: {},
    currentPage: null,
    pages: [],
    online: false,
    createdAt: 0,
    lastSeenAt: Date.now(),
    conversations: [],
    ...over,
  };
}

const mail = (over: Partial<ConversationEmail>): ConversationEmail => ({
  id: `e_${Math.random().toString(36).slice(2, 8)}`,
  state: 'queued',
  subject: 'Re: Where is my order?',
  createdAt: Date.UTC(2026, 11, 4, 3, 0),
  sentAt: null,
  nextAttemptAt: null,
  attempts: 0,
  lastError: null,
  ...over,
});

function open(c: Conversation, emails: Route, over: Partial<VisitorProfile> = {}) {
  return renderSignedIn(
    {
      'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
      [`GET /api/v1/conversations/${c.id}`]: { body: { conversation: c } },
      [`GET /api/v1/conversations/${c.id}/messages`]: { body: { items: [message({ conversationId: c.id, seq: 1, body: 'Where is my order?' })] } },
      [`GET /api/v1/conversations/${c.id}/notes`]: { body: { items: [] } },
      [`POST /api/v1/conversations/${c.id}/read`]: { body: { conversation: c } },
      [`GET /api/v1/live/visitors/${c.visitorId}`]: { body: { visitor: profile(c, over) } },
      [`GET /api/v1/conversations/${c.id}/emails`]: emails,
    },
    `#/conversations/${c.id}`,
  );
}

const answer = (body: Partial<ConversationEmailsResponse>): Route => ({ body: { enabled: true, delaySeconds: 120, emails: [], ...body } });
const side = () => screen.findByRole('complementary', { name: /Details|Detalhes|Сведения/ });
const emailSection = async () => within(await side()).findByRole('region', { name: /E-mail|Эл\. почта/ });

describe('details pane: e-mail', () => {
  const lines: Record<Locale, { on: string; none: string; off: string }> = {
    en: {
      on: 'Replies are e-mailed to maria@example.com if they are not read in the chat within 2 minutes.',
      none: 'No e-mail address: replies wait in the chat.',
      off: 'E-mail is off on this server.',
    },
    'pt-BR': {
      on: 'As respostas vão por e-mail para maria@example.com se não forem lidas no chat em 2 minutos.',
      none: 'Sem endereço de e-mail: as respostas ficam esperando no chat.',
      off: 'O e-mail está desativado neste servidor.',
    },
    ru: {
      on: 'Ответы уходят на maria@example.com, если их не прочитают в чате за 2 минуты.',
      none: 'Адреса почты нет: ответы ждут в чате.',
      off: 'Почта на этом сервере выключена.',
    },
  };

  for (const l of ['en', 'pt-BR', 'ru'] as const) {
    it(`says whether replies are e-mailed: on with an address, on without one, off (${l})`, async () => {
      locale.value = l;
      const c = conversation({ id: 'c1', visitorName: 'Maria Souza' });
      const on = await open(c, answer({}));
      await waitFor(async () => expect(within(await emailSection()).getByTestId('email-line').textContent).toBe(lines[l].on));
      on.unmount();

      const c2 = conversation({ id: 'c2', visitorName: 'Maria Souza' });
      const none = await open(c2, answer({}), { email: null });
      await waitFor(async () => expect(within(await emailSection()).getByTestId('email-line').textContent).toBe(lines[l].none));
      none.unmount();

      const c3 = conversation({ id: 'c3', visitorName: 'Maria Souza' });
      await open(c3, answer({ enabled: false }));
      await waitFor(async () => expect(within(await emailSection()).getByTestId('email-line').textContent).toBe(lines[l].off));
    });
  }

  it('lists each e-mail, newest first: queued with its next attempt, sent with its time, failed with the reason', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria Souza' });
    const t0 = Date.UTC(2026, 11, 4, 3, 0);
    await open(
      c,
      answer({
        emails: [
          mail({ id: 'e1', state: 'sent', sentAt: t0 + 60_000, subject: 'Re: first' }),
          mail({ id: 'e2', state: 'failed', attempts: 8, lastError: '550 5.1.1 No such user', subject: 'Re: second' }),
          mail({ id: 'e3', state: 'queued', attempts: 1, nextAttemptAt: t0 + 600_000, lastError: '421 Try later', subject: 'Re: third' }),
        ],
      }),
    );
    const list = await within(await emailSection()).findByRole('list', { name: 'E-mails of this conversation' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.email-subject')?.textContent)).toEqual(['Re: third', 'Re: second', 'Re: first']);
    expect(items[0]!.textContent).toContain(`Queued · next attempt ${fullDateTime(t0 + 600_000, 'en')}`);
    expect(items[0]!.textContent).toContain('Last try: 421 Try later');
    expect(items[1]!.textContent).toContain('Failed: 550 5.1.1 No such user');
    expect(items[2]!.textContent).toContain(`Sent ${fullDateTime(t0 + 60_000, 'en')}`);
    expect(items[2]!.textContent).not.toContain('Last try');
  });

  it('asks again when the conversation changes (a new message) and every 15 s while it is open', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria Souza', lastSeq: 1 });
    let state: ConversationEmail['state'] = 'queued';
    const { ws, fetch } = await open(
      c,
      () => answer({ emails: [mail({ id: 'e1', state, sentAt: state === 'sent' ? Date.now() : null })] }) as { body: unknown },
    );
    const calls = () => fetch.calls.filter((x) => x.path === '/api/v1/conversations/c1/emails').length;
    await within(await emailSection()).findByText(/^Queued/);
    const before = calls();
    // An agent's reply: the conversation's lastSeq moves, the list is asked for again.
    act(() =>
      ws.receive({
        type: 'message',
        message: message({ conversationId: 'c1', seq: 2, author: 'agent', agentId: AGENT.id, authorName: 'Ana Lima', body: 'On its way' }),
      }),
    );
    await waitFor(() => expect(calls()).toBeGreaterThan(before));
    // Meanwhile the worker sent it: the next poll shows it.
    state = 'sent';
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      // A visitor's message moves lastSeq too: the effect starts again, its interval now a fake one.
      act(() => ws.receive({ type: 'message', message: message({ conversationId: 'c1', seq: 3, body: 'Thanks' }) }));
      await waitFor(() => expect(calls()).toBeGreaterThan(before + 1));
      const polled = calls();
      await act(async () => {
        vi.advanceTimersByTime(EMAIL_POLL_MS);
      });
      await waitFor(() => expect(calls()).toBe(polled + 1));
    } finally {
      vi.useRealTimers();
    }
    await within(await emailSection()).findByText(/^Sent/);
  });

  it('shows the visitor’s address as a mailto: link, only for a valid address', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria Souza' });
    await open(c, answer({}));
    const link = await within(await side()).findByRole('link', { name: 'maria@example.com' });
    expect(link.getAttribute('href')).toBe('mailto:maria@example.com');

    // `?`, `=` and `&` are encoded: an address cannot add a Bcc or a body to the agent's message.
    expect(mailtoHref('a?bcc=spy@evil.example')).toBe('mailto:a%3Fbcc%3Dspy@evil.example');
    expect(mailtoHref("o'neil+tag@example.com")).toBe("mailto:o'neil%2Btag@example.com");
    expect(mailtoHref('not an address')).toBeNull();
    expect(mailtoHref('<b>@x.com')).toBeNull();
    expect(mailtoHref('javascript:alert(1)')).toBeNull();
  });

  it('keeps an address that is not valid as plain text, escaped', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria Souza' });
    await open(c, answer({}), { email: 'maria at <b>example</b>' });
    const pane = await side();
    await waitFor(() => expect(pane.querySelector('.visitor-email')?.textContent).toBe('maria at <b>example</b>'));
    expect(pane.querySelector('.visitor-email a')).toBeNull();
    expect(pane.querySelector('.visitor-email b')).toBeNull();
  });
});
