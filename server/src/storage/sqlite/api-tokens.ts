/** The SQLite `ApiTokenStore`. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiTokenListed, ApiTokenStore } from '../api-tokens';
import type { ApiTokenRow } from '../types';
import type { Db } from './client';
import { agents, apiTokens } from './schema';

export class SqliteApiTokenStore implements ApiTokenStore {
  constructor(private db: Db) {}

  async insert(row: ApiTokenRow): Promise<void> {
    this.db.insert(apiTokens).values(row).run();
  }

  async list(): Promise<ApiTokenListed[]> {
    const rows = this.db
      .select({ token: apiTokens, createdByName: agents.name })
      .from(apiTokens)
      .leftJoin(agents, eq(agents.id, apiTokens.createdBy))
      .where(isNull(apiTokens.revokedAt))
      .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
      .all();
    return rows.map((r) => ({ ...r.token, createdByName: r.createdByName }));
  }

  async byHash(tokenHash: string): Promise<ApiTokenRow | undefined> {
    return this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
      .get();
  }

  async revoke(id: string, now: number): Promise<boolean> {
    const r = this.db
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .run();
    return r.changes > 0;
  }

  /**
   * Best effort, never a wait: under load the send path's writer thread holds the write lock, and
   * SQLite's busy handler would sleep on the event loop. A use not recorded now is recorded at the
   * token's next request (the service tries again after its minute).
   */
  async touch(id: string, now: number): Promise<void> {
    const sqlite = this.db.$client;
    sqlite.pragma('busy_timeout = 0');
    try {
      this.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id)).run();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
    } finally {
      sqlite.pragma('busy_timeout = 5000');
    }
  }
}
