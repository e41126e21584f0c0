/** The PostgreSQL `AccountStore`: account tokens, two-factor state and recovery codes, team settings. */
import { and, count, eq, gt, inArray, isNull, lt, lte } from 'drizzle-orm';
import type { AccountStore } from '../accounts';
import type { AccountTokenKind, AccountTokenRow, AgentSessionRow } from '../types';
import type { PgDb } from './client';
import { accountTokens, agentSessions, agents, recoveryCodes, teamSettings } from './schema';

type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/** Take (delete and return) a live token: of two takes at once, the DELETE's row lock gives it to one. */
async function take(tx: Tx, tokenHash: string, kind: AccountTokenKind, now: number): Promise<AccountTokenRow | undefined> {
  await tx.delete(accountTokens).where(lte(accountTokens.expiresAt, now));
  const [row] = await tx
    .delete(accountTokens)
    .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.kind, kind)))
    .returning();
  return row;
}

/**
 * Lock the agent's row: what SQLite's BEGIN IMMEDIATE gives a read-then-write of one agent's
 * account state (replace their tokens, their recovery codes). Two such changes for one agent take
 * turns instead of both deleting, then both inserting.
 */
async function lockAgent(tx: Tx, agentId: string): Promise<void> {
  await tx.select({ id: agents.id }).from(agents).where(eq(agents.id, agentId)).for('update');
}

export class PgAccountStore implements AccountStore {
  constructor(private db: PgDb) {}

  async createToken(row: AccountTokenRow, opts: { replace?: boolean } = {}): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.delete(accountTokens).where(lte(accountTokens.expiresAt, row.createdAt));
      if (opts.replace) {
        await lockAgent(tx, row.agentId);
        await tx.delete(accountTokens).where(and(eq(accountTokens.agentId, row.agentId), eq(accountTokens.kind, row.kind)));
      }
      await tx.insert(accountTokens).values(row);
    });
  }

  async peekToken(tokenHash: string, kind: AccountTokenKind, now: number): Promise<AccountTokenRow | undefined> {
    const [row] = await this.db
      .select()
      .from(accountTokens)
      .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.kind, kind), gt(accountTokens.expiresAt, now)));
    return row;
  }

  async takeToken(tokenHash: string, kind: AccountTokenKind, now: number): Promise<AccountTokenRow | undefined> {
    return this.db.transaction((tx) => take(tx, tokenHash, kind, now));
  }

  async deleteTokens(agentId: string, kinds: readonly AccountTokenKind[]): Promise<void> {
    if (kinds.length === 0) return;
    await this.db.delete(accountTokens).where(and(eq(accountTokens.agentId, agentId), inArray(accountTokens.kind, [...kinds])));
  }

  async setPasswordWithToken(tokenHash: string, kind: 'invite' | 'reset', now: number, passwordHash: string): Promise<string | undefined> {
    return this.db.transaction(async (tx) => {
      const token = await take(tx, tokenHash, kind, now);
      if (!token) return undefined;
      const agentId = token.agentId;
      await tx.update(agents).set({ passwordHash, invitedAt: null }).where(eq(agents.id, agentId));
      await tx.delete(accountTokens).where(and(eq(accountTokens.agentId, agentId), inArray(accountTokens.kind, ['invite', 'reset', 'login'])));
      await tx.delete(agentSessions).where(eq(agentSessions.agentId, agentId));
      return agentId;
    });
  }

  async setInvited(agentId: string, at: number | null): Promise<void> {
    await this.db.update(agents).set({ invitedAt: at }).where(eq(agents.id, agentId));
  }

  async enableTotp(agentId: string, secret: string, step: number, codeHashes: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      // The UPDATE locks the agent's row first: a concurrent enable/disable/replace waits for this one.
      await tx.update(agents).set({ totpSecret: secret, totpLastStep: step }).where(eq(agents.id, agentId));
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.agentId, agentId));
      if (codeHashes.length) await tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ codeHash, agentId, usedAt: null })));
      await tx.delete(accountTokens).where(and(eq(accountTokens.agentId, agentId), eq(accountTokens.kind, 'totp_setup')));
    });
  }

  async disableTotp(agentId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.update(agents).set({ totpSecret: null, totpLastStep: 0 }).where(eq(agents.id, agentId));
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.agentId, agentId));
      await tx.delete(accountTokens).where(and(eq(accountTokens.agentId, agentId), inArray(accountTokens.kind, ['totp_setup', 'login'])));
    });
  }

  async acceptTotpStep(agentId: string, step: number): Promise<boolean> {
    // One statement: of two requests with the same code, the second re-checks the step after the
    // first commits and updates nothing (no replay).
    const rows = await this.db
      .update(agents)
      .set({ totpLastStep: step })
      .where(and(eq(agents.id, agentId), lt(agents.totpLastStep, step)))
      .returning({ id: agents.id });
    return rows.length > 0;
  }

  async useRecoveryCode(agentId: string, codeHash: string, now: number): Promise<boolean> {
    const rows = await this.db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(recoveryCodes.codeHash, codeHash), eq(recoveryCodes.agentId, agentId), isNull(recoveryCodes.usedAt)))
      .returning({ codeHash: recoveryCodes.codeHash });
    return rows.length > 0;
  }

  async replaceRecoveryCodes(agentId: string, codeHashes: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockAgent(tx, agentId);
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.agentId, agentId));
      if (codeHashes.length) await tx.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ codeHash, agentId, usedAt: null })));
    });
  }

  async recoveryCodesLeft(agentId: string): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.agentId, agentId), isNull(recoveryCodes.usedAt)));
    return row?.n ?? 0;
  }

  async createSessionWithTicket(ticketHash: string, now: number, session: AgentSessionRow): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const ticket = await take(tx, ticketHash, 'login', now);
      if (!ticket || ticket.agentId !== session.agentId) return false;
      await tx.insert(agentSessions).values(session);
      return true;
    });
  }

  async getSetting(key: string): Promise<string | undefined> {
    const [row] = await this.db.select().from(teamSettings).where(eq(teamSettings.key, key));
    return row?.value;
  }

  async putSetting(key: string, value: string): Promise<void> {
    await this.db.insert(teamSettings).values({ key, value }).onConflictDoUpdate({ target: teamSettings.key, set: { value } });
  }
}
