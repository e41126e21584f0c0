/**
 * The OpenAPI document: valid OpenAPI 3.1, every /api/v1 route in it (and nothing else), each JSON
 * body the schema its route validates with, and each route's documented security what the server
 * enforces (no session → 401; an API token without the documented scope → 403 naming it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SCOPES, type CreatedApiTokenResponse } from '@atendo/shared';
import { loadConfig } from '../src/config';
import { createApp } from '../src/http/app';
import { jsonSchema } from '../src/http/openapi';
import { routeDocOf } from '../src/http/spec';
import { login, startTestServer } from './helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let admin: string;
let doc: any;

type Op = { method: string; path: string; op: any };
const operations = (): Op[] =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method, path, op })));

/** A documented path with its parameters filled in: ids well formed (a malformed one is a 400 before anything else). */
const concrete = (path: string) => `/api/v1${path.replace(/\{token\}/g, 'a'.repeat(30)).replace(/\{[^}]+\}/g, 'abcdefghijklmnop')}`;

async function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  const res = await fetch(`${srv.url}${path}`, {
    method: method.toUpperCase(),
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json };
}

// The inbound e-mail route exists only when configured: configure it, so the document has it too.
const ENV = {
  ATENDO_INBOUND_SECRET: 'inbound-secret-for-tests-0123456789',
  ATENDO_INBOUND_DOMAIN: 'in.example.com',
  ATENDO_RATE_API_REQUESTS_PER_TOKEN_PER_MINUTE: '100000',
};
/** The app as the server under test builds it (same configuration, so the same routes). */
const sameApp = () => createApp({ services: srv.services, config: loadConfig({ ...ENV, ATENDO_PUBLIC_URL: srv.url }) });

