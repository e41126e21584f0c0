/** The PostgreSQL `NotificationStore`: agents' e-mail choices and the notifications waiting for their batch. */
import { and, asc, eq, lte, min } from 'drizzle-orm';
import type { NotificationStore } from '../notifications';
import type { AgentNotificationRow, MailOutboxRow } from '../types';
import type { PgDb } from './client';
import { agentNotifications, agents, mailOutbox } from './schema';

/** Thrown inside a claim's transaction to roll it back when a row was already taken. */
class Taken extends Error {}

/** The table's key order: every claim deletes (locks) its rows in it, so two claims never wait on each other in a circle. */
function byKey(a: AgentNotificationRow, b: AgentNotificationRow): number {
  const key = (r: AgentNotificationRow) => [r.agentId, r.kind, r.conversationId];
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

export class PgNotificationStore implements NotificationStore {
  constructor(private db: PgDb) {}

  async settings(agentId: string): Promise<string | undefined> {
    const [row] = await this.db.select({ s: agents.notifySettings }).from(agents).where(eq(agents.id, agentId));
    return row?.s;
  }

  async setSettings(agentId: string, json: string): Promise<boolean> {
    return ((await this.db.update(agents).set({ notifySettings: json }).where(eq(agents.id, agentId))).rowCount ?? 0) > 0;
  }

  async add(row: AgentNotificationRow): Promise<boolean> {
    const inserted = await this.db.insert(agentNotifications).values(row).onConflictDoNothing().returning({ agentId: agentNotifications.agentId });
    return inserted.length > 0;
  }

  async dueAgents(before: number, limit: number): Promise<string[]> {
    const oldest = min(agentNotifications.createdAt);
    const rows = await this.db
      .select({ agentId: agentNotifications.agentId, oldest })
      .from(agentNotifications)
      .groupBy(agentNotifications.agentId)
      .having(lte(oldest, before))
      .orderBy(asc(oldest))
      .limit(limit);
    return rows.map((r) => r.agentId);
  }

  async pending(agentId: string): Promise<AgentNotificationRow[]> {
    return this.db
      .select()
      .from(agentNotifications)
      .where(eq(agentNotifications.agentId, agentId))
      .orderBy(asc(agentNotifications.createdAt), asc(agentNotifications.conversationId));
  }

  /**
   * Each row is deleted in the transaction, which locks it: a second instance claiming the same row
   * waits for the first to commit, then finds it gone (0 rows) and rolls back all of its own batch.
   */
  async claim(rows: readonly AgentNotificationRow[], mail: MailOutboxRow | null): Promise<boolean> {
    if (!rows.length) return false;
    try {
      return await this.db.transaction(async (tx) => {
        for (const r of [...rows].sort(byKey)) {
          const deleted = await tx
            .delete(agentNotifications)
            .where(
              and(
                eq(agentNotifications.agentId, r.agentId),
                eq(agentNotifications.kind, r.kind),
                eq(agentNotifications.conversationId, r.conversationId),
                eq(agentNotifications.createdAt, r.createdAt),
              ),
            );
          if (!deleted.rowCount) throw new Taken();
        }
        if (mail) await tx.insert(mailOutbox).values(mail).onConflictDoNothing({ target: mailOutbox.dedupeKey });
        return true;
      });
    } catch (err) {
      if (err instanceof Taken) return false;
      throw err;
    }
  }
}
