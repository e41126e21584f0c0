/** Contract: sites and their settings. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Storage } from '../index';
import { aSite, aVisitor } from './fixtures';
import type { OpenStorage } from './suite';

export function sitesContract(open: OpenStorage): void {
  describe('sites', () => {
    let storage: Storage;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ storage, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    /** Two sites, each with a verified contact and an anonymous visitor. */
    async function twoSitesWithContacts() {
      const site = await aSite(storage);
      const other = await aSite(storage);
      const contact = await aVisitor(storage, site.id, { verified: true, externalId: 'u1' });
      const contact2 = await aVisitor(storage, site.id, { verified: true, externalId: 'u2' });
      const anonymous = await aVisitor(storage, site.id);
      const otherContact = await aVisitor(storage, other.id, { verified: true, externalId: 'u1' });
      return { site, other, contact, contact2, anonymous, otherContact };
    }

    async function tokenHash(id: string): Promise<string | undefined> {
      return (await storage.visitors.get(id))?.tokenHash;
    }

    it('sites: list is oldest first, first is the oldest, get and rows read rows back', async () => {
      expect(await storage.sites.first()).toBeUndefined();
      expect(await storage.sites.list()).toEqual([]);
      const middle = await aSite(storage, { name: 'B', createdAt: 2_000 });
      const newest = await aSite(storage, { name: 'C', createdAt: 3_000 });
      const oldest = await aSite(storage, { name: 'A', createdAt: 1_000, identityRequired: true, allowedOrigins: '["https://a.example"]' });
      expect(await storage.sites.list()).toEqual([oldest, middle, newest]);
      expect(await storage.sites.first()).toEqual(oldest);
      expect(await storage.sites.get(newest.id)).toEqual(newest);
      expect(await storage.sites.get('nothing')).toBeUndefined();
      expect((await storage.sites.rows()).map((r) => r.id).sort()).toEqual([oldest.id, middle.id, newest.id].sort());
    });

    it('sites: appearance and widget settings are written and returned; an unknown site gives undefined', async () => {
      const site = await aSite(storage);
      const appearance = { color: '#ff0000', position: 'left' as const, teamName: 'Crew', greeting: 'Hi', launcherLabel: 'Chat' };
      const after = await storage.sites.setAppearance(site.id, appearance);
      expect(after).toEqual({ ...site, ...appearance });
      expect(await storage.sites.get(site.id)).toEqual(after);
      expect(await storage.sites.setAppearance('nothing', appearance)).toBeUndefined();
      const settings = JSON.stringify({ survey: { csat: true } });
      expect((await storage.sites.setWidgetSettings(site.id, settings))?.widgetSettings).toBe(settings);
      expect((await storage.sites.get(site.id))?.widgetSettings).toBe(settings);
      expect(await storage.sites.setWidgetSettings('nothing', '{}')).toBeUndefined();
    });

    it("sites: setSecurity turning identity on invalidates only that site's verified contacts' tokens", async () => {
      const { site, other, contact, contact2, anonymous, otherContact } = await twoSitesWithContacts();
      // Origins only: nothing else changes.
      expect(await storage.sites.setSecurity(site.id, '["https://shop.example"]', false)).toBe(false);
      expect(await storage.sites.get(site.id)).toMatchObject({ allowedOrigins: '["https://shop.example"]', identityRequired: false });
      expect(await tokenHash(contact.id)).toBe(contact.tokenHash);

      expect(await storage.sites.setSecurity(site.id, '[]', true)).toBe(true);
      expect(await storage.sites.get(site.id)).toMatchObject({ allowedOrigins: '[]', identityRequired: true });
      const h1 = await tokenHash(contact.id);
      const h2 = await tokenHash(contact2.id);
      expect(h1).not.toBe(contact.tokenHash);
      expect(h2).not.toBe(contact2.tokenHash);
      expect(h1).not.toBe(h2);
      expect(await tokenHash(anonymous.id)).toBe(anonymous.tokenHash);
      expect(await tokenHash(otherContact.id)).toBe(otherContact.tokenHash);
      expect((await storage.sites.get(other.id))?.identityRequired).toBe(false);

      // Already on: nothing is invalidated again.
      expect(await storage.sites.setSecurity(site.id, '[]', true)).toBe(false);
      expect(await tokenHash(contact.id)).toBe(h1);
      expect(await storage.sites.setSecurity(site.id, '[]', false)).toBe(false);
      expect(await tokenHash(contact.id)).toBe(h1);
      expect(await storage.sites.setSecurity('nothing', '[]', true)).toBe(false);
    });

    it("sites: rotateSecret sets the secret and invalidates only that site's verified contacts' tokens", async () => {
      const { site, other, contact, contact2, anonymous, otherContact } = await twoSitesWithContacts();
      const after = await storage.sites.rotateSecret(site.id, 'new-secret');
      expect(after).toEqual({ ...site, secret: 'new-secret' });
      expect((await storage.sites.get(site.id))?.secret).toBe('new-secret');
      expect((await storage.sites.get(other.id))?.secret).toBe(other.secret);
      const h1 = await tokenHash(contact.id);
      const h2 = await tokenHash(contact2.id);
      expect(h1).not.toBe(contact.tokenHash);
      expect(h2).not.toBe(contact2.tokenHash);
      expect(h1).not.toBe(h2);
      expect(await tokenHash(anonymous.id)).toBe(anonymous.tokenHash);
      expect(await tokenHash(otherContact.id)).toBe(otherContact.tokenHash);
      expect(await storage.sites.rotateSecret('nothing', 'x')).toBeUndefined();
    });
  });
}
