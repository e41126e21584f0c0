/**
 * Accounts over HTTP on a real server with e-mail on (a real SMTP server in the test): "forgot
 * password" links, invitations by e-mail, two-factor sign-in (codes made with otplib from the secret
 * the server hands out, as an authenticator app would), recovery codes, the team's mandatory rule,
 * and with e-mail off: the shown-once password stays.
 */
import type { ParsedMail } from 'mailparser';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  type AccountLinkResponse,
  type AgentListResponse,
  type AgentResponse,
  type InviteAgentResponse,
  type LoginResponse,
  type RecoveryCodesResponse,
  type TwoFactorSetupResponse,
  type TwoFactorStatus,
} from '@atendo/shared';
import { login, startTestServer, TestClient } from './helpers';
import { smtpCatcher, until } from './smtp-catcher';

type Srv = Awaited<ReturnType<typeof startTestServer>>;
let srv: Srv;
let catcher: Awaited<ReturnType<typeof smtpCatcher>>;

async function call<T = unknown>(s: Srv, method: string, path: string, body?: unknown, cookie?: string) {
  const res = await fetch(`${s.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: s.url, ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const cookieOut = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, cookie: cookieOut };
}

/** The e-mails to `to`, oldest first. */
const mailsTo = (to: string): ParsedMail[] => catcher.received.filter((m) => m.to && JSON.stringify(m.to).includes(to));
/** The token of the console link in an e-mail's text (…/#/password/<token>). */
function linkToken(mail: ParsedMail): string {
  const m = /\/#\/password\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '');
  if (!m) throw new Error(`no link in ${mail.text}`);
  return m[1]!;
}
/** A code for the step `offsetSteps` after now, as an authenticator app shows it. */
const codeAt = (secret: string, offsetSteps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });

/** Sign in with a password, then a code: the cookie. */
async function loginTwoStep(email: string, password: string, code: string) {
  const first = await call<LoginResponse>(srv, 'POST', '/auth/login', { email, password });
  expect(first.status).toBe(200);
  expect(first.cookie).toBe('');
  if (!('twoFactor' in first.body)) throw new Error('expected a second step');
  return call<LoginResponse>(srv, 'POST', '/auth/login/two-factor', { ticket: first.body.twoFactor.ticket, code });
}

beforeAll(async () => {
  catcher = await smtpCatcher();
  srv = await startTestServer(
    {},
    {
      ATENDO_SMTP_URL: `smtp://127.0.0.1:${catcher.port}`,
      ATENDO_MAIL_FROM: 'Lumen Support <help@shop.test>',
      // One account may fail many times here; the throttle has a test of its own below.
      ATENDO_RATE_FAILED_LOGINS_PER_ACCOUNT: '50',
      ATENDO_RATE_FAILED_LOGINS_PER_IP: '500',
    },
  );
});
afterAll(async () => {
  await srv.close();
  await catcher.close();
});

