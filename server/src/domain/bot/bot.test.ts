/**
 * The answer bot's language work in en, pt-BR and ru: stems, the relevance rule, the best passage,
 * and the search with its fallback to English only when the visitor's language has no articles.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ArticleInput, Conversation, Message } from '@atendo/shared';
import { aSite } from '../../storage/contract/fixtures';
import type { StemMatch } from '../../storage/bot';
import { openSqliteStorage, type SqliteStorage } from '../../storage/sqlite';
import { ArticleService } from '../articles';
import { ConversationService } from '../conversations';
import { EventBus } from '../events';
import { webhookEvents } from '../webhooks/payloads';
import { bestPassage } from './passage';
import { needed, relevant } from './relevance';
import { BotService, STEMS_VERSION } from './service';
import { normalizeQuestion, questionStems, stems } from './text';

describe('stems', () => {
  it('English: inflections meet, stopwords and greetings go', () => {
    expect(questionStems('Hi! How do I change my delivery address?', 'en')).toEqual(['chang', 'deliveri', 'address']);
    expect(stems('Changing deliveries', 'en')).toEqual(stems('change delivery', 'en'));
    expect(questionStems('Hello, thanks!', 'en')).toEqual([]);
  });

  it('Portuguese: "entregas" finds "entrega", accents folded after stemming', () => {
    expect(stems('entregas', 'pt-BR')).toEqual(stems('Entrega', 'pt-BR'));
    expect(stems('Endereço', 'pt-BR')).toEqual(stems('endereços', 'pt-BR'));
    expect(stems('endereço', 'pt-BR')[0]).not.toMatch(/ç/);
    expect(questionStems('Olá, qual o prazo de entregas para o Nordeste?', 'pt-BR')).toEqual(['praz', 'entreg', 'nord']);
  });

  it('Russian: "доставку" finds "доставка", ё read as е', () => {
    expect(stems('доставку', 'ru')).toEqual(stems('Доставка', 'ru'));
    expect(stems('доставкой', 'ru')).toEqual(['доставк']);
    expect(stems('ёлка', 'ru')).toEqual(stems('елка', 'ru'));
    expect(questionStems('Здравствуйте! Сколько стоит доставка?', 'ru')).toEqual(['сто', 'доставк']);
  });

  it('a content gap’s key: folded, trimmed, spaces collapsed, capped', () => {
    expect(normalizeQuestion('  Você   vende\tCARTÕES? ', 500)).toBe('voce vende cartoes');
    expect(normalizeQuestion('Gift cards?!', 500)).toBe(normalizeQuestion('gift  cards', 500));
    expect(normalizeQuestion('Доставка ЁЛОК...', 500)).toBe('доставка елок');
    expect(normalizeQuestion('x'.repeat(600), 500)).toHaveLength(500);
  });
});

const match = (id: string, title: string, body: string, locale: 'en' | 'pt-BR' | 'ru' = 'en'): StemMatch => ({
  id,
  title,
  body,
  titleStems: stems(title, locale).join(' '),
  bodyStems: stems(body, locale).join(' '),
});

describe('relevance', () => {
  it('needs half of the known words (those some candidate holds)', () => {
    expect([1, 2, 3, 4, 5, 6].map(needed)).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('a question with words no article holds is judged on the others: one word in a title is enough, one in a text is not', () => {
    const refunds = match('r', 'Returns and refunds', 'Send it back within 30 days.');
    const payment = match('p', 'Payment methods', 'We take credit cards and bank transfers.');
    expect(relevant(questionStems('When do refunds arrive?', 'en'), [refunds, payment]).map((f) => f.match.id)).toEqual(['r']);
    expect(relevant(questionStems('Do you sell gift cards?', 'en'), [refunds, payment])).toEqual([]);
    const entrega = match('e', 'Prazo de entrega', 'Enviamos em até 2 dias úteis.', 'pt-BR');
    expect(relevant(questionStems('Quanto tempo demora a entrega?', 'pt-BR'), [entrega]).map((f) => f.match.id)).toEqual(['e']);
    const dostavka = match('d', 'Доставка заказа', 'Курьер привезёт заказ за два дня.', 'ru');
    expect(relevant(questionStems('Сколько стоит доставка?', 'ru'), [dostavka]).map((f) => f.match.id)).toEqual(['d']);
    expect(relevant(questionStems('Когда придёт заказ?', 'ru'), [dostavka]).map((f) => f.match.id)).toEqual(['d']);
  });

  it('offers what holds the most of the question, title words first, then the store’s order', () => {
    const q = questionStems('How do I change my delivery address?', 'en');
    const found = relevant(q, [
      match('times', 'Delivery times', 'We deliver in 2 days.'),
      match('body', 'Orders', 'You can change the delivery address until it ships.'),
      match('title', 'Change your delivery address', 'Open My orders.'),
      match('two', 'Address book', 'Change an address.'),
    ]);
    // "Address book" holds two of the three words: enough alone, not beside articles that hold all three.
    expect(found.map((f) => f.match.id)).toEqual(['title', 'body']);
    expect(relevant(q, [match('two', 'Address book', 'Change an address.')]).map((f) => f.match.id)).toEqual(['two']);
    expect(found[0]!.matched).toEqual(['chang', 'deliveri', 'address']);
    expect(relevant(q, [match('refund', 'Refunds', 'Money back.')])).toEqual([]);
    expect(relevant([], [match('x', 'x', 'x')])).toEqual([]);
  });

  it('a word said twice counts once', () => {
    expect(relevant(['refund', 'refund'], [match('m', 'Money back', 'A refund takes 5 days.')])).toEqual([]);
  });

  it('one title word is not enough once the question has three known words ("change my delivery address" on "Delivery times")', () => {
    const q = questionStems('How do I change my delivery address?', 'en');
    const times = match('times', 'Delivery times', 'We deliver in 2 days.');
    const book = match('book', 'Address book', 'Keep the addresses you use.');
    expect(relevant(q, [times, book, match('c', 'Coupons', 'Change a coupon code.')])).toEqual([]);
  });

  it('at most three articles', () => {
    const q = questionStems('entregas', 'pt-BR');
    const many = [1, 2, 3, 4].map((i) => match(`e${i}`, `Entrega ${i}`, 'Prazo.', 'pt-BR'));
    expect(relevant(q, many).map((f) => f.match.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('Russian: another case of the same word passes', () => {
    expect(relevant(questionStems('доставку', 'ru'), [match('d', 'Доставка', 'Курьер.', 'ru')]).map((f) => f.match.id)).toEqual(['d']);
  });
});

describe('best passage', () => {
  it('the sentence holding most of the question’s words, cut at a word', () => {
    const body = 'Welcome to our shop. Deliveries take two days. **To change the delivery address**, open My orders and pick the order.';
    expect(bestPassage(body, ['chang', 'deliveri', 'address'], 'en')).toBe('…To change the delivery address, open My orders and pick the order.');
    expect(bestPassage(body, ['nothing'], 'en')).toBe(
      'Welcome to our shop. Deliveries take two days. To change the delivery address, open My orders and pick the order.',
    );
    const long = bestPassage(`Entrega. ${'palavra '.repeat(100)}`, ['entreg'], 'pt-BR', 60);
    expect(long.length).toBeLessThanOrEqual(61);
    expect(long).toMatch(/^Entrega\. palavra .*…$/);
  });
});

describe('BotService.find', () => {
  const opened: SqliteStorage[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  async function setup() {
    const storage = openSqliteStorage(':memory:');
    opened.push(storage);
    const bus = new EventBus();
    const bot = new BotService({
      storage,
      bus,
      conversations: new ConversationService(storage.conversations, bus, () => null),
      anyoneOnline: () => false,
      assignable: () => [],
    });
    const articles = new ArticleService(storage.articles, storage.sites, (row) => bot.index(row));
    const site = await aSite(storage);
    const write = (input: Partial<ArticleInput> & Pick<ArticleInput, 'locale' | 'title'>) => articles.create(site.id, { body: '', published: true, ...input });
    return { storage, bot, site, write };
  }

  it('searches the visitor’s language; English only when theirs has no published article', async () => {
    const { bot, site, write } = await setup();
    await write({ locale: 'en', title: 'Delivery times', body: 'Orders are delivered in 2 days.' });
    await write({ locale: 'pt-BR', title: 'Prazo de entrega', body: 'A entrega leva 2 dias.' });
    await write({ locale: 'ru', title: 'Оплата', body: 'Оплата картой.', published: false });
    const pt = await bot.find(site.id, 'pt-BR', 'Qual o prazo das entregas?');
    expect(pt).toMatchObject({ locale: 'pt-BR', articles: [{ title: 'Prazo de entrega' }] });
    // Russian has only a draft: English is searched, with English stems.
    const ru = await bot.find(site.id, 'ru', 'delivery times');
    expect(ru).toMatchObject({ locale: 'en', articles: [{ title: 'Delivery times' }] });
    // Portuguese has articles: no fallback, even when none matches.
    expect(await bot.find(site.id, 'pt-BR', 'delivery times')).toMatchObject({ locale: 'pt-BR', articles: [] });
  });

  it('indexes the text a reader sees: no Markdown syntax, no link addresses', async () => {
    const { bot, site, write } = await setup();
    await write({ locale: 'en', title: 'Payments', body: 'Pay by card. See [our page](https://example.com/gift-vouchers) for **more**.' });
    expect((await bot.find(site.id, 'en', 'card payments')).articles.map((a) => a.title)).toEqual(['Payments']);
    expect((await bot.find(site.id, 'en', 'gift vouchers')).articles).toEqual([]);
  });

  it('an edit re-indexes; an article written before the bot is indexed at start', async () => {
    const { storage, bot, site, write } = await setup();
    const a = await write({ locale: 'ru', title: 'Оплата', body: 'Картой.' });
    expect((await bot.find(site.id, 'ru', 'доставку')).articles).toEqual([]);
    await new ArticleService(storage.articles, storage.sites, (row) => bot.index(row)).update(a.id, {
      locale: 'ru',
      title: 'Доставка',
      body: 'Курьером.',
      published: true,
    });
    expect((await bot.find(site.id, 'ru', 'доставку')).articles.map((x) => x.id)).toEqual([a.id]);
    // Written without indexing (an upgrade from a version without the bot): found after init.
    const old = await new ArticleService(storage.articles, storage.sites).create(site.id, {
      locale: 'en',
      title: 'Gift cards',
      body: 'We sell gift cards.',
      published: true,
    });
    expect((await bot.find(site.id, 'en', 'gift cards')).articles).toEqual([]);
    await bot.init();
    expect((await bot.find(site.id, 'en', 'gift cards')).articles.map((x) => x.id)).toEqual([old.id]);
  });

  it('stems made by another version of the stemming are made again at start', async () => {
    const { storage, bot, site, write } = await setup();
    const a = await write({ locale: 'pt-BR', title: 'Prazo de entrega', body: 'Dois dias.' });
    await bot.init();
    // As an older version might have stored them.
    await storage.bot.setStems({ articleId: a.id, title: 'prazo de entrega', body: '', updatedAt: a.updatedAt });
    expect((await bot.find(site.id, 'pt-BR', 'entregas')).articles).toEqual([]);
    await bot.init();
    expect((await bot.find(site.id, 'pt-BR', 'entregas')).articles).toEqual([]);
    await storage.accounts.putSetting('bot.stemsVersion', '0');
    await bot.init();
    expect((await bot.find(site.id, 'pt-BR', 'entregas')).articles.map((x) => x.id)).toEqual([a.id]);
    expect(await storage.accounts.getSetting('bot.stemsVersion')).toBe(STEMS_VERSION);
  });
});

describe('webhooks', () => {
  it('the bot’s message is a message.created event (author bot, its articles)', () => {
    const conversation = { id: 'c', siteId: 's' } as Conversation;
    const message = {
      id: 'm',
      conversationId: 'c',
      seq: 2,
      author: 'bot',
      body: 'These articles…',
      bot: { articles: [{ id: 'a', title: 'T', excerpt: 'E' }] },
    } as Message;
    const out = webhookEvents({ type: 'message.created', message, conversation }, { publicUrl: 'https://x', agentName: () => null });
    expect(out.map((o) => o.type)).toEqual(['message.created']);
    expect(JSON.stringify(out)).toContain('"author":"bot"');
  });
});
