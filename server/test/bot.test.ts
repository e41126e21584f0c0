/**
 * The answer bot over real sockets: a new conversation's first message answered with articles (a
 * seq'd `bot` message to the visitor and to agents, replayed in history), "That answered it"
 * resolving it, "Talk to a person" handing it over (assignment, the note), a visitor who keeps
 * typing handed over, an agent's reply ending the bot's part (taken over, not handed over), and a question with no good article
 * logged as a content gap with no bot message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_WIDGET_SETTINGS,
  PROTOCOL_VERSION,
  type Article,
  type Conversation,
  type ContentGapsResponse,
  type InviteAgentResponse,
  type Message,
  type Note,
} from '@atendo/shared';
import { visitorRow } from '../src/storage/contract/fixtures';
import { login, settle, startTestServer, TestClient } from './helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let admin: string;
let bia: { cookie: string; id: string };
const articles = { address: '', refunds: '', entrega: '', dostavka: '' };

async function call<T = unknown>(cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { cookie, origin: srv.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: res.status === 204 ? (undefined as T) : ((await res.json()) as T) };
}

async function article(locale: string, title: string, body: string): Promise<string> {
  const res = await call<{ article: Article }>(admin, 'POST', `/sites/${srv.siteId}/articles`, { locale, title, body, published: true });
  expect(res.status).toBe(201);
  return res.body.article.id;
}

async function agentSocket(cookie: string): Promise<TestClient> {
  const c = await TestClient.connect(srv.wsUrl, { cookie, origin: srv.url });
  c.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
  await c.next('welcome');
  return c;
}

/** A visitor in `locale` whose first message is `body`. */
async function visitor(body: string, locale = 'en') {
  const client = await TestClient.connect(srv.wsUrl);
  client.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: srv.siteId, locale });
  await client.next('welcome');
  const sentAt = Date.now();
  client.send({ type: 'message.send', clientId: `c${Math.random().toString(36).slice(2)}`, body });
  const ack = await client.next('ack');
  const session = await client.next('session');
  return { client, conversationId: ack.message.conversationId, visitorId: session.visitorId, sentAt, token: session.token };
}

const conversation = async (id: string) => (await call<{ conversation: Conversation }>(admin, 'GET', `/conversations/${id}`)).body.conversation;
const articleStats = async () =>
  Object.fromEntries((await call<{ items: Article[] }>(admin, 'GET', `/sites/${srv.siteId}/articles`)).body.items.map((a) => [a.id, a.bot]));
const botMessage = (c: TestClient, conversationId: string) =>
  c.next('message', (f) => f.message.conversationId === conversationId && f.message.author === 'bot');

beforeAll(async () => {
  srv = await startTestServer();
  admin = await login(srv.url);
  const invited = await call<InviteAgentResponse>(admin, 'POST', '/agents', { email: 'bia@example.com', name: 'Bia', role: 'agent' });
  bia = { cookie: await login(srv.url, { email: 'bia@example.com', password: invited.body.password! }), id: invited.body.agent.id };
  articles.address = await article(
    'en',
    'Changing your delivery address',
    'You can change the delivery address of an order until it ships. Open **My orders**, pick the order and choose *Change address*.',
  );
  articles.refunds = await article('en', 'Refunds', 'Refunds are paid back to the card within 5 working days after we receive the parcel.');
  articles.entrega = await article('pt-BR', 'Prazo de entrega', 'A entrega leva de 2 a 5 dias úteis para capitais. Para o interior, até 10 dias.');
  articles.dostavka = await article('ru', 'Доставка по России', 'Доставка занимает от 3 до 7 дней. Курьер позвонит заранее.');
  expect((await call(admin, 'PUT', `/sites/${srv.siteId}/bot`, { mode: 'always' })).status).toBe(200);
});
afterAll(() => srv.close());

