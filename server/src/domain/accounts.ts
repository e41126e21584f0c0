/**
 * Accounts beyond the password check: invitation and password links (e-mailed through the outbox),
 * two-factor sign-in with an authenticator app (TOTP, RFC 6238, via otplib) and ten single-use
 * recovery codes, the second step of a login, and the team's rule that makes two-factor sign-in
 * mandatory. Links and tickets are random 256-bit tokens stored by their hash, used once.
 */
import { randomBytes } from 'node:crypto';
import { NobleCryptoPlugin, ScureBase32Plugin, TOTP, generateSecret, generateURI } from 'otplib';
import type { Agent, TeamSecurity, TwoFactorSetupResponse, TwoFactorStatus } from '@atendo/shared';
import type { AccountStore } from '../storage/accounts';
import type { AgentStore } from '../storage/agents';
import type { AgentRow, MailOutboxRow } from '../storage/types';
import { toAgent, type AgentService } from './agents';
import { AppError } from './errors';
import { hashToken, newId, newToken } from './ids';
import { accountEmail } from './mail/account-templates';
import { generatePassword, hashPassword, verifyPassword } from './passwords';

export const INVITE_TTL_MS = 7 * 24 * 3_600_000;
export const RESET_TTL_MS = 3_600_000;
/** An authenticator secret waits this long for its first code. */
export const SETUP_TTL_MS = 15 * 60_000;
/** Between a right password and the second factor. */
export const LOGIN_TICKET_TTL_MS = 5 * 60_000;
export const RECOVERY_CODES = 10;
/** The team's rule is read again at most this often (another instance may have changed it). */
const SETTING_TTL_MS = 10_000;

/** Recovery codes: 10 characters of an alphabet without look-alikes, shown as xxxxx-xxxxx. */
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}
/** What is hashed: lower case, without the dash and spaces people type. */
const normalizeCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
const hashCode = (code: string) => hashToken(`recovery:${normalizeCode(code)}`);
/** An authenticator code: six digits (spaces people copy in are ignored). */
const totp = new TOTP({ crypto: new NobleCryptoPlugin(), base32: new ScureBase32Plugin() });
/** Check a code at `epochSeconds`, one 30-second step either side (clocks drift), after `afterStep` (no replay). */
const verifyCode = (secret: string, token: string, epochSeconds: number, afterStep?: number) =>
  totp.verify(token, { secret, epoch: epochSeconds, epochTolerance: 30, ...(afterStep ? { afterTimeStep: afterStep } : {}) });
const totpCode = (code: string) => {
  const digits = code.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
};

export interface AccountOptions {
  publicUrl: string;
  /** Put an e-mail in the outbox (null: e-mail is off). */
  enqueue: ((row: MailOutboxRow) => Promise<boolean>) | null;
  /** The sender's display name: the team's name in invitations. */
  teamName?: string | undefined;
  /** The issuer shown in authenticator apps. */
  issuer?: string;
  now?: () => number;
}

export type LoginResult =
  /** `setupRequired`: the team requires two-factor sign-in and this agent must set it up first. */
  { kind: 'session'; agent: Agent; token: string; expiresAt: number; setupRequired: boolean } | { kind: 'two_factor'; ticket: string };

export class AccountService {
  private readonly now: () => number;
  private required = false;
  private requiredReadAt = -Infinity;
  private refreshing: Promise<void> | null = null;

  constructor(
    private store: AccountStore,
    private agentStore: AgentStore,
    private agents: AgentService,
    private opts: AccountOptions,
  ) {
    this.now = opts.now ?? Date.now;
    agents.twoFactorRequired = () => this.twoFactorRequired();
  }

  get emailOn(): boolean {
    return this.opts.enqueue !== null;
  }

  /** Load the team's rule; call once at start. */
  async init(): Promise<void> {
    await this.refreshRule();
  }

  // --- links -------------------------------------------------------------------------------------

  private link(token: string): string {
    return `${this.opts.publicUrl}/#/password/${token}`;
  }