describe('forgot password', () => {
  it('e-mails a single-use link for a known address, and answers the same for an unknown one', async () => {
    await srv.services.agents.create({ email: 'rita@example.com', name: 'Rita', role: 'agent', password: 'rita-password-1' });
    const old = await login(srv.url, { email: 'rita@example.com', password: 'rita-password-1' });

    const unknown = await call(srv, 'POST', '/auth/forgot', { email: 'nobody@example.com' });
    const known = await call(srv, 'POST', '/auth/forgot', { email: 'Rita@Example.com', locale: 'pt-BR' });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    await until('the password e-mail', () => mailsTo('rita@example.com').length === 1);
    const mail = mailsTo('rita@example.com')[0]!;
    expect(mail.subject).toBe('Escolha uma nova senha para o Atendo');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.text).toContain(`${srv.url}/#/password/`);
    expect(mailsTo('nobody@example.com')).toHaveLength(0);

    const token = linkToken(mail);
    const info = await call<AccountLinkResponse>(srv, 'GET', `/auth/links/${token}`);
    expect(info.body).toEqual({ kind: 'reset', email: 'rita@example.com', name: 'Rita', twoFactor: false });

    expect((await call(srv, 'POST', `/auth/links/${token}`, { password: 'short' })).status).toBe(400);
    expect((await call(srv, 'POST', `/auth/links/${token}`, { password: 'rita-new-password' })).status).toBe(204);
    // Used: gone. The old session ended with it; the old password no longer works, the new one does.
    const again = await call<{ error: { code: string } }>(srv, 'POST', `/auth/links/${token}`, { password: 'rita-other-password' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('link_expired');
    expect((await call(srv, 'GET', '/auth/me', undefined, old)).status).toBe(401);
    await expect(login(srv.url, { email: 'rita@example.com', password: 'rita-password-1' })).rejects.toThrow('401');
    expect(await login(srv.url, { email: 'rita@example.com', password: 'rita-new-password' })).toMatch(/^atendo_session=/);
  });

  it('a newer link replaces the older one; a made-up link is refused', async () => {
    await srv.services.agents.create({ email: 'teo@example.com', name: 'Teo', role: 'agent', password: 'teo-password-12' });
    await call(srv, 'POST', '/auth/forgot', { email: 'teo@example.com' });
    await until('the first link', () => mailsTo('teo@example.com').length === 1);
    await call(srv, 'POST', '/auth/forgot', { email: 'teo@example.com' });
    await until('the second link', () => mailsTo('teo@example.com').length === 2);
    const [first, second] = mailsTo('teo@example.com').map(linkToken);
    expect((await call(srv, 'GET', `/auth/links/${first}`)).status).toBe(410);
    expect((await call(srv, 'GET', `/auth/links/${second}`)).status).toBe(200);
    expect((await call(srv, 'GET', `/auth/links/${'x'.repeat(43)}`)).status).toBe(410);
    expect((await call(srv, 'GET', '/auth/links/not..valid')).status).toBe(400);
  });

  it('is rate-limited per address asked for, with the same answer for every address', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(srv, 'POST', '/auth/forgot', { email: 'flood@example.com' })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect((await call(srv, 'POST', '/auth/forgot', { email: 'not-an-address' })).status).toBe(400);
  });
});

describe('invitations', () => {
  it('with e-mail on, the invitation carries a link to choose a password and none is shown', async () => {
    const admin = await login(srv.url);
    const invited = await call<InviteAgentResponse>(srv, 'POST', '/agents', { email: 'ines@example.com', name: 'Inês', role: 'agent', locale: 'ru' }, admin);
    expect(invited.status).toBe(201);
    expect(invited.body.password).toBeNull();
    expect(invited.body.emailed).toBe(true);
    expect(invited.body.agent.invitedAt).toEqual(expect.any(Number));
    await until('the invitation', () => mailsTo('ines@example.com').length === 1);
    const mail = mailsTo('ines@example.com')[0]!;
    expect(mail.subject).toContain('приглашает вас');
    expect(mail.from?.text).toContain('Lumen Support');

    // Sent again: a new link, the old one dead.
    const resent = await call(srv, 'POST', `/agents/${invited.body.agent.id}/invitation`, {}, admin);
    expect(resent.status).toBe(200);
    await until('the second invitation', () => mailsTo('ines@example.com').length === 2);
    const [oldLink, newLink] = mailsTo('ines@example.com').map(linkToken);
    expect((await call(srv, 'POST', `/auth/links/${oldLink}`, { password: 'ines-password-1' })).status).toBe(410);
    expect((await call<AccountLinkResponse>(srv, 'GET', `/auth/links/${newLink}`)).body.kind).toBe('invite');
    expect((await call(srv, 'POST', `/auth/links/${newLink}`, { password: 'ines-password-1' })).status).toBe(204);
    await login(srv.url, { email: 'ines@example.com', password: 'ines-password-1' });
    const team = await call<AgentListResponse>(srv, 'GET', '/agents', undefined, admin);
    expect(team.body.items.find((a) => a.email === 'ines@example.com')?.invitedAt).toBeNull();
  });

  it('with e-mail off, the generated password is shown once and nothing can be re-sent', async () => {
    const off = await startTestServer();
    try {
      const admin = await login(off.url);
      const invited = await call<InviteAgentResponse>(off, 'POST', '/agents', { email: 'olga@example.com', name: 'Olga', role: 'agent' }, admin);
      expect(invited.body).toMatchObject({ emailed: false, password: expect.any(String) });
      await login(off.url, { email: 'olga@example.com', password: invited.body.password! });
      expect((await call(off, 'POST', `/agents/${invited.body.agent.id}/invitation`, {}, admin)).status).toBe(409);
      expect((await call(off, 'POST', '/auth/forgot', { email: 'olga@example.com' })).status).toBe(202);
    } finally {
      await off.close();
    }
  });
});

