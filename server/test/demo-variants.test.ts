import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

describe('demo variants', () => {
  it('serves the hostile shop with the snippet and its hostile stylesheet', async () => {
    const res = await fetch(`${srv.url}/demo/hostile`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`data-site="${srv.siteId}"`);
    expect(html).toContain('* { all: unset !important; }');
    expect(html).toContain('id="host-search"');
  });

  it('serves the JS API demo under the strict CSP, its script as a file from Atendo', async () => {
    const res = await fetch(`${srv.url}/demo/api`);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src http:\/\/[^ ;]+;/);
    const html = await res.text();
    expect(html).not.toMatch(/<script>/); // no inline script: the CSP would block it
    expect(html.indexOf('src="/demo/api.js"')).toBeLessThan(html.indexOf('src="/widget.js"'));
    const js = await fetch(`${srv.url}/demo/api.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toContain("Atendo('on', 'message'");
  });
});
