/** The PostgreSQL `AgentStore`: agents, their sessions, and the team's assignments. */
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { AgentRole, AgentStatus } from '@atendo/shared';
import type { AgentStore } from '../agents';
import type { AgentRow, AgentSessionRow } from '../types';
import { AppError, notFound } from '../../domain/errors';
import type { PgDb } from './client';
import { isUniqueViolation } from './errors';
import { agentSessions, agents, conversations } from './schema';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/** Hashes per `IN (…)` list: well under PostgreSQL's 65,535 bound values, and small statements. */
const CHUNK = 500;

export class PgAgentStore implements AgentStore {
  constructor(private db: PgDb) {}

  async insert(row: AgentRow): Promise<void> {
    await this.db.insert(agents).values(row);
  }

  async create(row: AgentRow): Promise<void> {
    // The unique constraint decides, not a read before the write: two racing creates (on two
    // instances, too), one wins.
    try {
      await this.db.insert(agents).values(row);
    } catch (err) {
      if (isUniqueViolation(err, 'agents_email_unique')) throw new AppError('conflict', 'An agent with this e-mail already exists');
      throw err;
    }
  }

  async get(id: string): Promise<AgentRow | undefined> {
    const [row] = await this.db.select().from(agents).where(eq(agents.id, id));
    return row;
  }

  async byEmail(email: string): Promise<AgentRow | undefined> {
    const [row] = await this.db.select().from(agents).where(eq(agents.email, email));
    return row;
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(agents);
    return row?.n ?? 0;
  }

  async list(): Promise<AgentRow[]> {
    // SQLite's default collation is binary: "C" sorts the same way whatever the database's locale.
    return this.db
      .select()
      .from(agents)
      .orderBy(asc(sql`${agents.name} COLLATE "C"`), asc(agents.id));
  }

