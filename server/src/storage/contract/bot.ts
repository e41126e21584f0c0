/**
 * Contract: the answer bot's storage (BotStore) and its part of the send path: the stems index
 * (title above text on both stores' rankings), counters, the bot's message (once, never after a
 * person), its state changes with hand-over assignment, and content gaps (grouped, bounded, gone
 * with their site or their visitor's erasure).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors';
import { newId } from '../../domain/ids';
import { relevant } from '../../domain/bot/relevance';
import { questionStems, stems } from '../../domain/bot/text';
import type { Sender, SendInput, StoredSlot } from '../conversations';
import type { ArticleRow, ContentGapRow, Storage } from '../index';
import type { SqliteStorage } from '../sqlite/index';
import type { PostgresStorage } from '../postgres/index';
import { aSite, aVisitor, anAgent, anArticle } from './fixtures';
import type { OpenStorage } from './suite';

/** The columns that lead an index of `table` (each index's first column), from the store's own catalog. */
async function leadingIndexColumns(storage: Storage, table: string): Promise<string[]> {
  if (storage.kind === 'sqlite')
    return (storage as SqliteStorage).db.$client
      .prepare<[string], { name: string }>('SELECT ii.name FROM pragma_index_list(?) il, pragma_index_info(il.name) ii WHERE ii.seqno = 0 ORDER BY ii.name')
      .all(table)
      .map((r) => r.name);
  const { rows } = await (storage as PostgresStorage).db.$client.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
      WHERE i.indrelid = $1::regclass ORDER BY a.attname`,
    [table],
  );
  return rows.map((r) => r.name);
}

/** Stored and indexed as the domain does (ArticleService, then BotService.index). */
async function indexed(storage: Storage, row: ArticleRow): Promise<ArticleRow> {
  if (!(await storage.articles.create(row, 100))) throw new Error('Not stored');
  const locale = row.locale === 'pt-BR' ? 'pt-BR' : row.locale === 'ru' ? 'ru' : 'en';
  await storage.bot.setStems({
    articleId: row.id,
    title: stems(row.title, locale).join(' '),
    body: stems(row.body, locale).join(' '),
    updatedAt: row.updatedAt,
  });
  return row;
}

function ok(slot: StoredSlot | undefined) {
  if (!slot) throw new Error('no slot');
  if (!slot.ok) throw slot.error;
  return slot;
}

const aGap = (siteId: string, norm: string, createdAt: number, patch: Partial<ContentGapRow> = {}): ContentGapRow => ({
  id: newId(),
  siteId,
  locale: 'en',
  question: norm,
  norm,
  conversationId: null,
  createdAt,
  ...patch,
});

export function botContract(open: OpenStorage): void {
  describe('answer bot', () => {
    let opened: Awaited<ReturnType<OpenStorage>> | undefined;
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });
    async function fresh() {
      opened = await open();
      const storage = opened.storage;
      const site = await aSite(storage);
      const send = async (sender: Sender, input: SendInput, assignable: string[] = []) =>
        (await storage.conversations.appendBatch([{ sender, input }], assignable)).stored[0]!;
      /** A visitor's first message: a new conversation. */
      const conversation = async () => {
        const v = await aVisitor(storage, site.id);
        return ok(await send({ kind: 'visitor', visitorId: v.id, siteId: site.id }, { clientId: 'q', body: 'How do I change my address?' })).message
          .conversationId;
      };
      return { storage, site, send, conversation };
    }

    it('sets a site’s mode; false for no such site', async () => {
      const { storage, site } = await fresh();
      expect(await storage.bot.setMode(site.id, 'offline')).toBe(true);
      expect((await storage.sites.get(site.id))?.botMode).toBe('offline');
      expect(await storage.bot.setMode('nosuchsite', 'always')).toBe(false);
    });

    it('matches published articles of the site and language by stem, the title ranked above the text', async () => {
      const { storage, site } = await fresh();
      const other = await aSite(storage);
      const inBody = await indexed(
        storage,
        anArticle(site.id, { title: 'Orders', body: 'Change the delivery address, the delivery date or the delivery window of an order.' }),
      );
      const inTitle = await indexed(storage, anArticle(site.id, { title: 'Delivery address', body: 'Open your orders and edit it.' }));
      await indexed(storage, anArticle(site.id, { title: 'Delivery address (draft)', published: false }));
      await indexed(storage, anArticle(other.id, { title: 'Delivery address elsewhere' }));
      await indexed(storage, anArticle(site.id, { locale: 'pt-BR', title: 'Endereço de entrega', body: 'Entregas em todo o Brasil.' }));
      const ru = await indexed(storage, anArticle(site.id, { locale: 'ru', title: 'Доставка', body: 'Доставку оформляют при заказе.' }));
      const found = await storage.bot.match(site.id, 'en', ['deliveri'], 10);
      expect(found.map((a) => a.id)).toEqual([inTitle.id, inBody.id]);
      expect(found[0]).toMatchObject({
        title: 'Delivery address',
        body: 'Open your orders and edit it.',
        titleStems: 'deliveri address',
        bodyStems: 'open order edit',
      });
      expect(await storage.bot.match(site.id, 'en', ['nothing'], 10)).toEqual([]);
      expect(await storage.bot.match(site.id, 'en', [], 10)).toEqual([]);
      expect((await storage.bot.match(site.id, 'pt-BR', stems('entregas', 'pt-BR'), 10)).map((a) => a.title)).toEqual(['Endereço de entrega']);
      expect((await storage.bot.match(site.id, 'ru', stems('доставка', 'ru'), 10)).map((a) => a.id)).toEqual([ru.id]);
      expect(await storage.bot.match(site.id, 'en', ['deliveri'], 1)).toHaveLength(1);
      // A quote in a searched word is only a character (no query syntax reaches the engine).
      expect(await storage.bot.match(site.id, 'en', ['a"b', "c'd", 'OR', '*'], 10)).toEqual([]);
    });

    it('the relevance rule over this store’s ranking offers the same articles, in the same order, as on every store', async () => {
      const { storage, site } = await fresh();
      const ids: Record<string, string> = {};
      const add = async (key: string, locale: string, title: string, body: string) =>
        (ids[key] = (await indexed(storage, anArticle(site.id, { locale, title, body }))).id);
      await add('address', 'en', 'Changing your delivery address', 'Open My orders and change the address until the order ships.');
      await add('orders', 'en', 'Orders', 'You can change the delivery address, the delivery date or cancel an order.');
      await add('times', 'en', 'Delivery times', 'We deliver in two days.');
      await add('refunds', 'en', 'Refunds', 'Refunds are paid back within five days.');
      await add('prazo', 'pt-BR', 'Prazo de entrega', 'A entrega leva de 2 a 5 dias úteis.');
      await add('troca', 'pt-BR', 'Trocas e devoluções', 'Você pode trocar um produto em até 7 dias após a entrega.');
      await add('dostavka', 'ru', 'Доставка по России', 'Доставка занимает от 3 до 7 дней.');
      await add('oplata', 'ru', 'Оплата', 'Оплата картой или при получении.');
      const offered = async (locale: 'en' | 'pt-BR' | 'ru', question: string) => {
        const q = questionStems(question, locale);
        return relevant(q, await storage.bot.match(site.id, locale, q, 20)).map((r) => Object.keys(ids).find((k) => ids[k] === r.match.id));
      };
      expect(await offered('en', 'How do I change my delivery address?')).toEqual(['address', 'orders']);
      expect(await offered('en', 'delivery times?')).toEqual(['times']);
      // "policy" is in no article: "refund" decides, and it is in a title.
      expect(await offered('en', 'refund policy')).toEqual(['refunds']);
      expect(await offered('en', 'When do refunds arrive?')).toEqual(['refunds']);
      // "pay" only in a text, "gift" nowhere: nothing.
      expect(await offered('en', 'Can I pay with a gift card?')).toEqual([]);
      expect(await offered('pt-BR', 'Qual o prazo das entregas?')).toEqual(['prazo']);
      // "Trocas e devoluções" names a delivery only in its text: one word there is not enough.
      expect(await offered('pt-BR', 'entregas')).toEqual(['prazo']);
      expect(await offered('ru', 'Сколько дней занимает доставку?')).toEqual(['dostavka']);
      expect(await offered('ru', 'оплату картой')).toEqual(['oplata']);
    });

    it('re-stemming replaces the index entry; a deleted article leaves the index; stems for a missing article are dropped', async () => {
      const { storage, site } = await fresh();
      const a = await indexed(storage, anArticle(site.id, { title: 'Refunds' }));
      await storage.bot.setStems({ articleId: a.id, title: 'return', body: '', updatedAt: a.updatedAt });
      expect(await storage.bot.match(site.id, 'en', ['refund'], 10)).toEqual([]);
      expect((await storage.bot.match(site.id, 'en', ['return'], 10)).map((x) => x.id)).toEqual([a.id]);
      expect(await storage.articles.remove(a.id)).toBe(true);
      expect(await storage.bot.match(site.id, 'en', ['return'], 10)).toEqual([]);
      await storage.bot.setStems({ articleId: 'gone', title: 'return', body: '', updatedAt: 1 });
      expect(await storage.bot.match(site.id, 'en', ['return'], 10)).toEqual([]);
    });

    it('two edits stemmed concurrently: the older edit’s stems never overwrite the newer ones, in either order', async () => {
      const { storage, site } = await fresh();
      const a = await indexed(storage, anArticle(site.id, { title: 'Refunds' }));
      const stemsOf = (title: string, updatedAt: number) => ({ articleId: a.id, title, body: '', updatedAt });
      // Edit 1 (t+1000), then edit 2 (t+2000); edit 2's stems are written first, edit 1's arrive late.
      await storage.articles.update(a.id, { locale: 'en', title: 'Returns', body: '', published: true }, a.updatedAt + 1000);
      await storage.articles.update(a.id, { locale: 'en', title: 'Exchanges', body: '', published: true }, a.updatedAt + 2000);
      await storage.bot.setStems(stemsOf('exchang', a.updatedAt + 2000));
      await storage.bot.setStems(stemsOf('return', a.updatedAt + 1000));
      expect((await storage.bot.match(site.id, 'en', ['exchang'], 10)).map((x) => x.id)).toEqual([a.id]);
      expect(await storage.bot.match(site.id, 'en', ['return'], 10)).toEqual([]);
      expect(await storage.bot.unstemmed(10)).toEqual([]);
      // Edit 3: the stems of an edit that is no longer the article's are refused, even when they come first.
      await storage.articles.update(a.id, { locale: 'en', title: 'Store credit', body: '', published: true }, a.updatedAt + 3000);
      await storage.bot.setStems(stemsOf('return', a.updatedAt + 1000));
      expect(await storage.bot.match(site.id, 'en', ['return'], 10)).toEqual([]);
      await storage.bot.setStems(stemsOf('store credit', a.updatedAt + 3000));
      expect((await storage.bot.match(site.id, 'en', ['credit'], 10)).map((x) => x.id)).toEqual([a.id]);
      expect(await storage.bot.match(site.id, 'en', ['exchang'], 10)).toEqual([]);
    });

    it('lists articles without stems or with stems older than their last edit', async () => {
      const { storage, site } = await fresh();
      const plain = anArticle(site.id, { title: 'Never indexed' });
      await storage.articles.create(plain, 100);
      const fresh1 = await indexed(storage, anArticle(site.id, { title: 'Indexed' }));
      const edited = await indexed(storage, anArticle(site.id, { title: 'Edited' }));
      await storage.articles.update(edited.id, { locale: 'en', title: 'Edited again', body: 'x', published: true }, edited.updatedAt + 1000);
      const ids = (await storage.bot.unstemmed(10)).map((r) => r.id).sort();
      expect(ids).toEqual([plain.id, edited.id].sort());
      expect(ids).not.toContain(fresh1.id);
      expect((await storage.bot.unstemmed(10)).find((r) => r.id === plain.id)).toEqual(plain);
      expect(await storage.bot.unstemmed(1)).toHaveLength(1);
    });

    it('counts offered, helped and not helped per article', async () => {
      const { storage, site } = await fresh();
      const a = await indexed(storage, anArticle(site.id));
      const b = await indexed(storage, anArticle(site.id));
      await storage.bot.count([a.id, b.id], 'offered');
      await storage.bot.count([a.id], 'offered');
      await storage.bot.count([a.id], 'helped');
      await storage.bot.count([b.id, 'gone'], 'notHelped');
      await storage.bot.count([], 'helped');
      const rows = Object.fromEntries((await storage.articles.list(site.id)).map((r) => [r.id, [r.botOffered, r.botHelped, r.botNotHelped]]));
      expect(rows).toEqual({ [a.id]: [2, 1, 0], [b.id]: [1, 0, 1] });
    });

    it('the bot’s message: stored with its seq and card, the state answered; once per conversation, never after a person', async () => {
      const { storage, site, send, conversation } = await fresh();
      const id = await conversation();
      const card = JSON.stringify({ articles: [{ id: 'a1', title: 'T', excerpt: 'E' }] });
      const answered = ok(await send({ kind: 'bot' }, { conversationId: id, clientId: 'bot-answer', body: 'These articles…', meta: card }));
      expect(answered.message).toMatchObject({ seq: 2, author: 'bot', agentId: null, meta: card });
      const row = await storage.conversations.get(id);
      expect(row).toMatchObject({ botState: 'answered', lastSeq: 2, lastMessageAuthor: 'bot', unreadCount: 1 });
      // A retry answers the stored message; another bot message is refused.
      expect(ok(await send({ kind: 'bot' }, { conversationId: id, clientId: 'bot-answer', body: 'These articles…', meta: card }))).toMatchObject({
        created: false,
      });
      const again = await send({ kind: 'bot' }, { conversationId: id, clientId: 'bot-2', body: 'x', meta: card });
      expect(again.ok).toBe(false);
      expect(((again as { error: AppError }).error as AppError).code).toBe('conflict');
      expect((await storage.conversations.messagesAfter(id, 0, 10)).map((m) => [m.seq, m.author, m.meta])).toEqual([
        [1, 'visitor', null],
        [2, 'bot', card],
      ]);
      expect((await storage.conversations.forVisitor(row!.visitorId, 5))[0]).toMatchObject({ id, botState: 'answered' });
      // A person wrote first: the bot is refused.
      const agent = await anAgent(storage);
      const other = await conversation();
      ok(await send({ kind: 'agent', agentId: agent.id, agentName: agent.name }, { conversationId: other, clientId: 'a1', body: 'Hi!' }));
      const late = await send({ kind: 'bot' }, { conversationId: other, clientId: 'bot-answer', body: 'x', meta: card });
      expect(late.ok).toBe(false);
      expect((await storage.conversations.get(other))?.botState).toBeNull();
      // The visitor wrote again before the bot answered (they kept typing): the bot is refused.
      const typed = await conversation();
      const visitorId = (await storage.conversations.get(typed))!.visitorId;
      ok(await send({ kind: 'visitor', visitorId, siteId: site.id }, { conversationId: typed, clientId: 'q2', body: 'Anyone there?' }));
      const tooLate = await send({ kind: 'bot' }, { conversationId: typed, clientId: 'bot-answer', body: 'x', meta: card });
      expect(((tooLate as { error: AppError }).error as AppError).code).toBe('conflict');
      expect((await storage.conversations.get(typed))?.botState).toBeNull();
      expect((await storage.conversations.messagesAfter(typed, 0, 10)).map((m) => m.author)).toEqual(['visitor', 'visitor']);
      // Not someone else's site's concern: an unknown conversation is not found.
      const missing = await send({ kind: 'bot' }, { conversationId: 'missing', clientId: 'bot-answer', body: 'x' });
      expect(((missing as { error: AppError }).error as AppError).code).toBe('not_found');
      expect(site.id).toBeTruthy();
    });

    it('resolves and hands over only from answered, once; the hand-over assigns when nobody is', async () => {
      const { storage, send, conversation } = await fresh();
      const busy = await anAgent(storage, { status: 'online', capacity: 0 });
      const free = await anAgent(storage, { status: 'online' });
      const away = await anAgent(storage, { status: 'away' });
      const a = await conversation();
      const b = await conversation();
      expect(await storage.bot.resolve(a)).toBe(false);
      expect(await storage.bot.handOver(a, 5, [free.id])).toEqual({ changed: false, assigneeId: null });
      for (const id of [a, b]) ok(await send({ kind: 'bot' }, { conversationId: id, clientId: 'bot-answer', body: 'x', meta: '{"articles":[]}' }));
      expect(await storage.bot.resolve(a)).toBe(true);
      expect(await storage.bot.resolve(a)).toBe(false);
      expect(await storage.bot.handOver(a, 5, [free.id])).toEqual({ changed: false, assigneeId: null });
      expect((await storage.conversations.get(a))?.botState).toBe('resolved');
      expect(await storage.bot.handOver(b, 1234, [busy.id, away.id, free.id])).toEqual({ changed: true, assigneeId: free.id });
      expect(await storage.conversations.get(b)).toMatchObject({ botState: 'handed_over', handedOverAt: 1234, assigneeId: free.id });
      expect(await storage.bot.handOver(b, 9999, [free.id])).toEqual({ changed: false, assigneeId: null });
      expect((await storage.conversations.get(b))?.handedOverAt).toBe(1234);
      // Nobody to pick: handed over, unassigned.
      const c = await conversation();
      ok(await send({ kind: 'bot' }, { conversationId: c, clientId: 'bot-answer', body: 'x' }));
      expect(await storage.bot.handOver(c, 7, [away.id, busy.id])).toEqual({ changed: true, assigneeId: null });
      expect(await storage.conversations.get(c)).toMatchObject({ botState: 'handed_over', assigneeId: null });
    });

    it('assign: an open conversation nobody has, as its opening would; not one assigned already, nor a resolved one', async () => {
      const { storage, conversation } = await fresh();
      const busy = await anAgent(storage, { status: 'online', capacity: 0 });
      const free = await anAgent(storage, { status: 'online' });
      const a = await conversation();
      expect(await storage.bot.assign(a, 10, [])).toBeNull();
      expect(await storage.bot.assign(a, 10, [busy.id])).toBeNull();
      expect(await storage.bot.assign(a, 10, [busy.id, free.id])).toBe(free.id);
      expect((await storage.conversations.get(a))?.assigneeId).toBe(free.id);
      expect(await storage.bot.assign(a, 11, [free.id])).toBeNull();
      const b = await conversation();
      expect(await storage.conversations.setStatus(b, 'resolved')).toBe(true);
      expect(await storage.bot.assign(b, 12, [free.id])).toBeNull();
      expect((await storage.conversations.get(b))?.assigneeId).toBeNull();
      expect(await storage.bot.assign('missing', 13, [free.id])).toBeNull();
    });

    it('a person writing while the buttons wait takes over: taken_over, no hand-over time, no assignment; only from answered, once', async () => {
      const { storage, send, conversation } = await fresh();
      const agent = await anAgent(storage, { status: 'online' });
      const a = await conversation();
      expect(await storage.bot.takeOver(a)).toBe(false);
      expect((await storage.conversations.get(a))?.botState).toBeNull();
      ok(await send({ kind: 'bot' }, { conversationId: a, clientId: 'bot-answer', body: 'x', meta: '{"articles":[]}' }));
      ok(await send({ kind: 'agent', agentId: agent.id, agentName: agent.name }, { conversationId: a, clientId: 'a1', body: 'Hi!' }));
      expect(await storage.bot.takeOver(a)).toBe(true);
      expect(await storage.conversations.get(a)).toMatchObject({ botState: 'taken_over', handedOverAt: null, assigneeId: null });
      // Settled: neither a second take-over, nor the visitor's buttons, change it.
      expect(await storage.bot.takeOver(a)).toBe(false);
      expect(await storage.bot.handOver(a, 5, [agent.id])).toEqual({ changed: false, assigneeId: null });
      expect(await storage.bot.resolve(a)).toBe(false);
      expect(await storage.conversations.get(a)).toMatchObject({ botState: 'taken_over', handedOverAt: null, assigneeId: null });
      expect(await storage.bot.takeOver('missing')).toBe(false);
    });

    it('"That answered it" loses to a person who just wrote: the agent’s message stored, the take-over not yet run → not resolved', async () => {
      const { storage, send, conversation } = await fresh();
      const agent = await anAgent(storage);
      const a = await conversation();
      ok(await send({ kind: 'bot' }, { conversationId: a, clientId: 'bot-answer', body: 'x', meta: '{"articles":[]}' }));
      ok(await send({ kind: 'agent', agentId: agent.id, agentName: agent.name }, { conversationId: a, clientId: 'a1', body: 'Hi! Let me look.' }));
      expect((await storage.conversations.get(a))?.botState).toBe('answered');
      expect(await storage.bot.resolve(a)).toBe(false);
      expect(await storage.conversations.get(a)).toMatchObject({ botState: 'answered', status: 'open' });
      // The take-over then runs as usual.
      expect(await storage.bot.takeOver(a)).toBe(true);
    });

    it('content gaps: grouped by norm, most asked first, in a range and a language, bounded, dismissed', async () => {
      const { storage, site } = await fresh();
      const other = await aSite(storage);
      await storage.bot.addGap(aGap(site.id, 'gift cards?', 1000, { question: 'Gift cards?', conversationId: 'c1' }), 100);
      await storage.bot.addGap(aGap(site.id, 'gift cards?', 3000, { question: 'gift  cards?', conversationId: 'c3' }), 100);
      await storage.bot.addGap(aGap(site.id, 'gift cards?', 2000, { question: 'GIFT cards?', conversationId: 'c2' }), 100);
      await storage.bot.addGap(aGap(site.id, 'vagas?', 2500, { locale: 'pt-BR' }), 100);
      await storage.bot.addGap(aGap(site.id, 'opening hours', 4000), 100);
      await storage.bot.addGap(aGap(other.id, 'gift cards?', 1000), 100);
      const all = await storage.bot.gaps(site.id, { from: 0, to: 10_000, limit: 10 });
      expect(all).toEqual([
        { norm: 'gift cards?', question: 'gift  cards?', locale: 'en', count: 3, lastAskedAt: 3000, conversationId: 'c3' },
        { norm: 'opening hours', question: 'opening hours', locale: 'en', count: 1, lastAskedAt: 4000, conversationId: null },
        { norm: 'vagas?', question: 'vagas?', locale: 'pt-BR', count: 1, lastAskedAt: 2500, conversationId: null },
      ]);
      expect(await storage.bot.gaps(site.id, { from: 1500, to: 3000, limit: 10 })).toEqual([
        // The same count: the latest asked first.
        { norm: 'vagas?', question: 'vagas?', locale: 'pt-BR', count: 1, lastAskedAt: 2500, conversationId: null },
        { norm: 'gift cards?', question: 'GIFT cards?', locale: 'en', count: 1, lastAskedAt: 2000, conversationId: 'c2' },
      ]);
      expect((await storage.bot.gaps(site.id, { from: 0, to: 10_000, locale: 'pt-BR', limit: 10 })).map((g) => g.norm)).toEqual(['vagas?']);
      expect(await storage.bot.gaps(site.id, { from: 0, to: 10_000, limit: 1 })).toHaveLength(1);
      expect(await storage.bot.dismissGaps(site.id, 'gift cards?')).toBe(3);
      expect(await storage.bot.dismissGaps(site.id, 'gift cards?')).toBe(0);
      expect((await storage.bot.gaps(other.id, { from: 0, to: 10_000, limit: 10 })).map((g) => g.count)).toEqual([1]);
      // Bounded: the newest are kept.
      for (let i = 0; i < 5; i++) await storage.bot.addGap(aGap(other.id, `q${i}`, 5000 + i), 3);
      expect((await storage.bot.gaps(other.id, { from: 0, to: 10_000, limit: 10 })).map((g) => g.norm).sort()).toEqual(['q2', 'q3', 'q4']);
    });

    it('gaps go with their site, and with the conversations of an erased visitor', async () => {
      const { storage, site, send } = await fresh();
      const doomed = await aSite(storage, { name: 'Doomed' });
      await storage.bot.addGap(aGap(doomed.id, 'x', 1), 100);
      const v = await aVisitor(storage, site.id);
      const id = ok(await send({ kind: 'visitor', visitorId: v.id, siteId: site.id }, { clientId: 'q', body: 'my secret question' })).message.conversationId;
      await storage.bot.addGap(aGap(site.id, 'my secret question', 2, { conversationId: id }), 100);
      await storage.bot.addGap(aGap(site.id, 'kept', 3), 100);
      expect((await storage.sites.delete(doomed.id, 'Doomed')).outcome).toBe('deleted');
      expect(await storage.bot.gaps(doomed.id, { from: 0, to: 10, limit: 10 })).toEqual([]);
      await storage.visitors.erase(v.id);
      expect((await storage.bot.gaps(site.id, { from: 0, to: 10, limit: 10 })).map((g) => g.norm)).toEqual(['kept']);
    });

    it('an erasure finds its gaps by an index (content_gaps.conversation_id leads one), not by reading every gap', async () => {
      const { storage } = await fresh();
      expect(await leadingIndexColumns(storage, 'content_gaps')).toContain('conversation_id');
    });
  });
}
