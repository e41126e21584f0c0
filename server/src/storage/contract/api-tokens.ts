/** Contract: API tokens are found by hash until revoked, listed newest first with their creator, and touched. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiTokenRow, Storage } from '../index';
import { hashToken, newToken } from '../../domain/ids';
import { anAgent } from './fixtures';
import type { OpenStorage } from './suite';

function aToken(patch: Partial<ApiTokenRow> = {}): ApiTokenRow {
  const token = newToken();
  return {
    id: `tok_${token.slice(0, 10)}`,
    name: 'CRM sync',
    scopes: '["conversations:read"]',
    tokenHash: hashToken(token),
    prefix: 'atd_abcd',
    createdBy: null,
    createdAt: 1_000,
    lastUsedAt: null,
    revokedAt: null,
    ...patch,
  };
}

export function apiTokensContract(open: OpenStorage): void {
  describe('api tokens', () => {
    let storage: Storage;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ storage, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    it('a token is found by its hash until it is revoked, and is revoked once', async () => {
      const row = aToken();
      await storage.apiTokens.insert(row);
      expect(await storage.apiTokens.byHash(row.tokenHash)).toEqual(row);
      expect(await storage.apiTokens.byHash(hashToken(newToken()))).toBeUndefined();
      expect(await storage.apiTokens.revoke(row.id, 2_000)).toBe(true);
      expect(await storage.apiTokens.revoke(row.id, 3_000)).toBe(false);
      expect(await storage.apiTokens.revoke('tok_unknown', 3_000)).toBe(false);
      expect(await storage.apiTokens.byHash(row.tokenHash)).toBeUndefined();
      expect(await storage.apiTokens.list()).toEqual([]);
    });

    it('lists live tokens newest first with their creator, who may be gone', async () => {
      const admin = await anAgent(storage, { name: 'Ana' });
      const older = aToken({ createdAt: 1_000, createdBy: admin.id });
      const newer = aToken({ createdAt: 2_000, name: 'Tickets' });
      await storage.apiTokens.insert(older);
      await storage.apiTokens.insert(newer);
      const listed = await storage.apiTokens.list();
      expect(listed.map((t) => [t.name, t.createdByName])).toEqual([
        ['Tickets', null],
        ['CRM sync', 'Ana'],
      ]);
      expect(listed[1]).toMatchObject({ ...older, createdByName: 'Ana' });
    });

    it('a second token with the same hash is refused (the hash is unique)', async () => {
      const row = aToken();
      await storage.apiTokens.insert(row);
      await expect(storage.apiTokens.insert({ ...aToken(), tokenHash: row.tokenHash })).rejects.toThrow();
    });

    it('touch records the last use', async () => {
      const row = aToken();
      await storage.apiTokens.insert(row);
      await storage.apiTokens.touch(row.id, 5_000);
      expect(await storage.apiTokens.byHash(row.tokenHash)).toMatchObject({ lastUsedAt: 5_000 });
    });
  });
}