  async names(): Promise<Map<string, string>> {
    const rows = await this.db.select({ id: agents.id, name: agents.name }).from(agents);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async createSession(session: AgentSessionRow): Promise<void> {
    // One statement (one round trip, one commit) that also deletes the expired sessions, as SQLite's two do.
    await this.db.execute(sql`
      WITH expired AS (DELETE FROM ${agentSessions} WHERE ${agentSessions.expiresAt} < ${session.createdAt})
      INSERT INTO ${agentSessions} (token_hash, agent_id, created_at, expires_at)
      VALUES (${session.tokenHash}, ${session.agentId}, ${session.createdAt}, ${session.expiresAt})`);
  }

  async authenticate(tokenHash: string, now: number): Promise<AgentRow | undefined> {
    const [row] = await this.db
      .select({ agent: agents })
      .from(agentSessions)
      .innerJoin(agents, eq(agents.id, agentSessions.agentId))
      .where(and(eq(agentSessions.tokenHash, tokenHash), gt(agentSessions.expiresAt, now), isNull(agents.deactivatedAt)));
    return row?.agent;
  }

  async liveSessions(hashes: readonly string[], now: number): Promise<Set<string>> {
    const live = new Set<string>();
    for (let i = 0; i < hashes.length; i += CHUNK) {
      const rows = await this.db
        .select({ hash: agentSessions.tokenHash })
        .from(agentSessions)
        .innerJoin(agents, eq(agents.id, agentSessions.agentId))
        .where(and(inArray(agentSessions.tokenHash, hashes.slice(i, i + CHUNK)), gt(agentSessions.expiresAt, now), isNull(agents.deactivatedAt)));
      for (const r of rows) live.add(r.hash);
    }
    return live;
  }

  async deleteSession(tokenHash: string): Promise<string | undefined> {
    const [row] = await this.db.delete(agentSessions).where(eq(agentSessions.tokenHash, tokenHash)).returning({ agentId: agentSessions.agentId });
    return row?.agentId;
  }

  async deleteSessions(agentId: string): Promise<void> {
    await this.db.delete(agentSessions).where(eq(agentSessions.agentId, agentId));
  }

  async changePassword(agentId: string, expectedOldHash: string, newHash: string, newSession: AgentSessionRow): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // Two changes at once: the second waits on the row lock, then re-checks the hash it must
      // replace against the committed row (READ COMMITTED), so it fails.
      const changed = await tx
        .update(agents)
        .set({ passwordHash: newHash })
        .where(and(eq(agents.id, agentId), eq(agents.passwordHash, expectedOldHash)))
        .returning({ id: agents.id });
      if (!changed.length) return false;
      await tx.delete(agentSessions).where(eq(agentSessions.agentId, agentId));
      await tx.insert(agentSessions).values({ ...newSession, agentId });
      return true;
    });
  }

  async setStatus(agentId: string, status: AgentStatus): Promise<AgentRow | undefined> {
    const [row] = await this.db.update(agents).set({ status }).where(eq(agents.id, agentId)).returning();
    return row;
  }

  async update(agentId: string, patch: { role?: AgentRole | undefined; capacity?: number | undefined }): Promise<AgentRow | undefined> {
    return this.db.transaction(async (tx) => {
      if (patch.role === 'agent') await lockActiveAdmins(tx);
      const [row] = await tx.select().from(agents).where(eq(agents.id, agentId)).for('no key update');
      if (!row) return undefined;
      if (patch.role === 'agent' && row.role === 'admin' && row.deactivatedAt == null && (await activeAdmins(tx)) <= 1) {
        throw new AppError('conflict', 'The last admin cannot lose the admin role');
      }
      const set: Partial<AgentRow> = {};
      if (patch.role) set.role = patch.role;
      if (patch.capacity !== undefined) set.capacity = patch.capacity;
      if (!Object.keys(set).length) return row;
      const [after] = await tx.update(agents).set(set).where(eq(agents.id, agentId)).returning();
      return after;
    });
  }

  async load(agentId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(conversations)
      .where(and(eq(conversations.assigneeId, agentId), inArray(conversations.status, ['open', 'pending'])));
    return row?.n ?? 0;
  }

  async activeAdmins(): Promise<number> {
    return activeAdmins(this.db);
  }

  async deactivate(agentId: string, at: number): Promise<string[] | null> {
    return this.db.transaction(async (tx) => {
      await lockActiveAdmins(tx);
      const [row] = await tx.select().from(agents).where(eq(agents.id, agentId)).for('no key update');
      if (!row) throw notFound('Agent');
      if (row.deactivatedAt != null) return null;
      if (row.role === 'admin' && (await activeAdmins(tx)) <= 1) throw new AppError('conflict', 'The last active admin cannot be deactivated');
      await tx.update(agents).set({ deactivatedAt: at, status: 'away' }).where(eq(agents.id, agentId));
      const unassigned = await tx
        .update(conversations)
        .set({ assigneeId: null })
        .where(and(eq(conversations.assigneeId, agentId), inArray(conversations.status, ['open', 'pending'])))
        .returning({ id: conversations.id });
      return unassigned.map((r) => r.id);
    });
  }

  async reactivate(agentId: string): Promise<boolean> {
    const rows = await this.db
      .update(agents)
      .set({ deactivatedAt: null })
      .where(and(eq(agents.id, agentId), isNotNull(agents.deactivatedAt)))
      .returning({ id: agents.id });
    return rows.length > 0;
  }

  async onlineActive(): Promise<string[]> {
    const rows = await this.db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.status, 'online'), isNull(agents.deactivatedAt)));
    return rows.map((r) => r.id);
  }

  async assign(conversationId: string, agentId: string | null): Promise<string | null> {
    return this.db.transaction(async (tx) => {
      if (agentId) {
        // FOR SHARE: a deactivation at the same time (which updates this row) waits for this
        // assignment, then unassigns it; or it went first, and this one sees the agent deactivated.
        const [target] = await tx.select({ deactivatedAt: agents.deactivatedAt }).from(agents).where(eq(agents.id, agentId)).for('share');
        if (!target) throw notFound('Agent');
        if (target.deactivatedAt != null) throw new AppError('conflict', 'This agent is deactivated and cannot be assigned conversations');
      }
      const [before] = await tx.select({ assigneeId: conversations.assigneeId }).from(conversations).where(eq(conversations.id, conversationId)).for('update');
      if (!before) throw notFound('Conversation');
      if (before.assigneeId !== agentId) await tx.update(conversations).set({ assigneeId: agentId }).where(eq(conversations.id, conversationId));
      return before.assigneeId;
    });
  }
}

/**
 * Lock the active admins' rows (in id order: no deadlocks). "The last admin" checks count them
 * after this: two admins demoting or deactivating each other at once take turns, and the second
 * counts what the first left (READ COMMITTED re-reads after the wait), so one admin always stays.
 */
async function lockActiveAdmins(tx: Tx): Promise<void> {
  await tx
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.role, 'admin'), isNull(agents.deactivatedAt)))
    .orderBy(agents.id)
    .for('no key update');
}

async function activeAdmins(db: Pick<PgDb, 'select'>): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(agents)
    .where(and(eq(agents.role, 'admin'), isNull(agents.deactivatedAt)));
  return row?.n ?? 0;
}
