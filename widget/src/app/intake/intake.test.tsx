import { DEFAULT_WIDGET_SETTINGS, type Locale, type WidgetConfig, type WidgetSettings } from '@atendo/shared';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { socketFactory, welcome } from '../../../test/fake-socket';
import { createChat, type Snapshot } from '../chat';
import { Widget } from '../components/Widget';
import { makeT } from '../i18n';
import type { TokenStore } from '../token';
import { intakeMode } from './logic';
import { formatWhen, intakeT } from './strings';

const prechat = (over: Partial<WidgetSettings['prechat']> = {}): WidgetSettings => ({
  ...DEFAULT_WIDGET_SETTINGS,
  prechat: { enabled: true, name: 'required', email: 'optional', question: 'required', ...over },
});

function memoryTokens(initial: string | null = null): TokenStore {
  let token = initial;
  return { get: () => token, set: (t) => void (token = t), clear: () => void (token = null) };
}

function setup(config: Partial<WidgetConfig>, { locale = 'en' as Locale, token = null as string | null } = {}) {
  const factory = socketFactory();
  const chat = createChat({ siteId: 'site1', origin: 'https://chat.example', locale, createSocket: factory.create, tokens: memoryTokens(token) });
  chat.setConfig({ status: 'ready', config: { siteId: 'site1', teamName: 'Loja Azul', greeting: 'Hi', color: '#0a7', available: true, ...config } });
  chat.setOpen(true);
  render(<Widget chat={chat} t={makeT(locale)} locale={locale} onClose={() => chat.setOpen(false)} />);
  const serve = (visitorId: string | null = null) =>
    act(() => {
      factory.last.open();
      factory.last.frame(welcome(visitorId));
    });
  return { chat, factory, serve };
}

const field = (name: string | RegExp) => screen.getByRole('textbox', { name });

describe('intakeMode', () => {
  const snap = (config: Partial<WidgetConfig>, over: Partial<Snapshot> = {}): Snapshot => ({
    chat: { conversations: [], pending: [] },
    connection: 'idle',
    config: { status: 'ready', config: { siteId: 's', teamName: 'T', greeting: '', color: '#000', ...config } },
    open: true,
    unread: 0,
    typing: null,
    agentRead: {},
    ...over,
  });
  const now = Date.parse('2026-11-30T12:00Z');

  it('asks the pre-chat form only before a conversation exists', () => {
    expect(intakeMode(snap({ settings: prechat() }), { now, resuming: false })).toBe('prechat');
    expect(intakeMode(snap({ settings: DEFAULT_WIDGET_SETTINGS }), { now, resuming: false })).toBe('chat');
    expect(intakeMode(snap({ settings: prechat({ name: 'off', email: 'off', question: 'off' }) }), { now, resuming: false })).toBe('chat');
    const chatting = snap(
      { settings: prechat() },
      { chat: { conversations: [{ id: 'c1', status: 'open', lastSeq: 1, messages: [] }], pending: [] } as unknown as Snapshot['chat'] },
    );
    expect(intakeMode(chatting, { now, resuming: false })).toBe('chat');
    expect(intakeMode(snap({ settings: prechat() }, { contactGiven: true }), { now, resuming: false })).toBe('chat');
    // A saved session: wait for its welcome before deciding there is no conversation.
    expect(intakeMode(snap({ settings: prechat() }), { now, resuming: true })).toBe('chat');
  });

  it('offers to leave a message when nobody is online or the team is closed', () => {
    expect(intakeMode(snap({ available: false }), { now, resuming: false })).toBe('offline');
    expect(intakeMode(snap({ available: true }, { available: false }), { now, resuming: false })).toBe('offline');
    expect(intakeMode(snap({ available: false }, { available: true }), { now, resuming: false })).toBe('chat');
    const closed = { available: true, hours: { open: false, nextOpenAt: now + 3600_000 } };
    expect(intakeMode(snap(closed), { now, resuming: false })).toBe('offline');
    // The next opening came while the page stayed open.
    expect(intakeMode(snap(closed), { now: now + 3600_000, resuming: false })).toBe('chat');
    // Open when fetched, closed since: away until the opening after.
    const closing = { available: true, hours: { open: true, nextOpenAt: null, closesAt: now + 60_000, reopensAt: now + 7_200_000 } };
    expect(intakeMode(snap(closing), { now, resuming: false })).toBe('chat');
    expect(intakeMode(snap(closing), { now: now + 60_000, resuming: false })).toBe('offline');
    expect(intakeMode(snap(closing), { now: now + 7_200_000, resuming: false })).toBe('chat');
  });
});

