import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

function csp(res: Response): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (res.headers.get('content-security-policy') ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values.join(' '));
  }
  return map;
}

describe('security headers', () => {
  it('are on every response: API, errors, health, pages and the console', async () => {
    // Not on the widget's files: see the next test and static-files.test.ts.
    const paths = [
      '/healthz',
      '/api/v1/auth/me',
      '/api/v1/nothing',
      '/api/v1/widget/config?site=nope',
      '/demo',
      '/demo/csp',
      '/',
      '/some/console/route',
      '/widget/missing.js',
    ];
    for (const path of paths) {
      const res = await fetch(`${srv.url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBeTruthy();
      expect(res.headers.get('content-security-policy'), path).toBeTruthy();
      expect(res.headers.get('x-frame-options') ?? csp(res).get('frame-ancestors'), path).toBeTruthy();
    }
  });

  it('gives the console a strict CSP: no inline script, no eval, no framing', async () => {
    const policy = csp(await fetch(`${srv.url}/`));
    expect(policy.get('script-src')).toBe("'self'");
    expect(policy.get('style-src')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(policy.get('require-trusted-types-for')).toBe("'script'");
    for (const v of policy.values()) expect(v).not.toMatch(/unsafe-eval|unsafe-inline/);
  });

  it('serves /demo/csp with scripts and connections limited to the Atendo origin', async () => {
    const res = await fetch(`${srv.url}/demo/csp`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('widget.js');
    const policy = csp(res);
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('script-src')).toBe(srv.url);
    expect(policy.get('connect-src')).toBe(`${srv.url} ${srv.url.replace('http', 'ws')}`);
    for (const v of policy.values()) expect(v).not.toMatch(/unsafe-eval/);
    expect(policy.get('script-src')).not.toMatch(/unsafe-inline/);
  });

  // The widget files' short header list is checked in ../static-files.test.ts, on fixtures
  // that do not depend on a widget build.

  it('lets only the widget files be loaded cross-origin', async () => {
    const widget = await fetch(`${srv.url}/widget.js`);
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const api = await fetch(`${srv.url}/api/v1/auth/me`);
    expect(api.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the plain demo page', () => {
  it('has no script restrictions (a typical shop) but no plugins, <base> or framing', async () => {
    const policy = csp(await fetch(`${srv.url}/demo`));
    expect(policy.get('script-src')).toBeUndefined();
    expect(policy.get('default-src')).toBeUndefined();
    expect(policy.get('frame-ancestors')).toBe("'none'");
  });
});
