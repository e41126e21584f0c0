import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Agent, AgentRole } from '@atendo/shared';
import type { Db } from '../db/client';
import { agentSessions, agents } from '../db/schema';
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

  /** Check credentials and open a session; the token goes into the cookie, only its hash is stored. */
  async login(emailInput: string, password: string): Promise<{ agent: Agent; token: string; expiresAt: number }> {
    const email = emailInput.trim().toLowerCase();
    const row = this.db.select().from(agents).where(eq(agents.email, email)).get();
    const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash));
    if (!row || !ok) throw new AppError('invalid_credentials', 'Wrong e-mail or password');
    const token = newToken();
    const now = Date.now();
    const expiresAt = now + this.sessionTtlMs;
    this.db.delete(agentSessions).where(lt(agentSessions.expiresAt, now)).run();
    this.db.insert(agentSessions).values({ tokenHash: hashToken(token), agentId: row.id, createdAt: now, expiresAt }).run();
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
      .where(and(eq(agentSessions.tokenHash, sessionHash), gt(agentSessions.expiresAt, Date.now())))
      .get();
    return found ? { agent: toAgent(found.agent), sessionHash } : null;
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