describe('two-factor sign-in', () => {
  let secret = '';
  let recovery: string[] = [];
  const ZOE = { email: 'zoe@example.com', password: 'zoe-password-12' };

  it('is set up with a QR code and a first code, and gives ten recovery codes once', async () => {
    await srv.services.agents.create({ ...ZOE, name: 'Zoe', role: 'agent' });
    const zoe = await login(srv.url, ZOE);
    expect((await call<TwoFactorStatus>(srv, 'GET', '/auth/two-factor', undefined, zoe)).body).toEqual({
      enabled: false,
      recoveryCodesLeft: 0,
      required: false,
    });
    const setup = await call<TwoFactorSetupResponse>(srv, 'POST', '/auth/two-factor/setup', undefined, zoe);
    expect(setup.status).toBe(200);
    expect(setup.body.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\/Atendo:zoe%40example\.com\?secret=/);
    secret = setup.body.secret;

    const wrong = await call<{ error: { code: string } }>(srv, 'POST', '/auth/two-factor/enable', { setupToken: setup.body.setupToken, code: '000000' }, zoe);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_code');
    // Still off until a right code.
    expect((await login(srv.url, ZOE)).length).toBeGreaterThan(0);

    const on = await call<RecoveryCodesResponse>(
      srv,
      'POST',
      '/auth/two-factor/enable',
      { setupToken: setup.body.setupToken, code: await codeAt(secret) },
      zoe,
    );
    expect(on.status).toBe(200);
    recovery = on.body.recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    for (const c of recovery) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect((await call<TwoFactorStatus>(srv, 'GET', '/auth/two-factor', undefined, zoe)).body).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
  });

  it('a password alone no longer signs in; the second step takes a code once', async () => {
    await expect(login(srv.url, ZOE)).resolves.toBe('');
    const wrong = await loginTwoStep(ZOE.email, ZOE.password, '123456');
    expect(wrong.status).toBe(401);
    expect(wrong.cookie).toBe('');

    const code = await codeAt(secret, 1);
    const ok = await loginTwoStep(ZOE.email, ZOE.password, code);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ agent: { email: ZOE.email } });
    expect((await call<AgentResponse>(srv, 'GET', '/auth/me', undefined, ok.cookie)).status).toBe(200);
    // The same code again (a replay, e.g. someone watching over a shoulder): refused.
    expect((await loginTwoStep(ZOE.email, ZOE.password, code)).status).toBe(401);
  });

  it('a recovery code signs in once; a ticket is good for one second step', async () => {
    const first = await call<LoginResponse>(srv, 'POST', '/auth/login', ZOE);
    const ticket = 'twoFactor' in first.body ? first.body.twoFactor.ticket : '';
    const viaRecovery = await call(srv, 'POST', '/auth/login/two-factor', { ticket, code: recovery[0]!.toUpperCase() });
    expect(viaRecovery.status).toBe(200);
    expect(viaRecovery.cookie).toMatch(/^atendo_session=/);
    expect((await call(srv, 'POST', '/auth/login/two-factor', { ticket, code: recovery[1] })).status).toBe(410);
    expect((await loginTwoStep(ZOE.email, ZOE.password, recovery[0]!)).status).toBe(401);
    expect((await call<TwoFactorStatus>(srv, 'GET', '/auth/two-factor', undefined, viaRecovery.cookie)).body.recoveryCodesLeft).toBe(9);

    // New codes replace the old ones (proved with one of the old codes).
    const renewed = await call<RecoveryCodesResponse>(srv, 'POST', '/auth/two-factor/recovery-codes', { code: recovery[2] }, viaRecovery.cookie);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    expect((await loginTwoStep(ZOE.email, ZOE.password, recovery[3]!)).status).toBe(401);
    recovery = renewed.body.recoveryCodes;
  });

  it('wrong codes are throttled like passwords', async () => {
    const strict = await startTestServer({}, { ATENDO_RATE_FAILED_LOGINS_PER_ACCOUNT: '3' });
    try {
      await strict.services.agents.create({ ...ZOE, name: 'Zoe', role: 'agent' });
      const zoe = await login(strict.url, ZOE);
      const setup = await call<TwoFactorSetupResponse>(strict, 'POST', '/auth/two-factor/setup', undefined, zoe);
      await call(strict, 'POST', '/auth/two-factor/enable', { setupToken: setup.body.setupToken, code: await codeAt(setup.body.secret) }, zoe);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const first = await call<LoginResponse>(strict, 'POST', '/auth/login', ZOE);
        if (first.status !== 200) {
          statuses.push(first.status);
          continue;
        }
        const ticket = 'twoFactor' in first.body ? first.body.twoFactor.ticket : '';
        statuses.push((await call(strict, 'POST', '/auth/login/two-factor', { ticket, code: '000000' })).status);
      }
      // Each round counts its password step and its wrong code: the account locks within the rounds.
      expect(statuses).toContain(429);
      expect(statuses.slice(0, 1)).toEqual([401]);
    } finally {
      await strict.close();
    }
  });

  it('turning it off takes the password and a code', async () => {
    const zoe = (await loginTwoStep(ZOE.email, ZOE.password, recovery[0]!)).cookie;
    expect((await call(srv, 'POST', '/auth/two-factor/disable', { password: 'wrong-password', code: recovery[1] }, zoe)).status).toBe(401);
    expect((await call(srv, 'POST', '/auth/two-factor/disable', { password: ZOE.password, code: '111111' }, zoe)).status).toBe(401);
    expect((await call(srv, 'POST', '/auth/two-factor/disable', { password: ZOE.password, code: recovery[1] }, zoe)).status).toBe(204);
    expect(await login(srv.url, ZOE)).toMatch(/^atendo_session=/);
  });
});

