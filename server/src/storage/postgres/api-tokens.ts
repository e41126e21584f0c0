/** The PostgreSQL `ApiTokenStore`. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiTokenListed, ApiTokenStore } from '../api-tokens';
import type { ApiTokenRow } from '../types';
import type { PgDb } from './client';
import { agents, apiTokens } from './schema';

export class PgApiTokenStore implements ApiTokenStore {
  constructor(private db: PgDb) {}

  async insert(row: ApiTokenRow): Promise<void> {
    await this.db.insert(apiTokens).values(row);
  }

  async list(): Promise<ApiTokenListed[]> {
    const rows = await this.db
      .select({ token: apiTokens, createdByName: agents.name })
      .from(apiTokens)
      .leftJoin(agents, eq(agents.id, apiTokens.createdBy))
      .where(isNull(apiTokens.revokedAt))
      .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
    return rows.map((r) => ({ ...r.token, createdByName: r.createdByName }));
  }

  async byHash(tokenHash: string): Promise<ApiTokenRow | undefined> {
    const [row] = await this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
    return row;
  }

  async revoke(id: string, now: number): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }

  async touch(id: string, now: number): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
  }
}
