import { and, count, eq, gt, inArray, isNull, lt } from 'drizzle-orm';
import type { Agent, AgentRole } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import { agentSessions, agents } from '../storage/sqlite/schema';
import { AppError } from './errors';
import type { EventBus } from './events';
import { hashToken, newId, newToken } from './ids';
import { generatePassword, hashPassword, verifyPassword } from './passwords';

type AgentRow = typeof agents.$inferSelect;

export function toAgent(row: AgentRow): Agent {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

// A real hash of a random password, so a login for an unknown e-mail costs as much as a known one.
const dummyHash = hashPassword(generatePassword());

/** Agents, their passwords and their sessions. */
export class AgentService {
  constructor(
    private db: Db,
    private bus: EventBus,
    private sessionTtlMs: number,
  ) {}

  async create(input: { email: string; name: string; password: string; role: AgentRole }): Promise<Agent> {
    const email = input.email.trim().toLowerCase();
    if (this.db.select({ id: agents.id }).from(agents).where(eq(agents.email, email)).get()) {
      throw new AppError('conflict', 'An agent with this e-mail already exists');
    }
    const row: AgentRow = {
      id: newId(),
      email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      status: 'away',
      capacity: 5,
      lastAssignedAt: 0,
      createdAt: Date.now(),
      deactivatedAt: null,
    };
    this.db.insert(agents).values(row).run();
    return toAgent(row);
  }

  count(): number {
    return this.db.select({ n: count() }).from(agents).get()?.n ?? 0;
  }

  get(id: string): Agent | undefined {
    const row = this.db.select().from(agents).where(eq(agents.id, id)).get();
    return row && toAgent(row);
  }

  /**
   * Check credentials and open a session; the token goes into the cookie, only its hash is stored.
   * A deactivated agent is told so, but only after the right password: the answer to a wrong one
   * is the same whether the e-mail exists, is active or not.
   */
  async login(emailInput: string, password: string): Promise<{ agent: Agent; token: string; expiresAt: number }> {
    const email = emailInput.trim().toLowerCase();
    const row = this.db.select().from(agents).where(eq(agents.email, email)).get();
    const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash));
    if (!row || !ok) throw new AppError('invalid_credentials', 'Wrong e-mail or password');
    // Read again after the hash: an admin may have deactivated the agent while it ran.
    if (this.db.select({ at: agents.deactivatedAt }).from(agents).where(eq(agents.id, row.id)).get()?.at != null) {
      throw new AppError('account_deactivated', 'This account has been deactivated. Ask an admin of your team to reactivate it.');
    }
    const token = newToken();
    const now = Date.now();
    const expiresAt = now + this.sessionTtlMs;
    this.db.delete(agentSessions).where(lt(agentSessions.expiresAt, now)).run();
    this.db
      .insert(agentSessions)
      .values({ tokenHash: hashToken(token), agentId: row.id, createdAt: now, expiresAt })
      .run();
    return { agent: toAgent(row), token, expiresAt };
  }

  /** The agent behind a session token, if the session exists and has not expired. */
  authenticate(token: string | undefined): { agent: Agent; sessionHash: string } | null {
    if (!token || token.length > 200) return null;
    const sessionHash = hashToken(token);
    const found = this.db
      .select({ agent: agents })
      .from(agentSessions)
      .innerJoin(agents, eq(agents.id, agentSessions.agentId))
      .where(and(eq(agentSessions.tokenHash, sessionHash), gt(agentSessions.expiresAt, Date.now()), isNull(agents.deactivatedAt)))
      .get();
    return found ? { agent: toAgent(found.agent), sessionHash } : null;
  }

  /**
   * Of these session hashes, the ones that still authenticate (not expired, not revoked, agent
   * active): one query for every agent socket of the process (ws/session-sweep.ts).
   */
  liveSessions(hashes: readonly string[]): Set<string> {
    const live = new Set<string>();
    const now = Date.now();
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

  /**
   * Change one's own password (issue 21). The current one is required: a stolen session alone
   * cannot lock the owner out. Every session of the agent ends, the one that asked too (a stolen
   * copy of its cookie would be that same session), and the caller gets a new one to set. Sockets
   * of the other sessions close now; those of the asking session close at the next session sweep,
   * by which time its console has reconnected with the new cookie.
   */
  async changePassword(agentId: string, sessionHash: string, currentPassword: string, newPassword: string): Promise<{ token: string; expiresAt: number }> {
    const row = this.db.select().from(agents).where(eq(agents.id, agentId)).get();
    if (!row) throw new AppError('unauthorized', 'Log in to continue');
    if (!(await verifyPassword(currentPassword, row.passwordHash))) {
      throw new AppError('invalid_credentials', 'The current password is wrong');
    }
    const passwordHash = await hashPassword(newPassword);
    // Two changes at once: the second must still prove the password it replaces.
    const latest = this.db.select({ hash: agents.passwordHash }).from(agents).where(eq(agents.id, agentId)).get();
    if (latest?.hash !== row.passwordHash) throw new AppError('conflict', 'The password was changed meanwhile; try again');
    const token = newToken();
    const now = Date.now();
    const expiresAt = now + this.sessionTtlMs;
    this.db.$client.transaction(() => {
      this.db.update(agents).set({ passwordHash }).where(eq(agents.id, agentId)).run();
      this.db.delete(agentSessions).where(eq(agentSessions.agentId, agentId)).run();
      this.db
        .insert(agentSessions)
        .values({ tokenHash: hashToken(token), agentId, createdAt: now, expiresAt })
        .run();
    })();
    this.bus.emit({ type: 'agent.sessions_ended', agentId, keepSessionHash: sessionHash, reason: 'password_changed' });
    return { token, expiresAt };
  }

  /** "Log out everywhere": every session of the agent ends, this one included, and every socket closes. */
  endAllSessions(agentId: string, reason: 'deactivated' | 'logged_out_everywhere' = 'logged_out_everywhere'): void {
    this.db.delete(agentSessions).where(eq(agentSessions.agentId, agentId)).run();
    this.bus.emit({ type: 'agent.sessions_ended', agentId, reason });
  }

  /** End a session; its live sockets are closed by the broadcaster on the event. */
  logout(token: string): void {
    const sessionHash = hashToken(token);
    const row = this.db.select().from(agentSessions).where(eq(agentSessions.tokenHash, sessionHash)).get();
    if (!row) return;
    this.db.delete(agentSessions).where(eq(agentSessions.tokenHash, sessionHash)).run();
    this.bus.emit({ type: 'agent.logged_out', agentId: row.agentId, sessionHash });
  }
}