describe('two-factor sign-in made mandatory', () => {
  it('an admin without it cannot require it; once required, an agent without it can only set it up', async () => {
    const admin = await login(srv.url);
    const refused = await call(srv, 'PUT', '/auth/team-security', { requireTwoFactor: true }, admin);
    expect(refused.status).toBe(409);

    const setup = await call<TwoFactorSetupResponse>(srv, 'POST', '/auth/two-factor/setup', undefined, admin);
    await call(srv, 'POST', '/auth/two-factor/enable', { setupToken: setup.body.setupToken, code: await codeAt(setup.body.secret) }, admin);
    expect((await call(srv, 'PUT', '/auth/team-security', { requireTwoFactor: true }, admin)).body).toEqual({ requireTwoFactor: true });

    const agentCreds = { email: 'max@example.com', password: 'max-password-12' };
    await srv.services.agents.create({ ...agentCreds, name: 'Max', role: 'agent' });
    const max = await login(srv.url, agentCreds);
    expect((await call<AgentResponse>(srv, 'GET', '/auth/me', undefined, max)).body.twoFactorSetupRequired).toBe(true);
    const blocked = await call<{ error: { code: string } }>(srv, 'GET', '/conversations', undefined, max);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('two_factor_setup_required');
    const socket = await TestClient.connect(srv.wsUrl, { cookie: max, origin: srv.url });
    socket.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
    expect((await socket.next('error')).code).toBe('two_factor_setup_required');
    await socket.waitClose();

    const mine = await call<TwoFactorSetupResponse>(srv, 'POST', '/auth/two-factor/setup', undefined, max);
    const codes = await call<RecoveryCodesResponse>(
      srv,
      'POST',
      '/auth/two-factor/enable',
      { setupToken: mine.body.setupToken, code: await codeAt(mine.body.secret) },
      max,
    );
    expect(codes.status).toBe(200);
    expect((await call(srv, 'GET', '/conversations', undefined, max)).status).toBe(200);
    expect((await call<AgentResponse>(srv, 'GET', '/auth/me', undefined, max)).body.twoFactorSetupRequired).toBeUndefined();
    // While required, nobody turns theirs off.
    expect((await call(srv, 'POST', '/auth/two-factor/disable', { password: agentCreds.password, code: codes.body.recoveryCodes[0] }, max)).status).toBe(403);

    // An agent may not change the rule.
    expect((await call(srv, 'PUT', '/auth/team-security', { requireTwoFactor: false }, max)).status).toBe(403);
    expect((await call(srv, 'PUT', '/auth/team-security', { requireTwoFactor: false }, admin)).body).toEqual({ requireTwoFactor: false });
  });
});
