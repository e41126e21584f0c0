/**
 * Agents and their sessions, and the team: status, capacity, load, deactivation and who handles
 * which conversation. E-mails are stored as the domain gives them (trimmed, lower case).
 */
import type { AgentRole, AgentStatus } from '@atendo/shared';
import type { AgentRow, AgentSessionRow } from './types';

export interface AgentStore {
  /** Store a row as it is (fixtures, imports). */
  insert(row: AgentRow): Promise<void>;
  /** Store a new agent; another agent with the same e-mail → AppError('conflict'), decided by the store (two racing creates: one wins). */
  create(row: AgentRow): Promise<void>;
  get(id: string): Promise<AgentRow | undefined>;
  byEmail(email: string): Promise<AgentRow | undefined>;
  count(): Promise<number>;
  /** Every agent (deactivated ones too), ordered by name. */
  list(): Promise<AgentRow[]>;
  /** Id → display name of every agent (deactivated ones too: old transcripts keep their names). */
  names(): Promise<Map<string, string>>;

  /** Open a session; sessions that expired before `session.createdAt` are deleted on the way. */
  createSession(session: AgentSessionRow): Promise<void>;
  /** The agent behind a session token hash, if the session has not expired at `now` and the agent is not deactivated. */
  authenticate(tokenHash: string, now: number): Promise<AgentRow | undefined>;
  /** Of these session hashes (any number), the ones that still authenticate at `now`. */
  liveSessions(hashes: readonly string[], now: number): Promise<Set<string>>;
  /** End one session; the id of its agent, or undefined when there was no such session. */
  deleteSession(tokenHash: string): Promise<string | undefined>;
  /** End every session of an agent. */
  deleteSessions(agentId: string): Promise<void>;
  /**
   * In one transaction: when the stored password hash is still `expectedOldHash`, set `newHash`, end
   * every session of the agent and open `newSession`. False (nothing written) when the hash changed
   * meanwhile or the agent does not exist.
   */
  changePassword(agentId: string, expectedOldHash: string, newHash: string, newSession: AgentSessionRow): Promise<boolean>;

  /** Set an agent's status; the row after, or undefined when there is no such agent. */
  setStatus(agentId: string, status: AgentStatus): Promise<AgentRow | undefined>;
  /**
   * Change role and/or capacity; the row after, or undefined when there is no such agent. Taking
   * the admin role from the last active admin → AppError('conflict'), decided in the transaction.
   */
  update(agentId: string, patch: { role?: AgentRole | undefined; capacity?: number | undefined }): Promise<AgentRow | undefined>;
  /** Open and pending conversations assigned to the agent. */
  load(agentId: string): Promise<number>;
  /** Admins who are not deactivated. */
  activeAdmins(): Promise<number>;
  /**
   * In one transaction: mark the agent deactivated at `at` (status away) and unassign their open and
   * pending conversations; the ids of those conversations. Null when the agent was already
   * deactivated (nothing done). Unknown agent → not_found; the last active admin → conflict.
   */
  deactivate(agentId: string, at: number): Promise<string[] | null>;
  /** Clear the deactivation; true when the agent was deactivated. */
  reactivate(agentId: string): Promise<boolean>;
  /** Ids of the agents with status online who are not deactivated (whether a console is open is presence's business). */
  onlineActive(): Promise<string[]>;
  /**
   * Assign (or transfer, or unassign with null) a conversation; the previous assignee (equal to
   * `agentId` when nothing changed). Decided in one transaction: unknown agent → not_found('Agent'),
   * deactivated agent → conflict, unknown conversation → not_found('Conversation').
   */
  assign(conversationId: string, agentId: string | null): Promise<string | null>;
}