beforeAll(async () => {
  srv = await startTestServer({}, ENV);
  admin = await login(srv.url);
  const res = await fetch(`${srv.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(() => srv.close());

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0].url).toBe(`${srv.url}/api/v1`);
  });

  it('lists every /api/v1 route the server answers, and only those', () => {
    const app = sameApp();
    const routes = new Set<string>();
    for (const r of app.routes) {
      if (!r.path.startsWith('/api/v1/') || r.method === 'ALL' || r.method === 'OPTIONS') continue;
      routes.add(`${r.method.toLowerCase()} ${r.path.slice('/api/v1'.length).replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    }
    const documented = new Set(operations().map((o) => `${o.method} ${o.path}`));
    expect([...routes].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !routes.has(r))).toEqual([]);
    expect(documented.size).toBeGreaterThan(80);
    expect(documented).toContain('post /api-tokens');
    expect(documented).toContain('post /webhooks');
    expect(documented).toContain('post /inbound/email');
  });

  it('puts in each operation the JSON body schema of its route’s spec (the generator’s wiring: the spec is what the route validates with)', () => {
    const app = sameApp();
    let bodies = 0;
    for (const r of app.routes) {
      const spec = routeDocOf(r.handler);
      if (!spec || !r.path.startsWith('/api/v1/')) continue;
      const op = doc.paths[r.path.slice('/api/v1'.length).replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      if (!op) continue; // a route only some configurations have (checked above on this server's)
      const documented = op.requestBody?.content?.['application/json']?.schema;
      if (spec.body) {
        bodies++;
        expect(documented, `${r.method} ${r.path}`).toEqual(jsonSchema(spec.body));
      } else expect(documented, `${r.method} ${r.path}`).toBeUndefined();
    }
    expect(bodies).toBeGreaterThan(30);
  });

  it('route files read input only through their specs (so nothing validates with a schema the document does not show)', () => {
    const dir = resolve(__dirname, '../src/http/routes');
    const files = [...readdirSync(dir).map((f) => resolve(dir, f)), resolve(__dirname, '../src/mail-inbound/route.ts')].filter((f) => f.endsWith('.ts'));
    // Known readers outside a spec, each for a reason: an attachment's key is checked by the lookup
    // itself (a wrong one is the same 404 as an unknown file); the webhook actions accept no body or
    // `{}`; inbound e-mail is a raw message (its spec's rawBody).
    const allowed = ["attachments.ts: c.req.param('key')", 'webhooks.ts: c.req.text()', 'route.ts: c.req.arrayBuffer()'];
    const offenders = files.flatMap((f) =>
      [
        ...readFileSync(f, 'utf8').matchAll(
          /(?<![.\w])(?:jsonBody|check|params|query)\(c\b[^)]*\)|c\.req\.(?:json|text|parseBody|formData|arrayBuffer|blob|param|query|queries)\([^)]*\)/g,
        ),
      ]
        .map((m) => `${f.split('/').pop()}: ${m[0]}`)
        .filter((m) => !allowed.includes(m)),
    );
    expect(offenders).toEqual([]);
  });

  it('every route with a documented JSON body refuses a body that is not one (400, bad_request)', async () => {
    const withBody = operations().filter((o) => o.op.requestBody?.content?.['application/json']);
    for (const { method, path } of withBody) {
      const res = await send(method, concrete(path), { cookie: admin, origin: srv.url }, '"not an object"');
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body?.error.code, `${method} ${path}`).toBe('bad_request');
    }
  });

  it('says what the server enforces: a session for console routes, and for tokens exactly the documented scope', async () => {
    const tokens = new Map<string, string>();
    const mint = async (scopes: string[]) => {
      const res = await send('post', '/api/v1/api-tokens', { cookie: admin, origin: srv.url }, JSON.stringify({ name: `all but ${scopes.length}`, scopes }));
      expect(res.status).toBe(201);
      return (res.body as CreatedApiTokenResponse).token;
    };
    for (const scope of API_SCOPES) tokens.set(scope, await mint(API_SCOPES.filter((s) => s !== scope)));
    const everything = await mint([...API_SCOPES]);

    let scoped = 0;
    for (const { method, path, op } of operations()) {
      const url = concrete(path);
      const signedIn = op.security.some((s: Record<string, unknown>) => 'session' in s);
      if (signedIn) expect((await send(method, url, {})).status, `${method} ${path} without a session`).toBe(401);
      const scope: string | undefined = op['x-atendo-scope'];
      const bearer = op.security.find((s: Record<string, string[]>) => 'apiToken' in s)?.apiToken;
      if (!signedIn) continue;
      if (scope === undefined) {
        expect(bearer, `${method} ${path}`).toBeUndefined();
        const res = await send(method, url, { authorization: `Bearer ${everything}` }, method === 'get' ? undefined : '{}');
        expect([res.status, res.body?.error.message], `${method} ${path} with a token`).toEqual([
          403,
          'API tokens cannot use this endpoint; it is for the console',
        ]);
        continue;
      }
      scoped++;
      expect(bearer, `${method} ${path}`).toEqual(scope === 'any' ? [] : [scope]);
      if (scope === 'any') continue;
      const without = await send(method, url, { authorization: `Bearer ${tokens.get(scope)}` }, method === 'get' ? undefined : '{}');
      expect([without.status, without.body?.error.message], `${method} ${path} without ${scope}`).toEqual([403, `This API token lacks the scope "${scope}"`]);
      // With it, the request gets past authorization (to validation or a lookup: never 401 or 403).
      const withIt = await send(method, url, { authorization: `Bearer ${everything}` }, method === 'get' ? undefined : '"not an object"');
      expect([401, 403], `${method} ${path} with ${scope}: ${JSON.stringify(withIt.body)}`).not.toContain(withIt.status);
    }
    expect(scoped).toBeGreaterThan(30);
  });
});

describe('API reference page', () => {
  it('is served by Atendo itself under a strict policy, with Swagger UI from this server', async () => {
    const page = await fetch(`${srv.url}/api/docs`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    const html = await page.text();
    // Only scripts from this server, and none inline.
    expect([...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1])).toEqual([' src="/api/docs/swagger-ui-bundle.js"', ' src="/api/docs/init.js"']);
    for (const asset of ['/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui.css', '/api/docs/init.js']) {
      const res = await fetch(`${srv.url}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, asset).toBe(200);
      expect((await res.text()).length, asset).toBeGreaterThan(200);
    }
    expect(await (await fetch(`${srv.url}/api/docs/init.js`)).text()).toContain("url: '/api/v1/openapi.json'");
  });
});
