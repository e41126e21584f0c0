/** The SQLite `AgentStore`: agents, their sessions, and the team's assignments. */
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lt } from 'drizzle-orm';
import type { AgentRole, AgentStatus } from '@atendo/shared';
import type { AgentStore } from '../agents';
import type { AgentRow, AgentSessionRow } from '../types';
import { AppError, notFound } from '../../domain/errors';
import type { Db } from './client';
import { agentSessions, agents, conversations } from './schema';

/** A UNIQUE violation of `agents.email` (better-sqlite3's error, possibly wrapped by Drizzle as its `cause`). */
function isDuplicateEmail(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' && e.message.includes('agents.email')) return true;
  }
  return false;
}

/**
 * Transactions that read, then write: BEGIN IMMEDIATE takes the write lock first, so a commit on
 * another connection (the writer thread) between the read and the write waits on busy_timeout
 * instead of failing the upgrade with SQLITE_BUSY.
 */
const IMMEDIATE = { behavior: 'immediate' } as const;

export class SqliteAgentStore implements AgentStore {
  constructor(private db: Db) {}

  async insert(row: AgentRow): Promise<void> {
    this.db.insert(agents).values(row).run();
  }

  async create(row: AgentRow): Promise<void> {
    // The unique index decides, not a read before the write: two racing creates, one wins.
    try {
      this.db.insert(agents).values(row).run();
    } catch (err) {
      if (isDuplicateEmail(err)) throw new AppError('conflict', 'An agent with this e-mail already exists');
      throw err;
    }
  }

  async get(id: string): Promise<AgentRow | undefined> {
    return this.db.select().from(agents).where(eq(agents.id, id)).get();
  }

  async byEmail(email: string): Promise<AgentRow | undefined> {
    return this.db.select().from(agents).where(eq(agents.email, email)).get();
  }

  async count(): Promise<number> {
    return this.db.select({ n: count() }).from(agents).get()?.n ?? 0;
  }

  async list(): Promise<AgentRow[]> {
    return this.db.select().from(agents).orderBy(asc(agents.name)).all();
  }

  async names(): Promise<Map<string, string>> {
    const rows = this.db.select({ id: agents.id, name: agents.name }).from(agents).all();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async createSession(session: AgentSessionRow): Promise<void> {
    this.db.delete(agentSessions).where(lt(agentSessions.expiresAt, session.createdAt)).run();
    this.db.insert(agentSessions).values(session).run();
  }

  async authenticate(tokenHash: string, now: number): Promise<AgentRow | undefined> {
    return this.db
      .select({ agent: agents })
      .from(agentSessions)
      .innerJoin(agents, eq(agents.id, agentSessions.agentId))
      .where(and(eq(agentSessions.tokenHash, tokenHash), gt(agentSessions.expiresAt, now), isNull(agents.deactivatedAt)))
      .get()?.agent;
  }

  async liveSessions(hashes: readonly string[], now: number): Promise<Set<string>> {
    const live = new Set<string>();
    // SQLite takes at most 32,766 bound values per statement; 500 keeps each statement small.
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = this.db
        .select({ hash: agentSessions.tokenHash })
        .from(agentSessions)
        .innerJoin(agents, eq(agents.id, agentSessions.agentId))
        .where(and(inArray(agentSessions.tokenHash, hashes.slice(i, i + 500)), gt(agentSessions.expiresAt, now), isNull(agents.deactivatedAt)))
        .all();
      for (const r of rows) live.add(r.hash);
    }
    return live;
  }

  async deleteSession(tokenHash: string): Promise<string | undefined> {
    return this.db.delete(agentSessions).where(eq(agentSessions.tokenHash, tokenHash)).returning({ agentId: agentSessions.agentId }).get()?.agentId;
  }

  async deleteSessions(agentId: string): Promise<void> {
    this.db.delete(agentSessions).where(eq(agentSessions.agentId, agentId)).run();
  }

