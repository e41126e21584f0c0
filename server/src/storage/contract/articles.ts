/** Contract: help articles (ArticleStore): the per-site limit, published and language filters, counters. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ArticleRow, Storage } from '../index';
import { aSite, anArticle } from './fixtures';
import type { OpenStorage } from './suite';

async function stored(storage: Storage, row: ArticleRow): Promise<ArticleRow> {
  if (!(await storage.articles.create(row, 100))) throw new Error('Not stored');
  return row;
}

export function articlesContract(open: OpenStorage): void {
  describe('articles', () => {
    let opened: Awaited<ReturnType<OpenStorage>> | undefined;
    afterEach(async () => {
      await opened?.close();
      opened = undefined;
    });
    async function fresh() {
      opened = await open();
      const storage = opened.storage;
      return { storage, site: await aSite(storage) };
    }

    it('lists a site’s articles, drafts too, newest edit first, of one language when asked', async () => {
      const { storage, site } = await fresh();
      const other = await aSite(storage);
      const a = await stored(storage, anArticle(site.id, { updatedAt: 1000 }));
      const b = await stored(storage, anArticle(site.id, { locale: 'pt', published: false, updatedAt: 3000 }));
      const c = await stored(storage, anArticle(site.id, { updatedAt: 2000 }));
      await stored(storage, anArticle(other.id));
      expect(await storage.articles.list(site.id)).toEqual([b, c, a]);
      expect(await storage.articles.list(site.id, 'en')).toEqual([c, a]);
      expect(await storage.articles.list(site.id, 'ru')).toEqual([]);
    });

    it('refuses a create past the per-site limit; of racing creates for the last place, one wins', async () => {
      const { storage, site } = await fresh();
      const other = await aSite(storage);
      expect(await storage.articles.create(anArticle(site.id), 3)).toBe(true);
      expect(await storage.articles.create(anArticle(site.id, { locale: 'pt' }), 3)).toBe(true);
      const results = await Promise.all(Array.from({ length: 6 }, () => storage.articles.create(anArticle(site.id), 3)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await storage.articles.list(site.id)).toHaveLength(3);
      expect(await storage.articles.create(anArticle(site.id), 3)).toBe(false);
      // The limit is per site, over all languages; drafts count.
      expect(await storage.articles.create(anArticle(other.id, { published: false }), 3)).toBe(true);
      expect(await storage.articles.list(other.id)).toHaveLength(1);
    });

    it('updates the content and the edit time, and removes', async () => {
      const { storage, site } = await fresh();
      const a = await stored(storage, anArticle(site.id, { views: 0, createdAt: 1000, updatedAt: 1000 }));
      const after = await storage.articles.update(a.id, { locale: 'pt', title: 'Olá', body: 'Corpo', published: false }, 5000);
      expect(after).toEqual({ ...a, locale: 'pt', title: 'Olá', body: 'Corpo', published: false, updatedAt: 5000 });
      expect(await storage.articles.list(site.id)).toEqual([after]);
      expect(await storage.articles.update('nope', { locale: 'en', title: 'T', body: 'B', published: true }, 6000)).toBeUndefined();
      expect(await storage.articles.remove(a.id)).toBe(true);
      expect(await storage.articles.remove(a.id)).toBe(false);
      expect(await storage.articles.list(site.id)).toEqual([]);
    });

    it('offers only published articles of the site and language to the widget', async () => {
      const { storage, site } = await fresh();
      const other = await aSite(storage);
      const en1 = await stored(storage, anArticle(site.id, { title: 'One' }));
      const en2 = await stored(storage, anArticle(site.id, { title: 'Two' }));
      await stored(storage, anArticle(site.id, { published: false }));
      const pt = await stored(storage, anArticle(site.id, { locale: 'pt' }));
      await stored(storage, anArticle(site.id, { locale: 'ru', published: false }));
      await stored(storage, anArticle(other.id, { locale: 'es' }));
      const byId = (rows: ArticleRow[]) => [...rows].sort((x, y) => x.id.localeCompare(y.id));
      expect(byId(await storage.articles.published(site.id, 'en', 10))).toEqual(byId([en1, en2]));
      expect(await storage.articles.published(site.id, 'pt', 10)).toEqual([pt]);
      expect(await storage.articles.published(site.id, 'ru', 10)).toEqual([]);
      expect(await storage.articles.published(site.id, 'en', 1)).toHaveLength(1);
      expect((await storage.articles.publishedLocales(site.id)).sort()).toEqual(['en', 'pt']);
      expect(await storage.articles.publishedLocales(other.id)).toEqual(['es']);
    });

    it('reads a published article of the site, counting a view when asked (every one of racing reads)', async () => {
      const { storage, site } = await fresh();
      const other = await aSite(storage);
      const a = await stored(storage, anArticle(site.id));
      const draft = await stored(storage, anArticle(site.id, { published: false }));
      expect(await storage.articles.read(site.id, a.id, true)).toEqual({ ...a, views: 1 });
      expect(await storage.articles.read(site.id, a.id, false)).toEqual({ ...a, views: 1 });
      await Promise.all(Array.from({ length: 20 }, () => storage.articles.read(site.id, a.id, true)));
      expect((await storage.articles.read(site.id, a.id, false))!.views).toBe(21);
      expect(await storage.articles.read(site.id, draft.id, true)).toBeUndefined();
      expect(await storage.articles.read(other.id, a.id, true)).toBeUndefined();
      expect(await storage.articles.read(site.id, 'nope', false)).toBeUndefined();
      // Refused reads counted nothing.
      expect((await storage.articles.list(site.id)).find((r) => r.id === draft.id)!.views).toBe(0);
      expect((await storage.articles.read(site.id, a.id, false))!.views).toBe(21);
    });

    it('counts votes: exactly one counter per vote, only on a published article of the site', async () => {
      const { storage, site } = await fresh();
      const other = await aSite(storage);
      const a = await stored(storage, anArticle(site.id));
      const draft = await stored(storage, anArticle(site.id, { published: false }));
      await Promise.all([true, true, false, true, false].map((helpful) => storage.articles.vote(site.id, a.id, helpful)));
      expect(await storage.articles.read(site.id, a.id, false)).toMatchObject({ views: 0, helpful: 3, notHelpful: 2 });
      expect(await storage.articles.vote(site.id, draft.id, true)).toBe(false);
      expect(await storage.articles.vote(other.id, a.id, true)).toBe(false);
      expect(await storage.articles.vote(site.id, 'nope', false)).toBe(false);
      expect(await storage.articles.read(site.id, a.id, false)).toMatchObject({ helpful: 3, notHelpful: 2 });
    });
  });
}
