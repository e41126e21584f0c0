/** The SQLite `AccountStore`: account tokens, two-factor state and recovery codes, team settings. */
import { and, count, eq, gt, inArray, isNull, lt, lte } from 'drizzle-orm';
import type { AccountStore } from '../accounts';
import type { AccountTokenKind, AccountTokenRow, AgentSessionRow } from '../types';
import type { Db } from './client';
import { accountTokens, agentSessions, agents, recoveryCodes, teamSettings } from './schema';

const IMMEDIATE = { behavior: 'immediate' } as const;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

function take(tx: Db | Tx, tokenHash: string, kind: AccountTokenKind, now: number): AccountTokenRow | undefined {
  tx.delete(accountTokens).where(lte(accountTokens.expiresAt, now)).run();
  return tx
    .delete(accountTokens)
    .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.kind, kind)))
    .returning()
    .get();
}

export class SqliteAccountStore implements AccountStore {
  constructor(private db: Db) {}

  async createToken(row: AccountTokenRow, opts: { replace?: boolean } = {}): Promise<void> {
    this.db.transaction((tx) => {
      tx.delete(accountTokens).where(lte(accountTokens.expiresAt, row.createdAt)).run();
      if (opts.replace)
        tx.delete(accountTokens)
          .where(and(eq(accountTokens.agentId, row.agentId), eq(accountTokens.kind, row.kind)))
          .run();
      tx.insert(accountTokens).values(row).run();
    }, IMMEDIATE);
  }

  async peekToken(tokenHash: string, kind: AccountTokenKind, now: number): Promise<AccountTokenRow | undefined> {
    return this.db
      .select()
      .from(accountTokens)
      .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.kind, kind), gt(accountTokens.expiresAt, now)))
      .get();
  }

  async takeToken(tokenHash: string, kind: AccountTokenKind, now: number): Promise<AccountTokenRow | undefined> {
    return this.db.transaction((tx) => take(tx, tokenHash, kind, now), IMMEDIATE);
  }

  async deleteTokens(agentId: string, kinds: readonly AccountTokenKind[]): Promise<void> {
    if (kinds.length === 0) return;
    this.db
      .delete(accountTokens)
      .where(and(eq(accountTokens.agentId, agentId), inArray(accountTokens.kind, [...kinds])))
      .run();
  }

  async setPasswordWithToken(tokenHash: string, kind: 'invite' | 'reset', now: number, passwordHash: string): Promise<string | undefined> {
    return this.db.transaction((tx) => {
      const token = take(tx, tokenHash, kind, now);
      if (!token) return undefined;
      const agentId = token.agentId;
      tx.update(agents).set({ passwordHash, invitedAt: null }).where(eq(agents.id, agentId)).run();
      tx.delete(accountTokens)
        .where(and(eq(accountTokens.agentId, agentId), inArray(accountTokens.kind, ['invite', 'reset', 'login'])))
        .run();
      tx.delete(agentSessions).where(eq(agentSessions.agentId, agentId)).run();
      return agentId;
    }, IMMEDIATE);
  }

  async setInvited(agentId: string, at: number | null): Promise<void> {
    this.db.update(agents).set({ invitedAt: at }).where(eq(agents.id, agentId)).run();
  }

  async enableTotp(agentId: string, secret: string, step: number, codeHashes: readonly string[]): Promise<void> {
    this.db.transaction((tx) => {
      tx.update(agents).set({ totpSecret: secret, totpLastStep: step }).where(eq(agents.id, agentId)).run();
      tx.delete(recoveryCodes).where(eq(recoveryCodes.agentId, agentId)).run();
      if (codeHashes.length)
        tx.insert(recoveryCodes)
          .values(codeHashes.map((codeHash) => ({ codeHash, agentId, usedAt: null })))
          .run();
      tx.delete(accountTokens)
        .where(and(eq(accountTokens.agentId, agentId), eq(accountTokens.kind, 'totp_setup')))
        .run();
    }, IMMEDIATE);
  }

  async disableTotp(agentId: string): Promise<void> {
    this.db.transaction((tx) => {
      tx.update(agents).set({ totpSecret: null, totpLastStep: 0 }).where(eq(agents.id, agentId)).run();
      tx.delete(recoveryCodes).where(eq(recoveryCodes.agentId, agentId)).run();
      tx.delete(accountTokens)
        .where(and(eq(accountTokens.agentId, agentId), inArray(accountTokens.kind, ['totp_setup', 'login'])))
        .run();
    }, IMMEDIATE);
  }

  async acceptTotpStep(agentId: string, step: number): Promise<boolean> {
    const row = this.db
      .update(agents)
      .set({ totpLastStep: step })
      .where(and(eq(agents.id, agentId), lt(agents.totpLastStep, step)))
      .returning({ id: agents.id })
      .get();
    return row !== undefined;
  }

  async useRecoveryCode(agentId: string, codeHash: string, now: number): Promise<boolean> {
    const row = this.db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(recoveryCodes.codeHash, codeHash), eq(recoveryCodes.agentId, agentId), isNull(recoveryCodes.usedAt)))
      .returning({ codeHash: recoveryCodes.codeHash })
      .get();
    return row !== undefined;
  }

  async replaceRecoveryCodes(agentId: string, codeHashes: readonly string[]): Promise<void> {
    this.db.transaction((tx) => {
      tx.delete(recoveryCodes).where(eq(recoveryCodes.agentId, agentId)).run();
      if (codeHashes.length)
        tx.insert(recoveryCodes)
          .values(codeHashes.map((codeHash) => ({ codeHash, agentId, usedAt: null })))
          .run();
    }, IMMEDIATE);
  }

  async recoveryCodesLeft(agentId: string): Promise<number> {
    return (
      this.db
        .select({ n: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.agentId, agentId), isNull(recoveryCodes.usedAt)))
        .get()?.n ?? 0
    );
  }

  async createSessionWithTicket(ticketHash: string, now: number, session: AgentSessionRow): Promise<boolean> {
    return this.db.transaction((tx) => {
      const ticket = take(tx, ticketHash, 'login', now);
      if (!ticket || ticket.agentId !== session.agentId) return false;
      tx.insert(agentSessions).values(session).run();
      return true;
    }, IMMEDIATE);
  }

  async getSetting(key: string): Promise<string | undefined> {
    return this.db.select().from(teamSettings).where(eq(teamSettings.key, key)).get()?.value;
  }

  async putSetting(key: string, value: string): Promise<void> {
    this.db.insert(teamSettings).values({ key, value }).onConflictDoUpdate({ target: teamSettings.key, set: { value } }).run();
  }
}