describe('answer bot', () => {
  it('settings: GET and PUT /sites/:id/bot, admins only, validated', async () => {
    expect((await call(admin, 'GET', `/sites/${srv.siteId}/bot`)).body).toEqual({ mode: 'always' });
    expect((await call(admin, 'PUT', `/sites/${srv.siteId}/bot`, { mode: 'sometimes' })).status).toBe(400);
    expect((await call(bia.cookie, 'PUT', `/sites/${srv.siteId}/bot`, { mode: 'off' })).status).toBe(403);
    // Agents read it (the console shows it to them read-only).
    expect((await call(bia.cookie, 'GET', `/sites/${srv.siteId}/bot`)).body).toEqual({ mode: 'always' });
    expect((await call(admin, 'GET', `/sites/nosuchsite0000000000/bot`)).status).toBe(404);
  });

  it('answers a first message with articles, within a second, to the visitor and agents, replayed in history', async () => {
    const agent = await agentSocket(admin);
    const v = await visitor('How do I change my delivery address?');
    const frame = await botMessage(v.client, v.conversationId);
    const latency = Date.now() - v.sentAt;
    expect(latency).toBeLessThan(1000);
    expect(frame.message).toMatchObject({ author: 'bot', seq: 2, body: 'These articles may answer your question:' });
    expect(frame.message.bot!.articles.map((a) => a.id)).toEqual([articles.address]);
    expect(frame.message.bot!.articles[0]!.excerpt).toContain('change the delivery address');
    // The visitor's tabs learn the buttons wait.
    const status = await v.client.next('conversation.status', (f) => f.conversation.id === v.conversationId && f.conversation.botState === 'answered');
    expect(status.conversation.status).toBe('open');
    // Agents get it once, as any message.
    await botMessage(agent, v.conversationId);
    await settle();
    expect(agent.of('message').filter((f) => f.message.conversationId === v.conversationId && f.message.author === 'bot')).toHaveLength(1);
    const history = await call<{ items: Message[] }>(admin, 'GET', `/conversations/${v.conversationId}/messages`);
    expect(history.body.items.map((m) => [m.seq, m.author])).toEqual([
      [1, 'visitor'],
      [2, 'bot'],
    ]);
    expect(history.body.items[1]!.bot!.articles[0]!.title).toBe('Changing your delivery address');
    expect((await conversation(v.conversationId)).botState).toBe('answered');
    expect((await articleStats())[articles.address]).toMatchObject({ offered: 1 });
    console.log(`bot answer latency: ${latency} ms`);
    agent.close();
    v.client.close();
  });

  it('"That answered it" resolves the conversation (bot_state resolved), counts helped; a second reply does nothing', async () => {
    const v = await visitor('refunds?');
    const frame = await botMessage(v.client, v.conversationId);
    expect(frame.message.bot!.articles.map((a) => a.id)).toEqual([articles.refunds]);
    v.client.send({ type: 'bot.reply', conversationId: v.conversationId, answer: 'answered' });
    await v.client.next('conversation.status', (f) => f.conversation.id === v.conversationId && f.conversation.status === 'resolved');
    expect(await conversation(v.conversationId)).toMatchObject({ status: 'resolved', botState: 'resolved' });
    // A stale tab's reply: nothing changes, and it is told how the conversation stands.
    const before = v.client.of('conversation.status').length;
    v.client.send({ type: 'bot.reply', conversationId: v.conversationId, answer: 'person' });
    v.client.send({ type: 'bot.reply', conversationId: v.conversationId, answer: 'answered' });
    await settle(100);
    const told = v.client.of('conversation.status').slice(before);
    expect(told.map((f) => [f.conversation.status, f.conversation.botState])).toEqual([
      ['resolved', 'resolved'],
      ['resolved', 'resolved'],
    ]);
    expect(await conversation(v.conversationId)).toMatchObject({ status: 'resolved', botState: 'resolved' });
    expect((await articleStats())[articles.refunds]).toEqual({ offered: 1, helped: 1, notHelped: 0 });
    expect(v.client.of('error')).toEqual([]);
    v.client.close();
  });

  it('"Talk to a person" hands over: assigned as usual, the articles in a note for agents only', async () => {
    // Nobody online when it opens: unassigned.
    const v = await visitor('Can I change the address of my delivery?');
    await botMessage(v.client, v.conversationId);
    expect((await conversation(v.conversationId)).assigneeId).toBeNull();
    await call(bia.cookie, 'PUT', '/agents/me/status', { status: 'online' });
    const agent = await agentSocket(bia.cookie);
    const before = Date.now();
    v.client.send({ type: 'bot.reply', conversationId: v.conversationId, answer: 'person' });
    const note = await agent.next('note', (f) => f.note.conversationId === v.conversationId);
    expect(note.note.body).toContain('Changing your delivery address');
    const after = await conversation(v.conversationId);
    expect(after).toMatchObject({ status: 'open', botState: 'handed_over', assigneeId: bia.id });
    const notes = await call<{ items: Note[] }>(admin, 'GET', `/conversations/${v.conversationId}/notes`);
    expect(notes.body.items).toHaveLength(1);
    const row = await srv.services.storage.conversations.get(v.conversationId);
    expect(row!.handedOverAt).toBeGreaterThanOrEqual(before);
    await v.client.next('conversation.status', (f) => f.conversation.id === v.conversationId && f.conversation.botState === 'handed_over');
    await settle();
    expect(JSON.stringify(v.client.frames)).not.toContain('The answer bot offered');
    expect((await articleStats())[articles.address]).toMatchObject({ notHelped: 1 });
    agent.close();
    await call(bia.cookie, 'PUT', '/agents/me/status', { status: 'away' });
    v.client.close();
  });

  it('an agent online: what the bot answers opens unassigned and is assigned at the hand-over; what it cannot answer is assigned at once', async () => {
    await call(bia.cookie, 'PUT', '/agents/me/status', { status: 'online' });
    const agent = await agentSocket(bia.cookie);
    const v = await visitor('How do I change my delivery address?');
    await botMessage(v.client, v.conversationId);
    await srv.services.bot.idle();
    // The bot holds it: no agent's slot is taken while the visitor reads.
    expect((await conversation(v.conversationId)).assigneeId).toBeNull();
    v.client.send({ type: 'bot.reply', conversationId: v.conversationId, answer: 'person' });
    await agent.next('conversation', (f) => f.conversation.id === v.conversationId && f.conversation.assigneeId === bia.id);
    // Nothing to answer with: a person's, at once.
    const w = await visitor('Loyalty points for birthdays?');
    await agent.next('conversation', (f) => f.conversation.id === w.conversationId && f.conversation.assigneeId === bia.id);
    expect(w.client.of('message').filter((f) => f.message.author === 'bot')).toEqual([]);
    agent.close();
    await call(bia.cookie, 'PUT', '/agents/me/status', { status: 'away' });
    v.client.close();
    w.client.close();
  });

  it('the bot failing leaves nobody waiting unassigned: the conversation goes to a person as its opening would have', async () => {
    await call(bia.cookie, 'PUT', '/agents/me/status', { status: 'online' });
    const agent = await agentSocket(bia.cookie);
    const bot = srv.services.storage.bot;
    const match = bot.match.bind(bot);
    bot.match = () => Promise.reject(new Error('the index is unavailable'));
    try {
      const v = await visitor('How do I change my delivery address?');
      await agent.next('conversation', (f) => f.conversation.id === v.conversationId && f.conversation.assigneeId === bia.id);
      expect(v.client.of('message').filter((f) => f.message.author === 'bot')).toEqual([]);
      v.client.close();
    } finally {
      bot.match = match;
      agent.close();
      await call(bia.cookie, 'PUT', '/agents/me/status', { status: 'away' });
    }
  });

  it('a visitor who keeps typing is handed over ("humano", or anything)', async () => {
    const v = await visitor('Qual o prazo de entregas?', 'pt-BR');
    const frame = await botMessage(v.client, v.conversationId);
    expect(frame.message.body).toBe('Estes artigos podem responder à sua pergunta:');
    expect(frame.message.bot!.articles.map((a) => a.id)).toEqual([articles.entrega]);
    v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'typed-on', body: 'quero falar com um humano' });
    await v.client.next('conversation.status', (f) => f.conversation.id === v.conversationId && f.conversation.botState === 'handed_over');
    expect(await conversation(v.conversationId)).toMatchObject({ botState: 'handed_over' });
    v.client.close();
  });

  it('an agent writing ends the bot: taken over, no hand-over (no time, no note, no verdict), and the bot never writes after a person', async () => {
    const agent = await agentSocket(admin);
    const v = await visitor('Сколько дней занимает доставку?', 'ru');
    const frame = await botMessage(v.client, v.conversationId);
    expect(frame.message.bot!.articles.map((a) => a.id)).toEqual([articles.dostavka]);
    agent.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'agent-reply', body: 'Здравствуйте! Чем помочь?' });
    const ack = await agent.next('ack', (f) => f.clientId === 'agent-reply');
    await agent.next('conversation', (f) => f.conversation.id === v.conversationId && f.conversation.botState === 'taken_over');
    // The visitor's tabs learn the buttons no longer wait.
    await v.client.next('conversation.status', (f) => f.conversation.id === v.conversationId && f.conversation.botState === 'taken_over');
    const row = await srv.services.storage.conversations.get(v.conversationId);
    // No hand-over time: the report measures the first response from the question, not from the agent's own message.
    expect(row).toMatchObject({ botState: 'taken_over', handedOverAt: null });
    expect(ack.message.createdAt).toBeGreaterThan(0);
    // The store refuses a bot message once a person wrote (a late or second answer).
    await expect(
      srv.services.conversations.send({ kind: 'bot' }, { conversationId: v.conversationId, clientId: 'bot-late', body: 'x', meta: '{"articles":[]}' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    // No note: the visitor did not ask; not counted as not helping.
    expect((await call<{ items: Note[] }>(admin, 'GET', `/conversations/${v.conversationId}/notes`)).body.items).toEqual([]);
    expect((await articleStats())[articles.dostavka]).toMatchObject({ offered: 1, notHelped: 0 });
    // A late "Talk to a person" changes nothing: that tab is told how the conversation stands.
    const before = v.client.of('conversation.status').length;
    v.client.send({ type: 'bot.reply', conversationId: v.conversationId, answer: 'person' });
    await settle(100);
    expect(
      v.client
        .of('conversation.status')
        .slice(before)
        .map((f) => f.conversation.botState),
    ).toEqual(['taken_over']);
    expect(await srv.services.storage.conversations.get(v.conversationId)).toMatchObject({ botState: 'taken_over', handedOverAt: null });
    // A person wrote first in a new conversation: the bot stays silent.
    agent.close();
    v.client.close();
  });

  it('two visitor messages in one batch (an outbox flushed after a reconnect): the visitor kept typing, no bot message, no gap', async () => {
    const flush = async (first: string, second: string) => {
      const row = visitorRow(srv.siteId);
      await srv.services.storage.visitors.insert(row);
      const sender = { kind: 'visitor' as const, visitorId: row.id, siteId: srv.siteId };
      const outcomes = await srv.services.conversations.sendMany([
        { sender, input: { clientId: 'flush-1', body: first } },
        { sender, input: { clientId: 'flush-2', body: second } },
      ]);
      const [a, b] = outcomes.map((o) => {
        if (!o.ok) throw o.error;
        return o.result.message;
      });
      expect([a!.seq, b!.seq]).toEqual([1, 2]);
      await srv.services.bot.idle();
      await settle(100);
      const id = a!.conversationId;
      const history = await call<{ items: Message[] }>(admin, 'GET', `/conversations/${id}/messages`);
      expect(history.body.items.map((m) => m.author)).toEqual(['visitor', 'visitor']);
      expect((await conversation(id)).botState).toBeUndefined();
      return id;
    };
    // A question an article answers, then more typing: no bot message.
    await flush('How do I change my delivery address?', 'Order 1234, it has not shipped yet');
    const before = (await articleStats())[articles.address];
    // A question no article answers: no content gap either (a person will read it).
    const gapless = await flush('Can I book a video call with a stylist?', 'Hello?');
    const gaps = await call<ContentGapsResponse>(admin, 'GET', `/sites/${srv.siteId}/content-gaps`);
    expect(gaps.body.items.filter((g) => g.conversationId === gapless)).toEqual([]);
    expect((await articleStats())[articles.address]).toEqual(before);
  });

  it('nothing above the threshold: no bot message, the normal flow, and a content gap', async () => {
    const v = await visitor('Do you sell gift cards for birthdays?');
    await settle(300);
    expect(v.client.of('message').filter((f) => f.message.author === 'bot')).toEqual([]);
    expect((await conversation(v.conversationId)).botState).toBeUndefined();
    // No word of it in any article.
    const w = await visitor('Loyalty points?');
    await settle(300);
    expect(w.client.of('message').filter((f) => f.message.author === 'bot')).toEqual([]);
    const gaps = await call<ContentGapsResponse>(admin, 'GET', `/sites/${srv.siteId}/content-gaps`);
    expect(gaps.status).toBe(200);
    const gift = gaps.body.items.find((g) => g.norm === 'do you sell gift cards for birthdays');
    expect(gift).toMatchObject({ question: 'Do you sell gift cards for birthdays?', locale: 'en', count: 1, conversationId: v.conversationId });
    expect(gaps.body.items.map((g) => g.norm)).toContain('loyalty points');
    const dismissed = await call<{ deleted: number }>(admin, 'DELETE', `/sites/${srv.siteId}/content-gaps?norm=${encodeURIComponent('loyalty points')}`);
    expect(dismissed.body).toEqual({ deleted: 1 });
    expect((await call<ContentGapsResponse>(admin, 'GET', `/sites/${srv.siteId}/content-gaps`)).body.items.map((g) => g.norm)).not.toContain('loyalty points');
    v.client.close();
    w.client.close();
  });

  it('mode offline: only while nobody is online or outside business hours; off: never', async () => {
    expect((await call(admin, 'PUT', `/sites/${srv.siteId}/bot`, { mode: 'offline' })).status).toBe(200);
    const question = 'How do I change my delivery address?';
    // Nobody online: the bot answers.
    const alone = await visitor(question);
    await botMessage(alone.client, alone.conversationId);
    // An agent online with a console open, inside business hours (none set): the bot stays out.
    await call(bia.cookie, 'PUT', '/agents/me/status', { status: 'online' });
    const agent = await agentSocket(bia.cookie);
    const staffed = await visitor(question);
    await settle(300);
    expect(staffed.client.of('message').filter((f) => f.message.author === 'bot')).toEqual([]);
    // Outside business hours (a week with no opening), the agent still online: the bot answers.
    const closed = { ...DEFAULT_WIDGET_SETTINGS, hours: { enabled: true, timezone: 'UTC', openings: [] } };
    expect((await call(admin, 'PUT', `/sites/${srv.siteId}/widget-settings`, closed)).status).toBe(200);
    const night = await visitor(question);
    await botMessage(night.client, night.conversationId);
    // Off: never.
    expect((await call(admin, 'PUT', `/sites/${srv.siteId}/bot`, { mode: 'off' })).status).toBe(200);
    const off = await visitor(question);
    await settle(300);
    expect(off.client.of('message').filter((f) => f.message.author === 'bot')).toEqual([]);
    await call(admin, 'PUT', `/sites/${srv.siteId}/widget-settings`, DEFAULT_WIDGET_SETTINGS);
    await call(admin, 'PUT', `/sites/${srv.siteId}/bot`, { mode: 'always' });
    await call(bia.cookie, 'PUT', '/agents/me/status', { status: 'away' });
    agent.close();
    for (const v of [alone, staffed, night, off]) v.client.close();
  });

  it('bot.reply only for the visitor’s own conversation', async () => {
    const v = await visitor('How do I change my delivery address?');
    await botMessage(v.client, v.conversationId);
    const other = await visitor('hello there, refunds please');
    other.client.send({ type: 'bot.reply', conversationId: v.conversationId, answer: 'answered', clientId: 'steal-1' });
    const err = await other.client.next('error', (f) => f.clientId === 'steal-1');
    expect(err.code).toBe('not_found');
    expect((await conversation(v.conversationId)).botState).toBe('answered');
    v.client.close();
    other.client.close();
  });
});
