/**
 * Agent e-mails: each agent's choices (JSON, '{}' = defaults) and the notifications waiting for
 * their batch. A batch is claimed and its e-mail enqueued in ONE transaction, all or nothing, so two
 * instances scanning at once send it once.
 */
import type { AgentNotificationRow, MailOutboxRow } from './types';

export interface NotificationStore {
  /** The agent's stored choices (JSON); undefined for an unknown agent. */
  settings(agentId: string): Promise<string | undefined>;
  /** Store the agent's choices (JSON); false for an unknown agent. */
  setSettings(agentId: string, json: string): Promise<boolean>;
  /** A notification waits for its batch; false when the same (agent, kind, conversation) already waits. */
  add(row: AgentNotificationRow): Promise<boolean>;
  /** Agents whose oldest waiting notification was created at `before` or earlier, the longest waiting first, at most `limit`. */
  dueAgents(before: number, limit: number): Promise<string[]>;
  /** An agent's waiting notifications, oldest first. */
  pending(agentId: string): Promise<AgentNotificationRow[]>;
  /**
   * One transaction: delete exactly these waiting rows and enqueue `mail` (once per dedupe key; none
   * when null: the batch is dropped). When any of them is gone (another instance claimed it)
   * nothing changes and the answer is false.
   */
  claim(rows: readonly AgentNotificationRow[], mail: MailOutboxRow | null): Promise<boolean>;
}
