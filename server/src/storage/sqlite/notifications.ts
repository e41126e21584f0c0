/** The SQLite `NotificationStore`: agents' e-mail choices and the notifications waiting for their batch. */
import { and, asc, eq, lte, min } from 'drizzle-orm';
import type { NotificationStore } from '../notifications';
import type { AgentNotificationRow, MailOutboxRow } from '../types';
import type { Db } from './client';
import { agentNotifications, agents, mailOutbox } from './schema';

/** Read, then write: take the write lock first (as the mail store does). */
const IMMEDIATE = { behavior: 'immediate' } as const;

/** Thrown inside a claim's transaction to roll it back when a row was already taken. */
class Taken extends Error {}

export class SqliteNotificationStore implements NotificationStore {
  constructor(private db: Db) {}

  async settings(agentId: string): Promise<string | undefined> {
    return this.db.select({ s: agents.notifySettings }).from(agents).where(eq(agents.id, agentId)).get()?.s;
  }

  async setSettings(agentId: string, json: string): Promise<boolean> {
    return this.db.update(agents).set({ notifySettings: json }).where(eq(agents.id, agentId)).run().changes > 0;
  }

  async add(row: AgentNotificationRow): Promise<boolean> {
    return this.db.insert(agentNotifications).values(row).onConflictDoNothing().run().changes > 0;
  }

  async dueAgents(before: number, limit: number): Promise<string[]> {
    const oldest = min(agentNotifications.createdAt);
    return this.db
      .select({ agentId: agentNotifications.agentId, oldest })
      .from(agentNotifications)
      .groupBy(agentNotifications.agentId)
      .having(lte(oldest, before))
      .orderBy(asc(oldest))
      .limit(limit)
      .all()
      .map((r) => r.agentId);
  }

  async pending(agentId: string): Promise<AgentNotificationRow[]> {
    return this.db
      .select()
      .from(agentNotifications)
      .where(eq(agentNotifications.agentId, agentId))
      .orderBy(asc(agentNotifications.createdAt), asc(agentNotifications.conversationId))
      .all();
  }

  async claim(rows: readonly AgentNotificationRow[], mail: MailOutboxRow | null): Promise<boolean> {
    if (!rows.length) return false;
    try {
      return this.db.transaction((tx) => {
        for (const r of rows) {
          const deleted = tx
            .delete(agentNotifications)
            .where(
              and(
                eq(agentNotifications.agentId, r.agentId),
                eq(agentNotifications.kind, r.kind),
                eq(agentNotifications.conversationId, r.conversationId),
                eq(agentNotifications.createdAt, r.createdAt),
              ),
            )
            .run().changes;
          if (deleted === 0) throw new Taken();
        }
        if (mail) tx.insert(mailOutbox).values(mail).onConflictDoNothing({ target: mailOutbox.dedupeKey }).run();
        return true;
      }, IMMEDIATE);
    } catch (err) {
      if (err instanceof Taken) return false;
      throw err;
    }
  }
}