  private async mail(kind: 'invite' | 'password_reset', agent: AgentRow, content: { subject: string; text: string; html: string }, key: string): Promise<void> {
    const now = this.now();
    await this.opts.enqueue!({
      id: newId(),
      dedupeKey: `${kind}:${key}`,
      kind,
      recipient: agent.email,
      subject: content.subject,
      text: content.text,
      html: content.html,
      headers: JSON.stringify({ 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' }),
      replyTo: null,
      fromName: this.opts.teamName ?? null,
      conversationId: null,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      lastError: null,
      createdAt: now,
      sentAt: null,
    });
  }

  /**
   * "Forgot password?": when an active agent has this address and e-mail is on, a single-use link
   * valid for an hour goes out (replacing any earlier one). Nothing is said either way.
   */
  async requestReset(emailInput: string, locale: string | undefined): Promise<void> {
    if (!this.emailOn) return;
    const agent = await this.agentStore.byEmail(emailInput.trim().toLowerCase());
    if (!agent || agent.deactivatedAt != null) return;
    const token = newToken();
    const tokenHash = hashToken(token);
    const now = this.now();
    await this.store.createToken({ tokenHash, agentId: agent.id, kind: 'reset', data: null, createdAt: now, expiresAt: now + RESET_TTL_MS }, { replace: true });
    await this.mail('password_reset', agent, accountEmail({ kind: 'reset', locale, name: agent.name, email: agent.email, link: this.link(token) }), tokenHash);
  }

  /**
   * A new agent by invitation. With e-mail on, the invitation carries a link to choose a password
   * (7 days) and no password is shown; with e-mail off, a generated password is returned once to
   * hand over.
   */
  async invite(
    create: (password: string) => Promise<Agent>,
    who: { inviterName: string; locale: string | undefined },
  ): Promise<{ agent: Agent; password: string | null; emailed: boolean }> {
    const password = generatePassword();
    const agent = await create(password);
    if (!this.emailOn) return { agent, password, emailed: false };
    await this.sendInvitation(agent.id, who);
    return { agent, password: null, emailed: true };
  }

  /** (Re)send an invitation: a new link replaces the old one; the agent is marked invited until they use it. */
  async sendInvitation(agentId: string, who: { inviterName: string; locale: string | undefined }): Promise<void> {
    if (!this.emailOn) throw new AppError('conflict', 'E-mail is off on this server (ATENDO_SMTP_URL): hand the password over yourself');
    const agent = await this.agentStore.get(agentId);
    if (!agent) throw new AppError('not_found', 'Agent not found');
    if (agent.deactivatedAt != null) throw new AppError('conflict', 'This agent is deactivated; reactivate them first');
    const token = newToken();
    const tokenHash = hashToken(token);
    const now = this.now();
    await this.store.createToken({ tokenHash, agentId, kind: 'invite', data: null, createdAt: now, expiresAt: now + INVITE_TTL_MS }, { replace: true });
    await this.store.setInvited(agentId, agent.invitedAt ?? now);
    await this.mail(
      'invite',
      agent,
      accountEmail({
        kind: 'invite',
        locale: who.locale,
        name: agent.name,
        email: agent.email,
        link: this.link(token),
        inviter: who.inviterName,
        team: this.opts.teamName,
      }),
      tokenHash,
    );
  }

  private async linkToken(token: string): Promise<{ kind: 'invite' | 'reset'; tokenHash: string; agent: AgentRow }> {
    const tokenHash = hashToken(token);
    const now = this.now();
    for (const kind of ['invite', 'reset'] as const) {
      const row = await this.store.peekToken(tokenHash, kind, now);
      const agent = row && (await this.agentStore.get(row.agentId));
      if (agent && agent.deactivatedAt == null) return { kind, tokenHash, agent };
    }
    throw new AppError('link_expired', 'This link was already used or has expired. Ask for a new one.');
  }

  /** What a link is for (the page that uses it shows the address), without using it. */
  async describeLink(token: string): Promise<{ kind: 'invite' | 'reset'; email: string; name: string; twoFactor: boolean }> {
    const { kind, agent } = await this.linkToken(token);
    return { kind, email: agent.email, name: agent.name, twoFactor: agent.totpSecret != null };
  }

  /**
   * Choose a password with a link: used once; every session of the agent ends (a reset is what one
   * does after a theft). The agent then signs in as usual (with their second factor, if on).
   */
  async setPasswordWithLink(token: string, password: string): Promise<{ email: string }> {
    const { kind, tokenHash, agent } = await this.linkToken(token);
    const hash = await hashPassword(password);
    const agentId = await this.store.setPasswordWithToken(tokenHash, kind, this.now(), hash);
    if (!agentId) throw new AppError('link_expired', 'This link was already used or has expired. Ask for a new one.');
    await this.agents.endAllSessions(agentId, 'password_changed');
    return { email: agent.email };
  }

  // --- login -------------------------------------------------------------------------------------

  /** The first step: the password. With two-factor sign-in on, a ticket for the second step instead of a session. */
  async login(email: string, password: string): Promise<LoginResult> {
    const row = await this.agents.checkPassword(email, password);
    if (row.totpSecret == null) {
      const { token, expiresAt } = await this.agents.openSession(row.id);
      return { kind: 'session', agent: toAgent(row), token, expiresAt, setupRequired: this.twoFactorRequired() };
    }
    const ticket = newToken();
    const now = this.now();
    await this.store.createToken({
      tokenHash: hashToken(ticket),
      agentId: row.id,
      kind: 'login',
      data: null,
      createdAt: now,
      expiresAt: now + LOGIN_TICKET_TTL_MS,
    });
    return { kind: 'two_factor', ticket };
  }

  /** The login ticket's agent (for the throttle's account key), or link_expired. */
  async ticketAgent(ticket: string): Promise<AgentRow> {
    const row = await this.store.peekToken(hashToken(ticket), 'login', this.now());
    const agent = row && (await this.agentStore.get(row.agentId));
    if (!agent || agent.deactivatedAt != null || agent.totpSecret == null) {
      throw new AppError('link_expired', 'This sign-in has expired; enter your e-mail and password again');
    }
    return agent;
  }

  /** The second step: an authenticator code or a recovery code; the ticket is used by the session that opens. */
  async completeLogin(ticket: string, code: string): Promise<{ agent: Agent; token: string; expiresAt: number }> {
    const agent = await this.ticketAgent(ticket);
    await this.checkSecondFactor(agent, code);
    const { token, expiresAt, row } = this.agents.newSession(agent.id);
    if (!(await this.store.createSessionWithTicket(hashToken(ticket), this.now(), row))) {
      throw new AppError('link_expired', 'This sign-in has expired; enter your e-mail and password again');
    }
    return { agent: toAgent(agent), token, expiresAt };
  }

  /** A current authenticator code (accepted once: a replay of the same step fails) or an unused recovery code. */
  private async checkSecondFactor(agent: AgentRow, code: string): Promise<'totp' | 'recovery'> {
    const digits = totpCode(code);
    if (digits && agent.totpSecret) {
      const result = await verifyCode(agent.totpSecret, digits, Math.floor(this.now() / 1000), agent.totpLastStep);
      if (result.valid && (await this.store.acceptTotpStep(agent.id, result.timeStep))) return 'totp';
    } else if (!digits && (await this.store.useRecoveryCode(agent.id, hashCode(code), this.now()))) {
      return 'recovery';
    }
    throw new AppError('invalid_code', 'That code is not right (or was used already)');
  }

  // --- two-factor setup --------------------------------------------------------------------------

  async status(agentId: string): Promise<TwoFactorStatus> {
    const agent = await this.agentStore.get(agentId);
    const enabled = agent?.totpSecret != null;
    return { enabled, recoveryCodesLeft: enabled ? await this.store.recoveryCodesLeft(agentId) : 0, required: this.twoFactorRequired() };
  }

  /** A new secret for the authenticator app; it is on only once a first code proves the app has it. */
  async beginSetup(agentId: string): Promise<TwoFactorSetupResponse> {
    const agent = await this.agentStore.get(agentId);
    if (!agent) throw new AppError('unauthorized', 'Log in to continue');
    if (agent.totpSecret) throw new AppError('conflict', 'Two-factor sign-in is already on; turn it off first to use another app');
    const secret = generateSecret();
    const setupToken = newToken();
    const now = this.now();
    await this.store.createToken(
      { tokenHash: hashToken(setupToken), agentId, kind: 'totp_setup', data: secret, createdAt: now, expiresAt: now + SETUP_TTL_MS },
      { replace: true },
    );
    const uri = generateURI({ issuer: this.opts.issuer ?? 'Atendo', label: agent.email, secret });
    const { toString } = await import('qrcode');
    const qrSvg = await toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { setupToken, secret, uri, qrSvg };
  }

  /** Turn it on with the setup's first code; the ten recovery codes are returned once. */
  async enable(agentId: string, setupToken: string, code: string): Promise<string[]> {
    const setup = await this.store.peekToken(hashToken(setupToken), 'totp_setup', this.now());
    if (!setup || setup.agentId !== agentId || !setup.data) throw new AppError('link_expired', 'This setup has expired; start again');
    const digits = totpCode(code);
    const result = digits ? await verifyCode(setup.data, digits, Math.floor(this.now() / 1000)) : { valid: false as const };
    if (!result.valid) throw new AppError('invalid_code', 'That code is not right: check the time on your phone and try the next one');
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.store.enableTotp(agentId, setup.data, result.timeStep, codes.map(hashCode));
    return codes;
  }

  /** Turn it off: the password and a current code (or a recovery code). Not while the team requires it. */
  async disable(agentId: string, password: string, code: string): Promise<void> {
    const agent = await this.agentStore.get(agentId);
    if (!agent?.totpSecret) throw new AppError('conflict', 'Two-factor sign-in is not on');
    if (this.twoFactorRequired()) throw new AppError('forbidden', 'Your team requires two-factor sign-in; it cannot be turned off');
    if (!(await verifyPassword(password, agent.passwordHash))) throw new AppError('invalid_credentials', 'The password is wrong');
    await this.checkSecondFactor(agent, code);
    await this.store.disableTotp(agentId);
  }

  /** New recovery codes in place of the old ones (a current code, or one of the old codes, proves it). */
  async regenerateCodes(agentId: string, code: string): Promise<string[]> {
    const agent = await this.agentStore.get(agentId);
    if (!agent?.totpSecret) throw new AppError('conflict', 'Two-factor sign-in is not on');
    await this.checkSecondFactor(agent, code);
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.store.replaceRecoveryCodes(agentId, codes.map(hashCode));
    return codes;
  }

  // --- the team's rule ---------------------------------------------------------------------------

  /** From memory, refreshed in the background every few seconds (another instance may change it). */
  twoFactorRequired(): boolean {
    if (this.now() - this.requiredReadAt > SETTING_TTL_MS && !this.refreshing) {
      this.refreshing = this.refreshRule()
        .catch((err: unknown) => console.error('reading the team security setting failed', err))
        .finally(() => (this.refreshing = null));
    }
    return this.required;
  }

  private async refreshRule(): Promise<void> {
    const raw = await this.store.getSetting('security');
    this.requiredReadAt = this.now();
    try {
      this.required = raw ? (JSON.parse(raw) as Partial<TeamSecurity>).requireTwoFactor === true : false;
    } catch {
      this.required = false;
    }
  }

  async security(): Promise<TeamSecurity> {
    await this.refreshRule();
    return { requireTwoFactor: this.required };
  }

  /**
   * Make two-factor sign-in mandatory (or not). The admin who turns it on must have it on: a rule
   * its author cannot meet would lock the team out of its own settings.
   */
  async setSecurity(actorId: string, input: TeamSecurity): Promise<TeamSecurity> {
    if (input.requireTwoFactor) {
      const actor = await this.agentStore.get(actorId);
      if (!actor?.totpSecret) throw new AppError('conflict', 'Turn on two-factor sign-in for your own account first');
    }
    await this.store.putSetting('security', JSON.stringify(input));
    await this.refreshRule();
    return { requireTwoFactor: this.required };
  }
}
