import { DEFAULT_WIDGET_SETTINGS, type Message, type VisitorConversation, type WidgetSettings } from '@atendo/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { socketFactory, welcome } from '../../../test/fake-socket';
import { createChat } from '../chat';
import { Widget } from '../components/Widget';
import { makeT } from '../i18n';
import { tokenStore } from '../token';
import { surveyT } from './i18n';
import { buildTranscript } from './transcript';

const at = (h: number, m: number) => new Date(2026, 11, 1, h, m).getTime();

function msg(seq: number, author: Message['author'], body: string, over: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientId: `k${seq}`,
    author,
    agentId: author === 'agent' ? 'ag1' : null,
    authorName: author === 'agent' ? 'Ana' : null,
    body,
    createdAt: at(14, seq),
    ...over,
  };
}

const history = [msg(1, 'visitor', 'My parcel is late'), msg(2, 'agent', 'It ships today!')];

/** A returning visitor whose conversation c1 was resolved: the panel resumes the session. */
function setup({ settings = {}, conversation = {} }: { settings?: Partial<WidgetSettings>; conversation?: Partial<VisitorConversation> } = {}) {
  localStorage.setItem('atendo:site1:token', 'tok-0123456789');
  const factory = socketFactory();
  const chat = createChat({
    siteId: 'site1',
    origin: 'https://chat.example',
    locale: 'en',
    tokens: tokenStore('site1', localStorage),
    createSocket: factory.create,
  });
  chat.setConfig({
    status: 'ready',
    config: { siteId: 'site1', teamName: 'Loja Azul', greeting: 'Hi', color: '#0a7', settings: { ...DEFAULT_WIDGET_SETTINGS, ...settings } },
  });
  chat.setOpen(true);
  render(<Widget chat={chat} t={makeT('en')} locale="en" onClose={() => undefined} />);
  act(() => {
    factory.last.open();
    factory.last.frame(welcome('v1', [{ id: 'c1', status: 'resolved', lastSeq: 2, ...conversation }]));
    for (const m of history) factory.last.frame({ type: 'message', message: m });
  });
  return { chat, socket: factory.last };
}

const survey = () => screen.findByRole('form', { name: 'Rate this conversation' });
const rateFrames = (socket: ReturnType<typeof setup>['socket']) => socket.ofType('conversation.rate');

afterEach(() => vi.restoreAllMocks());