  async changePassword(agentId: string, expectedOldHash: string, newHash: string, newSession: AgentSessionRow): Promise<boolean> {
    return this.db.transaction((tx) => {
      // Two changes at once: the second must still prove the password it replaces.
      const changed = tx
        .update(agents)
        .set({ passwordHash: newHash })
        .where(and(eq(agents.id, agentId), eq(agents.passwordHash, expectedOldHash)))
        .returning({ id: agents.id })
        .get();
      if (!changed) return false;
      tx.delete(agentSessions).where(eq(agentSessions.agentId, agentId)).run();
      tx.insert(agentSessions)
        .values({ ...newSession, agentId })
        .run();
      return true;
    });
  }

  async setStatus(agentId: string, status: AgentStatus): Promise<AgentRow | undefined> {
    return this.db.update(agents).set({ status }).where(eq(agents.id, agentId)).returning().get();
  }

  async update(agentId: string, patch: { role?: AgentRole | undefined; capacity?: number | undefined }): Promise<AgentRow | undefined> {
    return this.db.transaction((tx) => {
      const row = tx.select().from(agents).where(eq(agents.id, agentId)).get();
      if (!row) return undefined;
      if (patch.role === 'agent' && row.role === 'admin' && row.deactivatedAt == null && activeAdmins(tx) <= 1) {
        throw new AppError('conflict', 'The last admin cannot lose the admin role');
      }
      const set: Partial<AgentRow> = {};
      if (patch.role) set.role = patch.role;
      if (patch.capacity !== undefined) set.capacity = patch.capacity;
      if (!Object.keys(set).length) return row;
      return tx.update(agents).set(set).where(eq(agents.id, agentId)).returning().get();
    }, IMMEDIATE);
  }

  async load(agentId: string): Promise<number> {
    return (
      this.db
        .select({ n: count() })
        .from(conversations)
        .where(and(eq(conversations.assigneeId, agentId), inArray(conversations.status, ['open', 'pending'])))
        .get()?.n ?? 0
    );
  }

  async activeAdmins(): Promise<number> {
    return activeAdmins(this.db);
  }

  async deactivate(agentId: string, at: number): Promise<string[] | null> {
    return this.db.transaction((tx) => {
      const row = tx.select().from(agents).where(eq(agents.id, agentId)).get();
      if (!row) throw notFound('Agent');
      if (row.deactivatedAt != null) return null;
      if (row.role === 'admin' && activeAdmins(tx) <= 1) throw new AppError('conflict', 'The last active admin cannot be deactivated');
      tx.update(agents).set({ deactivatedAt: at, status: 'away' }).where(eq(agents.id, agentId)).run();
      return tx
        .update(conversations)
        .set({ assigneeId: null })
        .where(and(eq(conversations.assigneeId, agentId), inArray(conversations.status, ['open', 'pending'])))
        .returning({ id: conversations.id })
        .all()
        .map((r) => r.id);
    }, IMMEDIATE);
  }

  async reactivate(agentId: string): Promise<boolean> {
    const row = this.db
      .update(agents)
      .set({ deactivatedAt: null })
      .where(and(eq(agents.id, agentId), isNotNull(agents.deactivatedAt)))
      .returning({ id: agents.id })
      .get();
    return !!row;
  }

  async onlineActive(): Promise<string[]> {
    return this.db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.status, 'online'), isNull(agents.deactivatedAt)))
      .all()
      .map((r) => r.id);
  }

  async assign(conversationId: string, agentId: string | null): Promise<string | null> {
    return this.db.transaction((tx) => {
      if (agentId) {
        const target = tx.select({ deactivatedAt: agents.deactivatedAt }).from(agents).where(eq(agents.id, agentId)).get();
        if (!target) throw notFound('Agent');
        if (target.deactivatedAt != null) throw new AppError('conflict', 'This agent is deactivated and cannot be assigned conversations');
      }
      const before = tx.select({ assigneeId: conversations.assigneeId }).from(conversations).where(eq(conversations.id, conversationId)).get();
      if (!before) throw notFound('Conversation');
      if (before.assigneeId !== agentId) tx.update(conversations).set({ assigneeId: agentId }).where(eq(conversations.id, conversationId)).run();
      return before.assigneeId;
    }, IMMEDIATE);
  }
}

function activeAdmins(db: Pick<Db, 'select'>): number {
  return (
    db
      .select({ n: count() })
      .from(agents)
      .where(and(eq(agents.role, 'admin'), isNull(agents.deactivatedAt)))
      .get()?.n ?? 0
  );
}