describe('pre-chat form', () => {
  it('shows the configured fields with labels, and no composer', async () => {
    setup({ settings: prechat({ email: 'optional', name: 'required', question: 'off' }) });
    const form = await screen.findByRole('form', { name: 'Before we start' });
    expect(within(form).getByRole('textbox', { name: 'Name' })).toBeTruthy();
    expect(within(form).getByRole('textbox', { name: 'E-mail (optional)' })).toBeTruthy();
    expect(within(form).queryByRole('textbox', { name: /question/i })).toBeNull();
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
  });

  it('explains what is missing or wrong next to the field, and sends nothing', async () => {
    const { factory } = setup({ settings: prechat() });
    await screen.findByRole('form', { name: 'Before we start' });
    fireEvent.input(field('E-mail (optional)'), { target: { value: 'ana@example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start chat' }));
    expect(field('Name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Please enter your name.')).toBeTruthy();
    expect(screen.getByText('Enter an e-mail address like name@example.com.')).toBeTruthy();
    expect(screen.getByText('Please write your question.')).toBeTruthy();
    // The message is tied to its field for screen readers, and the first invalid field has the focus.
    expect(document.getElementById(field('Name').getAttribute('aria-describedby')!)?.textContent).toBe('Please enter your name.');
    expect(document.activeElement).toBe(field('Name'));
    // The panel is open, so the visitor is live (a socket), but nothing of the form went out.
    expect(factory.sockets.flatMap((ws) => ws.sent).filter((f) => f.type === 'contact' || f.type === 'message.send')).toEqual([]);
    // Typing clears that field's error.
    fireEvent.input(field('Name'), { target: { value: 'Ana' } });
    expect(screen.queryByText('Please enter your name.')).toBeNull();
  });

  it('stores name and e-mail on the visitor, then sends the question as the first message', async () => {
    const { factory, serve } = setup({ settings: prechat() });
    await screen.findByRole('form', { name: 'Before we start' });
    fireEvent.input(field('Name'), { target: { value: ' Ana Souza ' } });
    fireEvent.input(field('E-mail (optional)'), { target: { value: 'ana@example.com' } });
    fireEvent.input(field('Your question'), { target: { value: 'Do you ship to Recife?' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start chat' }));
    serve();
    const sent = factory.last.sent.map((f) => f.type);
    expect(sent).toEqual(['hello', 'contact', 'session.start', 'message.send']);
    expect(factory.last.ofType('contact')[0]).toEqual({ type: 'contact', name: 'Ana Souza', email: 'ana@example.com' });
    expect(factory.last.ofType('message.send')[0]).toMatchObject({ body: 'Do you ship to Recife?' });
    // The conversation takes over the panel.
    expect(screen.queryByRole('form')).toBeNull();
    expect(within(screen.getByRole('log')).getByText('Do you ship to Recife?')).toBeTruthy();
  });

  it('without a question field: the contact goes out and the composer takes over', async () => {
    const { factory, serve } = setup({ settings: prechat({ question: 'off', email: 'required' }) });
    await screen.findByRole('form', { name: 'Before we start' });
    fireEvent.input(field('Name'), { target: { value: 'Ivan' } });
    fireEvent.input(field('E-mail'), { target: { value: 'ivan@example.ru' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start chat' }));
    serve();
    expect(factory.last.ofType('contact')).toEqual([{ type: 'contact', name: 'Ivan', email: 'ivan@example.ru' }]);
    expect(factory.last.ofType('message.send')).toEqual([]);
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
  });

  it('fills in what the host page already knows about a logged-in visitor', async () => {
    (globalThis as { AtendoIdentity?: unknown }).AtendoIdentity = { userId: 'u1', name: 'Ana Souza', email: 'ana@example.com' };
    try {
      setup({ settings: prechat() });
      await screen.findByRole('form', { name: 'Before we start' });
      expect((field('Name') as HTMLInputElement).value).toBe('Ana Souza');
      expect((field('E-mail (optional)') as HTMLInputElement).value).toBe('ana@example.com');
    } finally {
      delete (globalThis as { AtendoIdentity?: unknown }).AtendoIdentity;
    }
  });

  it('keeps a proactive message from the team in view above the form', async () => {
    const { chat } = setup({ settings: prechat() });
    act(() => chat.showProactive({ triggerId: 't1', name: 'Welcome', body: 'Looking for fresh beans?', createdAt: Date.now() }));
    const form = await screen.findByRole('form', { name: 'Before we start' });
    expect(within(form).getByText('Looking for fresh beans?')).toBeTruthy();
  });

  it('is translated', async () => {
    setup({ settings: prechat() }, { locale: 'pt-BR' });
    await screen.findByRole('form', { name: 'Antes de começar' });
    fireEvent.click(screen.getByRole('button', { name: 'Iniciar conversa' }));
    expect(screen.getByText('Informe seu nome.')).toBeTruthy();
    expect(field('Sua pergunta')).toBeTruthy();
  });

  it('does not show to a visitor who already has a conversation', async () => {
    const { serve } = setup({ settings: prechat() }, { token: 'saved-token-123' });
    act(() => undefined);
    expect(screen.queryByRole('form')).toBeNull();
    serve('v1');
    expect(screen.queryByRole('form')).toBeNull();
  });
});

describe('leave a message (team away)', () => {
  it('says nobody is here, requires an e-mail and sends it with the message', async () => {
    const { factory, serve } = setup({ available: false, emailReplies: true });
    const form = await screen.findByRole('form', { name: 'Leave a message' });
    expect(within(form).getByText('We’re away right now. We’ll reply by e-mail.')).toBeTruthy();
    fireEvent.input(field('Message'), { target: { value: 'Please call me back' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(screen.getByText('Please enter your e-mail address.')).toBeTruthy();
    // The panel is open, so the visitor is live (a socket), but nothing of the form went out.
    expect(factory.sockets.flatMap((ws) => ws.sent).filter((f) => f.type === 'contact' || f.type === 'message.send')).toEqual([]);
    fireEvent.input(field('E-mail'), { target: { value: 'bia@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
    serve();
    expect(factory.last.sent.map((f) => f.type)).toEqual(['hello', 'contact', 'session.start', 'message.send']);
    expect(factory.last.ofType('contact')[0]).toEqual({ type: 'contact', email: 'bia@example.com' });
    // Then the conversation, with the away notice above it.
    expect(within(screen.getByRole('log')).getByText('Please call me back')).toBeTruthy();
    expect(await screen.findByText('We’re away right now. We’ll reply by e-mail.')).toBeTruthy();
    // The e-mail was given in the form: not asked again.
    expect(screen.queryByRole('textbox', { name: 'Leave your e-mail address so we can reply there' })).toBeNull();
  });

  it('outside business hours says when the team is back', async () => {
    const nextOpenAt = Date.now() + 2 * 86_400_000;
    setup({ available: true, hours: { open: false, nextOpenAt } });
    const form = await screen.findByRole('form', { name: 'Leave a message' });
    expect(within(form).getByText(`We’re away right now. We’ll be back ${formatWhen(nextOpenAt, 'en')}.`)).toBeTruthy();
  });

  it('goes by itself when the team opens while the panel is open', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    try {
      const nextOpenAt = Date.now() + 60_000;
      setup({ available: true, hours: { open: false, nextOpenAt } });
      await screen.findByRole('form', { name: 'Leave a message' });
      act(() => {
        vi.advanceTimersByTime(61_000);
      });
      expect(screen.queryByRole('form', { name: 'Leave a message' })).toBeNull();
      expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('turns to leave-a-message by itself when the team closes while the panel is open, and back when it reopens', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], shouldAdvanceTime: true });
    try {
      const closesAt = Date.now() + 60_000;
      const reopensAt = closesAt + 3_600_000;
      setup({ available: true, hours: { open: true, nextOpenAt: null, closesAt, reopensAt } });
      expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
      act(() => {
        vi.advanceTimersByTime(61_000);
      });
      const form = await screen.findByRole('form', { name: 'Leave a message' });
      expect(within(form).getByText(`We’re away right now. We’ll be back ${formatWhen(reopensAt, 'en')}.`)).toBeTruthy();
      act(() => {
        vi.advanceTimersByTime(3_600_000);
      });
      expect(screen.queryByRole('form', { name: 'Leave a message' })).toBeNull();
      expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('follows the live availability frames', async () => {
    const { factory, serve, chat } = setup({ available: true, emailReplies: true });
    expect(screen.queryByRole('form')).toBeNull();
    chat.send('hello');
    serve('v1');
    act(() => factory.last.frame({ type: 'availability', available: false }));
    expect(await screen.findByText('We’re away right now. We’ll reply by e-mail.')).toBeTruthy();
    // No e-mail given yet: the notice asks where to reply.
    const ask = screen.getByRole('textbox', { name: 'Leave your e-mail address so we can reply there' });
    fireEvent.input(ask, { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText('Enter an e-mail address like name@example.com.')).toBeTruthy();
    expect(factory.last.ofType('contact')).toEqual([]);
    fireEvent.input(ask, { target: { value: 'late@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(factory.last.ofType('contact')).toEqual([{ type: 'contact', email: 'late@example.com' }]);
    expect(screen.getByText('We’re away right now. We’ll reply by e-mail. Thanks! We’ll reply to late@example.com.')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Leave your e-mail address so we can reply there' })).toBeNull();
    act(() => factory.last.frame({ type: 'availability', available: true }));
    expect(screen.queryByText('We’re away right now. We’ll reply by e-mail.')).toBeNull();
  });

  // What the form and the notice promise, by whether the server e-mails replies (ATENDO_SMTP_URL).
  const promises: Record<Locale, { on: string[]; off: string[]; never: RegExp }> = {
    en: {
      on: ['We’re away right now. We’ll reply by e-mail.', 'Leave your e-mail address and a message, and we’ll get back to you.'],
      off: [
        'We’re away right now. Our answer will be waiting in this chat.',
        'Leave a message and your e-mail address, and come back to this site later to read our answer.',
      ],
      never: /reply by e-mail|get back to you|reply there|reply to/i,
    },
    'pt-BR': {
      on: ['Estamos ausentes agora. Responderemos por e-mail.', 'Deixe seu e-mail e uma mensagem, e entraremos em contato.'],
      off: [
        'Estamos ausentes agora. Nossa resposta vai estar esperando neste chat.',
        'Deixe uma mensagem e seu e-mail, e volte a este site mais tarde para ler nossa resposta.',
      ],
      never: /responderemos|por e-mail|entraremos em contato|por lá/i,
    },
    ru: {
      on: ['Сейчас нас нет на месте. Мы ответим по электронной почте.', 'Оставьте адрес электронной почты и сообщение, и мы свяжемся с вами.'],
      off: [
        'Сейчас нас нет на месте. Наш ответ будет ждать вас в этом чате.',
        'Оставьте сообщение и адрес почты, а потом загляните на сайт, чтобы прочитать наш ответ.',
      ],
      never: /ответим|по электронной почте|свяжемся|туда/i,
    },
  };

  for (const locale of ['en', 'pt-BR', 'ru'] as const) {
    it(`promises an e-mail reply only when the server sends e-mail (${locale})`, async () => {
      const { on, off, never } = promises[locale];
      const shown = setup({ available: false, emailReplies: true }, { locale });
      let form = await screen.findByRole('form');
      for (const line of on) expect(within(form).getByText(line)).toBeTruthy();
      shown.chat.setConfig({ status: 'ready', config: { siteId: 'site1', teamName: 'Loja Azul', greeting: 'Hi', color: '#0a7', available: false } });
      // Off (or an older server that does not say): the answer waits in the chat; the address is still asked for.
      await waitFor(() => expect(within(screen.getByRole('form')).getByText(off[0]!)).toBeTruthy());
      form = screen.getByRole('form');
      for (const line of off) expect(within(form).getByText(line)).toBeTruthy();
      expect(form.textContent).not.toMatch(never);
      expect(within(form).getByRole('textbox', { name: intakeT(locale)('email') })).toBeTruthy();
    });
  }

  it('while chatting with e-mail off: says the answer waits here, still asks for an address, and promises nothing', async () => {
    const { factory, serve, chat } = setup({ available: true, emailReplies: false });
    chat.send('hello');
    serve('v1');
    act(() => factory.last.frame({ type: 'availability', available: false }));
    expect(await screen.findByText('We’re away right now. Our answer will be waiting in this chat.')).toBeTruthy();
    expect(screen.queryByText(/reply by e-mail/)).toBeNull();
    const ask = screen.getByRole('textbox', { name: 'Leave your e-mail address in case the team needs to contact you' });
    fireEvent.input(ask, { target: { value: 'late@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(factory.last.ofType('contact')).toEqual([{ type: 'contact', email: 'late@example.com' }]);
    expect(screen.getByText('We’re away right now. Our answer will be waiting in this chat. Thanks! We’ve noted late@example.com.')).toBeTruthy();
  });

  it('while chatting with e-mail off, in Portuguese and Russian', async () => {
    for (const [locale, away, ask] of [
      ['pt-BR', 'Estamos ausentes agora. Nossa resposta vai estar esperando neste chat.', 'Deixe seu e-mail caso a equipe precise falar com você'],
      ['ru', 'Сейчас нас нет на месте. Наш ответ будет ждать вас в этом чате.', 'Оставьте адрес почты на случай, если нам понадобится связаться с вами'],
    ] as const) {
      const { factory, serve, chat } = setup({ available: true }, { locale });
      chat.send('oi');
      serve('v1');
      act(() => factory.last.frame({ type: 'availability', available: false }));
      expect(await screen.findByText(away)).toBeTruthy();
      expect(screen.getByRole('textbox', { name: ask })).toBeTruthy();
      cleanup();
    }
  });

  it('formats the time of return in the visitor’s language and time zone', () => {
    const monday9utc = Date.parse('2026-11-30T09:00Z');
    // (ICU versions differ in commas and the space before AM.)
    expect(formatWhen(monday9utc, 'en', 'UTC')).toMatch(/^Monday,? 9:00\s?AM$/);
    expect(formatWhen(monday9utc, 'pt-BR', 'UTC')).toMatch(/^segunda-feira,? 09:00$/);
    expect(formatWhen(monday9utc, 'ru', 'Europe/Moscow')).toMatch(/^понедельник,? 12:00$/);
  });
});

describe('team avatar', () => {
  it('shows the site’s image, decorative, and the initial when it fails to load', () => {
    setup({ settings: { ...DEFAULT_WIDGET_SETTINGS, avatarUrl: 'https://cdn.example/team.png' } });
    const header = screen.getByRole('heading', { name: 'Loja Azul' }).closest('header')!;
    const img = header.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('https://cdn.example/team.png');
    expect(img.getAttribute('alt')).toBe('');
    fireEvent.error(img);
    expect(header.querySelector('img')).toBeNull();
    expect(header.querySelector('.team-avatar')?.textContent).toBe('L');
  });
});

vi.setConfig({ testTimeout: 10_000 });
