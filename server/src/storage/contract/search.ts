/**
 * Contract: full-text search. Words match as prefixes, case and accents folded, all words must
 * match, newest first; a message is found as soon as its batch is stored, on whichever connection.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Sender, SendInput } from '../conversations';
import type { Storage } from '../index';
import { offThreadOf } from './conversations';
import { aSite, aVisitor } from './fixtures';
import type { OpenStorage } from './suite';

export function searchContract(open: OpenStorage): void {
  describe('search', () => {
    let storage: Storage;
    let close: () => Promise<void>;
    afterEach(async () => {
      vi.useRealTimers();
      await close?.();
    });

    async function start() {
      ({ storage, close } = await open());
      const site = await aSite(storage);
      const visitor = async (patch: { name?: string | null; email?: string | null } = {}): Promise<Sender & { kind: 'visitor' }> => ({
        kind: 'visitor',
        visitorId: (await aVisitor(storage, site.id, patch)).id,
        siteId: site.id,
      });
      const send = async (sender: Sender, input: SendInput) => {
        const [slot] = (await storage.conversations.appendBatch([{ sender, input }])).stored;
        if (!slot!.ok) throw slot!.error;
        return slot!.message;
      };
      /** Bodies of the message hits. */
      const messages = async (q: string, limit = 50) => (await storage.search.search(q, { visitors: limit, messages: limit })).messages.map((m) => m.body);
      const visitors = async (q: string, limit = 50) => (await storage.search.search(q, { visitors: limit, messages: limit })).visitors;
      return { visitor, send, messages, visitors };
    }

    it('folds accents and case, matches prefixes and needs every word (Portuguese)', async () => {
      const { visitor, send, messages } = await start();
      const v = await visitor();
      await send(v, { clientId: 'p1', body: 'Olá! Minha encomenda não chegou ainda.' });
      await send(v, { clientId: 'p2', body: 'Não consigo pagar com o cartão de crédito' });
      await send(v, { clientId: 'p3', body: 'Obrigada pela atenção' });
      expect(await messages('nao')).toEqual(['Não consigo pagar com o cartão de crédito', 'Olá! Minha encomenda não chegou ainda.']);
      expect(await messages('NÃO')).toHaveLength(2);
      expect(await messages('ola')).toEqual(['Olá! Minha encomenda não chegou ainda.']);
      expect(await messages('credito cartao')).toEqual(['Não consigo pagar com o cartão de crédito']);
      // Prefixes: "encom" finds "encomenda", "aten" finds "atenção".
      expect(await messages('encom')).toEqual(['Olá! Minha encomenda não chegou ainda.']);
      expect(await messages('atenç')).toEqual(['Obrigada pela atenção']);
      // Every word must match.
      expect(await messages('encomenda chegou')).toEqual(['Olá! Minha encomenda não chegou ainda.']);
      expect(await messages('encomenda perdida')).toEqual([]);
      // Only the start of a word: "comenda" is not a word of "encomenda".
      expect(await messages('comenda')).toEqual([]);
    });

    it('finds Russian text, case folded, by prefix', async () => {
      const { visitor, send, messages } = await start();
      const v = await visitor();
      await send(v, { clientId: 'r1', body: 'Здравствуйте, мой заказ не пришёл' });
      await send(v, { clientId: 'r2', body: 'Спасибо за помощь!' });
      expect(await messages('заказ')).toEqual(['Здравствуйте, мой заказ не пришёл']);
      expect(await messages('ЗАКАЗ')).toEqual(['Здравствуйте, мой заказ не пришёл']);
      expect(await messages('здравств')).toEqual(['Здравствуйте, мой заказ не пришёл']);
      expect(await messages('помощ спасибо')).toEqual(['Спасибо за помощь!']);
      expect(await messages('заказ спасибо')).toEqual([]);
    });

    it('finds visitors by name and by the parts of their e-mail, with each of their conversations', async () => {
      const { visitor, send, visitors } = await start();
      const joao = await visitor({ name: 'João Silva', email: 'joao.silva@example.com' });
      const ana = await visitor({ name: 'Ana', email: 'ana@exemplo.com.br' });
      // Two conversations of João's, the second a minute after the first (resolved).
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(1_700_000_000_000);
      const first = await send(joao, { clientId: 'j1', body: 'hello' });
      await storage.conversations.setStatus(first.conversationId, 'resolved');
      vi.setSystemTime(1_700_000_060_000);
      const second = await send(joao, { clientId: 'j2', body: 'hello again' });
      vi.useRealTimers();
      const anas = await send(ana, { clientId: 'a1', body: 'hi' });
      const hit = (h: { conversationId: string; name: string | null; email: string | null }) => [h.conversationId, h.name, h.email];
      // Newest activity first among one visitor's conversations.
      expect((await visitors('joao')).map(hit)).toEqual([
        [second.conversationId, 'João Silva', 'joao.silva@example.com'],
        [first.conversationId, 'João Silva', 'joao.silva@example.com'],
      ]);
      expect((await visitors('silva')).map((h) => h.conversationId).sort()).toEqual([first.conversationId, second.conversationId].sort());
      // E-mail parts: "ana@exem" is the words "ana" then "exem…", "exemplo.com" likewise.
      expect((await visitors('ana@exem')).map(hit)).toEqual([[anas.conversationId, 'Ana', 'ana@exemplo.com.br']]);
      expect((await visitors('exemplo.com')).map((h) => h.conversationId)).toEqual([anas.conversationId]);
      expect((await visitors('example')).map((h) => h.conversationId).sort()).toEqual([first.conversationId, second.conversationId].sort());
      expect(await visitors('nobody')).toEqual([]);
    });

    it('lists the newest messages first, up to the limit, with their conversation and seq', async () => {
      const { visitor, send } = await start();
      const sent = [];
      for (let i = 0; i < 5; i++) sent.push(await send(await visitor(), { clientId: `n${i}`, body: `parcel number ${i}` }));
      const found = await storage.search.search('parcel', { visitors: 10, messages: 3 });
      expect(found.messages).toEqual(
        [...sent]
          .reverse()
          .slice(0, 3)
          .map((m) => ({ conversationId: m.conversationId, seq: m.seq, body: m.body })),
      );
      expect(found.visitors).toEqual([]);
    });

    it('finds a message right after it was appended, on either connection', async () => {
      const { visitor, send, messages } = await start();
      const v = await visitor();
      const first = await send(v, { clientId: 'a1', body: 'first zanzibar' });
      expect(await messages('zanzibar')).toEqual(['first zanzibar']);
      // Within the same second: the send path indexes at most once a second, a search catches up.
      await send(v, { conversationId: first.conversationId, clientId: 'a2', body: 'second zanzibar' });
      expect(await messages('zanzibar')).toEqual(['second zanzibar', 'first zanzibar']);
      const off = await offThreadOf(storage);
      if (off) {
        await off.appendBatch([{ sender: v, input: { conversationId: first.conversationId, clientId: 'a3', body: 'third zanzibar' } }], []);
        expect(await messages('zanzibar')).toEqual(['third zanzibar', 'second zanzibar', 'first zanzibar']);
      }
      expect(await storage.search.catchUp()).toBe(0);
    });

    it('treats operators and punctuation as text and finds nothing without a letter or digit', async () => {
      const { visitor, send, messages } = await start();
      await send(await visitor(), { clientId: 'q1', body: 'order AND "quoted" NEAR(x) -minus' });
      expect(await storage.search.search('  !!! ... ', { visitors: 10, messages: 10 })).toEqual({ visitors: [], messages: [] });
      expect(await messages('"quoted')).toEqual(['order AND "quoted" NEAR(x) -minus']);
      expect(await messages('NEAR(')).toEqual(['order AND "quoted" NEAR(x) -minus']);
      expect(await messages('order AND')).toEqual(['order AND "quoted" NEAR(x) -minus']);
      expect(await messages('-minus*')).toEqual(['order AND "quoted" NEAR(x) -minus']);
      expect(await messages('OR')).toEqual(['order AND "quoted" NEAR(x) -minus']);
    });
  });
}
