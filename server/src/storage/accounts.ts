/**
 * Accounts beyond the password: single-use links and tickets (invitation, password reset,
 * authenticator setup, the second step of a login), two-factor recovery codes, an agent's TOTP
 * secret, and team-wide settings. Tokens and codes are stored by their SHA-256 hash only; each
 * "take" is one statement or transaction, so two instances never use the same token twice.
 */
import type { AccountTokenKind, AccountTokenRow, AgentSessionRow } from './types';

export interface AccountStore {
  /** Store a token; with `replace`, the agent's other tokens of this kind go first (one live reset link per agent). */
  createToken(row: AccountTokenRow, opts?: { replace?: boolean }): Promise<void>;
  /** A token of this kind that has not expired at `now`, without using it. */
  peekToken(tokenHash: string, kind: AccountTokenKind, now: number): Promise<AccountTokenRow | undefined>;
  /** Use a token: deleted and returned when it is of this kind and has not expired at `now` (expired ones are deleted on the way). */
  takeToken(tokenHash: string, kind: AccountTokenKind, now: number): Promise<AccountTokenRow | undefined>;
  /** Drop an agent's tokens of these kinds. */
  deleteTokens(agentId: string, kinds: readonly AccountTokenKind[]): Promise<void>;
  /**
   * In one transaction: use an `invite` or `reset` token (as `takeToken`), set the agent's password
   * hash, clear `invitedAt`, drop the agent's other invite and reset tokens and end every session of
   * theirs; the agent's id, or undefined when the token was not valid (nothing written).
   */
  setPasswordWithToken(tokenHash: string, kind: 'invite' | 'reset', now: number, passwordHash: string): Promise<string | undefined>;
  /** Mark an agent invited (at `at`) or not (null). */
  setInvited(agentId: string, at: number | null): Promise<void>;

  /**
   * In one transaction: turn two-factor sign-in on with `secret`, the accepted code's `step` as the
   * last one, and these recovery code hashes in place of any old ones; drop setup tickets.
   */
  enableTotp(agentId: string, secret: string, step: number, codeHashes: readonly string[]): Promise<void>;
  /** In one transaction: two-factor sign-in off, recovery codes and pending login tickets gone. */
  disableTotp(agentId: string): Promise<void>;
  /** Record an accepted code's step; false when a code of this step or a later one was already accepted (a replay). */
  acceptTotpStep(agentId: string, step: number): Promise<boolean>;
  /** Use a recovery code: true once per code. */
  useRecoveryCode(agentId: string, codeHash: string, now: number): Promise<boolean>;
  /** Replace every recovery code of the agent. */
  replaceRecoveryCodes(agentId: string, codeHashes: readonly string[]): Promise<void>;
  /** Recovery codes not used yet. */
  recoveryCodesLeft(agentId: string): Promise<number>;
  /** Open a session (after the second step of a login): the login ticket is used in the same transaction; false when it was already used or expired. */
  createSessionWithTicket(ticketHash: string, now: number, session: AgentSessionRow): Promise<boolean>;

  /** A team-wide setting's JSON value. */
  getSetting(key: string): Promise<string | undefined>;
  putSetting(key: string, value: string): Promise<void>;
}
