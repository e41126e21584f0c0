/**
 * Password guessing: the login limit cannot be raced, there is a per-account limit beside the
 * per-address one, and IPv6 addresses count by their /64.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, login, startTestServer, TestClient } from '../helpers';
import { upgradeStatus } from './kit';

type Srv = Awaited<ReturnType<typeof startTestServer>>;
const started: Srv[] = [];
afterAll(async () => {
  for (const s of started) await s.close();
});

/** A server behind a "proxy" (X-Forwarded-For is trusted), so each test picks its client address. */
async function server(env: Record<string, string>): Promise<Srv> {
  const s = await startTestServer({}, { ATENDO_TRUST_PROXY: '1', ...env });
  started.push(s);
  return s;
}

function attempt(s: Srv, ip: string, creds: { email: string; password: string }) {
  return fetch(`${s.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify(creds),
  });
}

const wrong = (email = ADMIN.email) => ({ email, password: 'not the password' });

async function statuses(responses: Promise<Response>[]): Promise<Record<number, number>> {
  const out: Record<number, number> = {};
  for (const r of await Promise.all(responses)) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

describe('per address', () => {
  let s: Srv;
  beforeAll(async () => {
    s = await server({ ATENDO_RATE_FAILED_LOGINS_PER_IP: '10', ATENDO_RATE_FAILED_LOGINS_PER_ACCOUNT: '100000' });
  });

  it('40 concurrent wrong passwords: only the limit (10) are checked, the rest are refused before the hash', async () => {
    const ip = '203.0.113.40';
    const counts = await statuses(Array.from({ length: 40 }, () => attempt(s, ip, wrong())));
    expect(counts[401]).toBe(10);
    expect(counts[429]).toBe(30);
    // Spent: even the right password waits now.
    const blocked = await attempt(s, ip, ADMIN);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await blocked.json()).error.code).toBe('rate_limited');
  });

  it('a right password gives its token back', async () => {
    const ip = '203.0.113.41';
    for (let i = 0; i < 9; i++) expect((await attempt(s, ip, wrong())).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await attempt(s, ip, ADMIN)).status).toBe(200);
    expect((await attempt(s, ip, wrong())).status).toBe(401);
    expect((await attempt(s, ip, wrong())).status).toBe(429);
  });

  it('counts an IPv6 client by its /64: other addresses of the same /64 share its budget, another /64 does not', async () => {
    for (let i = 1; i <= 10; i++) expect((await attempt(s, `2001:db8:1:2::${i.toString(16)}`, wrong())).status).toBe(401);
    expect((await attempt(s, '2001:db8:1:2:ffff:ffff:ffff:ffff', ADMIN)).status).toBe(429);
    expect((await attempt(s, '2001:DB8:1:2:0:0:0:abcd', ADMIN)).status).toBe(429);
    expect((await attempt(s, '2001:db8:1:3::1', ADMIN)).status).toBe(200);
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address it is', async () => {
    for (let i = 0; i < 10; i++) expect((await attempt(s, '::ffff:198.51.100.77', wrong())).status).toBe(401);
    expect((await attempt(s, '198.51.100.77', ADMIN)).status).toBe(429);
    expect((await attempt(s, '::ffff:c633:644d', ADMIN)).status).toBe(429);
  });
});

describe('per account', () => {
  let s: Srv;
  const AGENT = { email: 'target@example.com', password: 'the agent password' };
  beforeAll(async () => {
    s = await server({ ATENDO_RATE_FAILED_LOGINS_PER_IP: '1000', ATENDO_RATE_FAILED_LOGINS_PER_ACCOUNT: '5' });
    await s.services.agents.create({ ...AGENT, name: 'Target', role: 'agent' });
  });

  it('after 5 wrong passwords from 5 addresses, the right one from a 6th address waits, with Retry-After', async () => {
    for (let i = 1; i <= 5; i++) expect((await attempt(s, `192.0.2.${i}`, wrong(AGENT.email))).status).toBe(401);
    const locked = await attempt(s, '192.0.2.6', AGENT);
    expect(locked.status).toBe(429);
    const retry = Number(locked.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(50);
    expect(retry).toBeLessThanOrEqual(60);
    expect((await locked.json()).error.message).toMatch(/this account/);
    // Another account is not affected.
    expect((await attempt(s, '192.0.2.6', ADMIN)).status).toBe(200);
  });

  it('cannot be raced from many addresses either', async () => {
    const email = 'Raced@Example.com';
    const counts = await statuses(Array.from({ length: 30 }, (_, i) => attempt(s, `198.18.0.${i + 1}`, wrong(i % 2 ? email : ` ${email.toLowerCase()} `))));
    expect(counts[401]).toBe(5);
    expect(counts[429]).toBe(25);
  });

  it('treats an e-mail nobody has exactly like a real one (nothing learnt about which exist)', async () => {
    const real = s;
    const answers = async (email: string, base: string) => {
      const out: [number, string][] = [];
      for (let i = 1; i <= 6; i++) {
        const r = await attempt(real, `${base}.${i}`, wrong(email));
        out.push([r.status, (await r.json()).error.message.replace(/\d+ min/, 'N min')]);
      }
      return out;
    };
    await s.services.agents.create({ email: 'exists@example.com', password: 'whatever password', name: 'Exists', role: 'agent' });
    expect(await answers('nobody@example.com', '198.19.1')).toEqual(await answers('exists@example.com', '198.19.2'));
  });

  it('also limits guesses of the current password through a stolen session', async () => {
    const victim = { email: 'victim@example.com', password: 'victim password 1' };
    await s.services.agents.create({ ...victim, name: 'Victim', role: 'agent' });
    const cookie = await login(s.url, victim);
    const change = (currentPassword: string, ip: string) =>
      fetch(`${s.url}/api/v1/auth/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: s.url, cookie, 'x-forwarded-for': ip },
        body: JSON.stringify({ currentPassword, newPassword: 'attacker chosen password' }),
      });
    const counts = await statuses(Array.from({ length: 12 }, (_, i) => change(`guess ${i}`, `100.64.0.${i + 1}`)));
    expect(counts[401]).toBe(5);
    expect(counts[429]).toBe(7);
    expect((await change(victim.password, '100.64.1.1')).status).toBe(429);
  });
});

describe('every per-address limit counts IPv6 by /64', () => {
  it('connections per address', async () => {
    const s = await server({ ATENDO_MAX_CONNECTIONS_PER_IP: '2' });
    const held = await Promise.all(['2001:db8:9:9::3', '2001:db8:9:9::4'].map((ip) => TestClient.connect(s.wsUrl, { 'x-forwarded-for': ip })));
    expect(await upgradeStatus(s.wsUrl, { 'x-forwarded-for': '2001:db8:9:9:1:2:3:4' })).toBe(429);
    expect(await upgradeStatus(s.wsUrl, { 'x-forwarded-for': '2001:db8:9:a::1' })).toBe(101);
    for (const c of held) c.close();
  });
});