describe('end of conversation survey', () => {
  it('asks for 1–5 with a comment, sends one rating and then thanks the visitor', async () => {
    const { socket } = setup();
    const form = await survey();
    const csat = within(form).getByRole('group', { name: 'How would you rate this conversation?' });
    expect(
      within(csat)
        .getAllByRole('radio')
        .map((r) => r.getAttribute('aria-label')),
    ).toEqual(['1 of 5: Terrible', '2 of 5: Bad', '3 of 5: OK', '4 of 5: Good', '5 of 5: Excellent']);
    // NPS is off by default.
    expect(within(form).queryByRole('group', { name: /recommend/ })).toBeNull();
    const send = within(form).getByRole('button', { name: 'Send feedback' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);

    fireEvent.click(within(csat).getByRole('radio', { name: '5 of 5: Excellent' }));
    fireEvent.input(within(form).getByRole('textbox', { name: 'Add a comment (optional)' }), { target: { value: '  Quick and kind  ' } });
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    fireEvent.click(send);

    const frames = rateFrames(socket);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ type: 'conversation.rate', conversationId: 'c1', csat: 5, comment: 'Quick and kind' });
    expect(frames[0]).not.toHaveProperty('nps');
    expect(send.textContent).toBe('Sending…');

    // The Send button, disabled while sending, dropped the focus (as browsers do).
    (document.activeElement as HTMLElement | null)?.blur();
    act(() =>
      socket.frame({ type: 'conversation.rated', conversationId: 'c1', rating: { csat: 5, nps: null, comment: 'Quick and kind', ratedAt: at(15, 0) } }),
    );
    expect(screen.getByRole('status').textContent).toBe('Thanks for your feedback!');
    // The button that had the focus is gone: the focus lands on the thanks line, not on nothing.
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('status')));
    expect(screen.queryByRole('form', { name: 'Rate this conversation' })).toBeNull();
  });

  it('asks NPS 0–10 only when the site enabled it, and sends it with the CSAT', async () => {
    const { socket } = setup({ settings: { nps: true } });
    const form = await survey();
    const nps = within(form).getByRole('group', { name: 'How likely are you to recommend us to a friend?' });
    expect(
      within(nps)
        .getAllByRole('radio')
        .map((r) => r.parentElement!.textContent),
    ).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    fireEvent.click(within(form).getByRole('radio', { name: '4 of 5: Good' }));
    fireEvent.click(within(nps).getByRole('radio', { name: '9' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Send feedback' }));
    expect(rateFrames(socket)[0]).toMatchObject({ csat: 4, nps: 9 });
  });

  it('with NPS only, asks just the recommendation question', async () => {
    const { socket } = setup({ settings: { csat: false, nps: true } });
    const form = await survey();
    expect(within(form).queryByRole('group', { name: 'How would you rate this conversation?' })).toBeNull();
    fireEvent.click(within(form).getByRole('radio', { name: '10' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Send feedback' }));
    expect(rateFrames(socket)[0]).toMatchObject({ conversationId: 'c1', nps: 10 });
    expect(rateFrames(socket)[0]).not.toHaveProperty('csat');
  });

  it('never asks again once answered (welcome says rated), nor when the site turned ratings off', async () => {
    setup({ conversation: { rated: true } });
    await screen.findByRole('button', { name: 'Download transcript' });
    expect(screen.queryByRole('form', { name: 'Rate this conversation' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Thanks for your feedback!');
  });

  it('asks only about the newest conversation: older resolved ones keep just their transcript', async () => {
    const { socket } = setup();
    const older = [
      msg(1, 'visitor', 'Old question', { id: 'o1', conversationId: 'c0', clientId: 'o1', createdAt: at(9, 0) }),
      msg(2, 'agent', 'Old answer', { id: 'o2', conversationId: 'c0', clientId: 'o2', createdAt: at(9, 5) }),
    ];
    act(() => {
      socket.frame(
        welcome('v1', [
          { id: 'c1', status: 'resolved', lastSeq: 2 },
          { id: 'c0', status: 'resolved', lastSeq: 2 },
        ]),
      );
      for (const m of older) socket.frame({ type: 'message', message: m });
    });
    await survey();
    expect(screen.getAllByRole('form', { name: 'Rate this conversation' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Download transcript' })).toHaveLength(2);
    fireEvent.click(screen.getByRole('radio', { name: '4 of 5: Good' }));
    fireEvent.click(screen.getByRole('button', { name: 'Send feedback' }));
    expect(rateFrames(socket)[0]).toMatchObject({ conversationId: 'c1' });
  });

  it('asks nothing when the site does not ask for ratings', async () => {
    setup({ settings: { csat: false, nps: false } });
    await screen.findByRole('button', { name: 'Download transcript' });
    expect(screen.queryByRole('form', { name: 'Rate this conversation' })).toBeNull();
  });

  it('lets the visitor try again after a refusal; "already rated" counts as done', async () => {
    const { socket } = setup();
    const form = await survey();
    fireEvent.click(within(form).getByRole('radio', { name: '3 of 5: OK' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Send feedback' }));
    const first = rateFrames(socket)[0]!;
    act(() => socket.frame({ type: 'error', code: 'internal', message: 'boom', clientId: first.clientId as string }));
    expect(within(form).getByRole('alert').textContent).toBe('Your feedback could not be sent. Please try again.');
    fireEvent.click(within(form).getByRole('button', { name: 'Send feedback' }));
    const second = rateFrames(socket)[1]!;
    expect(second.clientId).not.toBe(first.clientId);
    act(() => socket.frame({ type: 'error', code: 'conflict', message: 'This conversation was already rated', clientId: second.clientId as string }));
    expect(screen.getByRole('status').textContent).toBe('Thanks for your feedback!');
  });
});

describe('transcript download', () => {
  it('is plain text: header, then [time] Name: body, HTML kept as typed', () => {
    const t = surveyT('en');
    const messages = [
      msg(1, 'visitor', 'Hi <b>there</b>\nsecond line'),
      msg(2, 'agent', 'Hello!'),
      msg(3, 'agent', 'Anyone?', { authorName: null }),
      msg(4, 'system', 'Ana joined'),
    ];
    const { fileName, text } = buildTranscript(messages, { locale: 'en', team: 'Loja Azul', t });
    expect(fileName).toBe('atendo-transcript-2026-12-01.txt');
    const time = (m: number) => new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short' }).format(at(14, m));
    expect(text).toBe(
      [
        'Chat with Loja Azul',
        `Started ${time(1)}`,
        '',
        `[${time(1)}] You: Hi <b>there</b>`,
        '    second line',
        `[${time(2)}] Ana: Hello!`,
        `[${time(3)}] Loja Azul: Anyone?`,
        `[${time(4)}] Ana joined`,
        '',
      ].join('\n'),
    );
  });

  it('downloads the messages the visitor holds from the resolved card', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:transcript';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Download transcript' }));
    expect(clicked[0]!.download).toBe('atendo-transcript-2026-12-01.txt');
    expect(blobs[0]!.type).toBe('text/plain;charset=utf-8');
    const text = await blobs[0]!.text();
    expect(text).toContain('You: My parcel is late');
    expect(text).toContain('Ana: It ships today!');
  });
});

describe('survey strings', () => {
  it('exist in every locale with the same placeholders', async () => {
    const { surveyStrings } = await import('./i18n');
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const keys = Object.keys(surveyStrings.en).sort();
    for (const l of ['pt-BR', 'ru'] as const) {
      expect(Object.keys(surveyStrings[l]).sort()).toEqual(keys);
      for (const k of keys as (keyof typeof surveyStrings.en)[]) {
        expect(surveyStrings[l][k].trim(), `${l} ${k}`).not.toBe('');
        expect(holes(surveyStrings[l][k]), `${l} ${k}`).toEqual(holes(surveyStrings.en[k]));
      }
    }
  });
});
