import type { Agent, AgentRole } from '@atendo/shared';
import type { Bus } from '../state';
import type { AgentRow, AgentSessionRow } from '../storage';
import type { AgentStore } from '../storage/agents';
import { AppError } from './errors';
import { hashToken, newId, newToken } from './ids';
import { generatePassword, hashPassword, verifyPassword } from './passwords';

export function toAgent(row: AgentRow): Agent {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

// A real hash of a random password, so a login for an unknown e-mail costs as much as a known one.
const dummyHash = hashPassword(generatePassword());

/** Agents, their passwords and their sessions. */
export class AgentService {
  /** Id → name of every agent, for `nameOf` (names never change; agents are never deleted). */
  private names = new Map<string, string>();

  /** Whether the team requires two-factor sign-in (set by the account service; memory, no query). */
  twoFactorRequired: () => boolean = () => false;

  constructor(
    private store: AgentStore,
    private bus: Bus,
    private sessionTtlMs: number,
  ) {}

  async create(input: { email: string; name: string; password: string; role: AgentRole }): Promise<Agent> {
    const email = input.email.trim().toLowerCase();
    // Fail fast before the costly hash; the store's unique index decides a race (one of two wins).
    if (await this.store.byEmail(email)) throw new AppError('conflict', 'An agent with this e-mail already exists');
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
      invitedAt: null,
      totpSecret: null,
      totpLastStep: 0,
      notifySettings: '{}',
    };
    await this.store.create(row);
    this.names.set(row.id, row.name);
    return toAgent(row);
  }

  /** Load every agent's name for `nameOf`; call once at start. */
  async init(): Promise<void> {
    for (const [id, name] of await this.store.names()) this.names.set(id, name);
  }

  /**
   * An agent's display name, synchronously, from memory (loaded by `init`, kept by `create`). An id
   * not known here (an agent created by another instance) is looked up in the background and
   * answers null until then.
   */
  nameOf(id: string): string | null {
    const name = this.names.get(id);
    if (name !== undefined) return name || null;
    this.names.set(id, '');
    this.store.get(id).then(
      // No such agent: '' stays (remembered as unknown, as the old cache did).
      (row) => {
        if (row) this.names.set(id, row.name);
      },
      () => this.names.delete(id),
    );
    return null;
  }

  count(): Promise<number> {
    return this.store.count();
  }

  async get(id: string): Promise<Agent | undefined> {
    const row = await this.store.get(id);
    return row && toAgent(row);
  }

  /**
   * Check credentials (the first step of a login). A deactivated agent is told so, but only after
   * the right password: the answer to a wrong one is the same whether the e-mail exists, is active
   * or not.
   */
  async checkPassword(emailInput: string, password: string): Promise<AgentRow> {
    const email = emailInput.trim().toLowerCase();
    const row = await this.store.byEmail(email);
    const ok = await verifyPassword(password, row?.passwordHash ?? (await dummyHash));
    if (!row || !ok) throw new AppError('invalid_credentials', 'Wrong e-mail or password');
    // Read again after the hash: an admin may have deactivated the agent while it ran.
    const now = await this.store.get(row.id);
    if (!now || now.deactivatedAt != null) {
      throw new AppError('account_deactivated', 'This account has been deactivated. Ask an admin of your team to reactivate it.');
    }
    return now;
  }

  /** A new session for the agent: the token goes into the cookie, only its hash is stored. */
  newSession(agentId: string): { token: string; expiresAt: number; row: AgentSessionRow } {
    const token = newToken();
    const now = Date.now();
    const expiresAt = now + this.sessionTtlMs;
    return { token, expiresAt, row: { tokenHash: hashToken(token), agentId, createdAt: now, expiresAt } };
  }

  /** Open a session (expired sessions are deleted on the way). */
  async openSession(agentId: string): Promise<{ token: string; expiresAt: number }> {
    const { token, expiresAt, row } = this.newSession(agentId);
    await this.store.createSession(row);
    return { token, expiresAt };
  }

  /**
   * The agent behind a session token, if the session exists and has not expired. `setupOnly`: the
   * team requires two-factor sign-in and this agent has not set it up, so only that setup (and
   * "who am I", logout) is open to the session.
   */
  async authenticate(token: string | undefined): Promise<{ agent: Agent; sessionHash: string; setupOnly: boolean } | null> {
    if (!token || token.length > 200) return null;
    const sessionHash = hashToken(token);
    const found = await this.store.authenticate(sessionHash, Date.now());
    if (!found) return null;
    return { agent: toAgent(found), sessionHash, setupOnly: found.totpSecret == null && this.twoFactorRequired() };
  }

  /**
   * Of these session hashes, the ones that still authenticate (not expired, not revoked, agent
   * active): one query for every agent socket of the process (ws/session-sweep.ts).
   */
  liveSessions(hashes: readonly string[]): Promise<Set<string>> {
    return this.store.liveSessions(hashes, Date.now());
  }

  /**
   * Change one's own password. The current one is required: a stolen session alone
   * cannot lock the owner out. Every session of the agent ends, the one that asked too (a stolen
   * copy of its cookie would be that same session), and the caller gets a new one to set. Sockets
   * of the other sessions close now; those of the asking session close at the next session sweep,
   * by which time its console has reconnected with the new cookie.
   */
  async changePassword(agentId: string, sessionHash: string, currentPassword: string, newPassword: string): Promise<{ token: string; expiresAt: number }> {
    const row = await this.store.get(agentId);
    if (!row) throw new AppError('unauthorized', 'Log in to continue');
    if (!(await verifyPassword(currentPassword, row.passwordHash))) {
      throw new AppError('invalid_credentials', 'The current password is wrong');
    }
    const passwordHash = await hashPassword(newPassword);
    const { token, expiresAt, row: session } = this.newSession(agentId);
    // Two changes at once: the second must still prove the password it replaces (the store refuses
    // when the stored hash is no longer the one verified above).
    if (!(await this.store.changePassword(agentId, row.passwordHash, passwordHash, session))) {
      throw new AppError('conflict', 'The password was changed meanwhile; try again');
    }
    this.bus.emit({ type: 'agent.sessions_ended', agentId, keepSessionHash: sessionHash, reason: 'password_changed' });
    return { token, expiresAt };
  }

  /** "Log out everywhere": every session of the agent ends, this one included, and every socket closes. */
  async endAllSessions(agentId: string, reason: 'deactivated' | 'password_changed' | 'logged_out_everywhere' = 'logged_out_everywhere'): Promise<void> {
    await this.store.deleteSessions(agentId);
    this.bus.emit({ type: 'agent.sessions_ended', agentId, reason });
  }

  /** End a session; its live sockets are closed by the broadcaster on the event. */
  async logout(token: string): Promise<void> {
    const sessionHash = hashToken(token);
    const agentId = await this.store.deleteSession(sessionHash);
    if (!agentId) return;
    this.bus.emit({ type: 'agent.logged_out', agentId, sessionHash });
  }
}
