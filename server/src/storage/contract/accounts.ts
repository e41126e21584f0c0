/** Contract: account tokens (single use, expiry), setting a password by token, two-factor state, recovery codes, team settings. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountTokenRow, Storage } from '../index';
import { hashToken, newToken } from '../../domain/ids';
import { anAgent } from './fixtures';
import type { OpenStorage } from './suite';

const HOUR = 3_600_000;

function aToken(agentId: string, kind: AccountTokenRow['kind'], patch: Partial<AccountTokenRow> = {}): AccountTokenRow {
  return { tokenHash: hashToken(newToken()), agentId, kind, data: null, createdAt: 1_000, expiresAt: 1_000 + HOUR, ...patch };
}

export function accountsContract(open: OpenStorage): void {
  describe('accounts', () => {
    let storage: Storage;
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ storage, close } = await open());
    });
    afterEach(async () => {
      await close();
    });

    it('a token is taken once, only as its kind and only before it expires', async () => {
      const agent = await anAgent(storage);
      const reset = aToken(agent.id, 'reset');
      await storage.accounts.createToken(reset);
      expect(await storage.accounts.peekToken(reset.tokenHash, 'invite', 2_000)).toBeUndefined();
      expect(await storage.accounts.peekToken(reset.tokenHash, 'reset', 2_000)).toMatchObject({ agentId: agent.id });
      expect(await storage.accounts.takeToken(reset.tokenHash, 'invite', 2_000)).toBeUndefined();
      expect(await storage.accounts.takeToken(reset.tokenHash, 'reset', 2_000)).toMatchObject({ agentId: agent.id, kind: 'reset' });
      expect(await storage.accounts.takeToken(reset.tokenHash, 'reset', 2_000)).toBeUndefined();

      const old = aToken(agent.id, 'reset');
      await storage.accounts.createToken(old);
      expect(await storage.accounts.peekToken(old.tokenHash, 'reset', 1_000 + HOUR)).toBeUndefined();
      expect(await storage.accounts.takeToken(old.tokenHash, 'reset', 1_000 + HOUR)).toBeUndefined();
    });

    it('replace keeps one live token of a kind per agent', async () => {
      const agent = await anAgent(storage);
      const first = aToken(agent.id, 'reset');
      const second = aToken(agent.id, 'reset');
      await storage.accounts.createToken(first, { replace: true });
      await storage.accounts.createToken(second, { replace: true });
      expect(await storage.accounts.peekToken(first.tokenHash, 'reset', 2_000)).toBeUndefined();
      expect(await storage.accounts.peekToken(second.tokenHash, 'reset', 2_000)).toBeDefined();
    });

    it('setting a password by token: once, ends sessions, clears the invitation and other links', async () => {
      const agent = await anAgent(storage, { invitedAt: 500 });
      const invite = aToken(agent.id, 'invite');
      const reset = aToken(agent.id, 'reset');
      await storage.accounts.createToken(invite);
      await storage.accounts.createToken(reset);
      await storage.agents.createSession({ tokenHash: 'session', agentId: agent.id, createdAt: 1_000, expiresAt: Date.now() + HOUR });

      expect(await storage.accounts.setPasswordWithToken(invite.tokenHash, 'reset', 2_000, 'new-hash')).toBeUndefined();
      expect((await storage.agents.get(agent.id))?.passwordHash).toBe(agent.passwordHash);
      expect(await storage.accounts.setPasswordWithToken(invite.tokenHash, 'invite', 2_000, 'new-hash')).toBe(agent.id);
      const after = await storage.agents.get(agent.id);
      expect(after).toMatchObject({ passwordHash: 'new-hash', invitedAt: null });
      expect(await storage.agents.authenticate('session', Date.now())).toBeUndefined();
      expect(await storage.accounts.peekToken(reset.tokenHash, 'reset', 2_000)).toBeUndefined();
      expect(await storage.accounts.setPasswordWithToken(invite.tokenHash, 'invite', 2_000, 'other')).toBeUndefined();
    });

    it('two-factor: on with codes, a step accepted once and only forward, each recovery code once, off clears it all', async () => {
      const agent = await anAgent(storage);
      const setup = aToken(agent.id, 'totp_setup', { data: 'SECRET' });
      await storage.accounts.createToken(setup);
      await storage.accounts.enableTotp(agent.id, 'SECRET', 100, ['c1', 'c2']);
      expect(await storage.agents.get(agent.id)).toMatchObject({ totpSecret: 'SECRET', totpLastStep: 100 });
      expect(await storage.accounts.peekToken(setup.tokenHash, 'totp_setup', 2_000)).toBeUndefined();

      expect(await storage.accounts.acceptTotpStep(agent.id, 100)).toBe(false);
      expect(await storage.accounts.acceptTotpStep(agent.id, 99)).toBe(false);
      expect(await storage.accounts.acceptTotpStep(agent.id, 101)).toBe(true);
      expect(await storage.accounts.acceptTotpStep(agent.id, 101)).toBe(false);
      const twice = await Promise.all([storage.accounts.acceptTotpStep(agent.id, 102), storage.accounts.acceptTotpStep(agent.id, 102)]);
      expect(twice.filter(Boolean)).toHaveLength(1);

      expect(await storage.accounts.recoveryCodesLeft(agent.id)).toBe(2);
      expect(await storage.accounts.useRecoveryCode(agent.id, 'c1', 5)).toBe(true);
      expect(await storage.accounts.useRecoveryCode(agent.id, 'c1', 6)).toBe(false);
      const other = await anAgent(storage);
      expect(await storage.accounts.useRecoveryCode(other.id, 'c2', 6)).toBe(false);
      expect(await storage.accounts.recoveryCodesLeft(agent.id)).toBe(1);

      await storage.accounts.replaceRecoveryCodes(agent.id, ['d1', 'd2', 'd3']);
      expect(await storage.accounts.useRecoveryCode(agent.id, 'c2', 7)).toBe(false);
      expect(await storage.accounts.recoveryCodesLeft(agent.id)).toBe(3);

      await storage.accounts.disableTotp(agent.id);
      expect(await storage.agents.get(agent.id)).toMatchObject({ totpSecret: null, totpLastStep: 0 });
      expect(await storage.accounts.recoveryCodesLeft(agent.id)).toBe(0);
    });

    it('a login ticket opens one session, for its own agent only', async () => {
      const agent = await anAgent(storage);
      const other = await anAgent(storage);
      const ticket = aToken(agent.id, 'login');
      await storage.accounts.createToken(ticket);
      const session = (agentId: string, tokenHash: string) => ({ tokenHash, agentId, createdAt: 2_000, expiresAt: Date.now() + HOUR });
      expect(await storage.accounts.createSessionWithTicket(ticket.tokenHash, 2_000, session(other.id, 's0'))).toBe(false);
      // The failed try above used the ticket up: a ticket is tried once.
      expect(await storage.accounts.createSessionWithTicket(ticket.tokenHash, 2_000, session(agent.id, 's1'))).toBe(false);
      const fresh = aToken(agent.id, 'login');
      await storage.accounts.createToken(fresh);
      expect(await storage.accounts.createSessionWithTicket(fresh.tokenHash, 2_000, session(agent.id, 's2'))).toBe(true);
      expect(await storage.accounts.createSessionWithTicket(fresh.tokenHash, 2_000, session(agent.id, 's3'))).toBe(false);
      expect((await storage.agents.authenticate('s2', Date.now()))?.id).toBe(agent.id);
      expect(await storage.agents.authenticate('s3', Date.now())).toBeUndefined();
    });

    it('team settings: absent, then written, then replaced', async () => {
      expect(await storage.accounts.getSetting('security')).toBeUndefined();
      await storage.accounts.putSetting('security', '{"a":1}');
      await storage.accounts.putSetting('security', '{"a":2}');
      expect(await storage.accounts.getSetting('security')).toBe('{"a":2}');
    });
  });
}
