import { describe, expect, it } from 'vitest';
import type { LiveVisitor, VisitorProfile } from '@atendo/shared';
import { installFetch, type Reply } from '../../test/fakes';
import { liveById, loadProfile, profiles, receiveLive } from './visitors';

const T = 1_750_000_000_000;
const page = (path: string, at: number) => ({ url: `https://loja.example${path}`, title: null, at });

function profile(over: Partial<VisitorProfile> = {}): VisitorProfile {
  return {
    id: 'v1',
    siteId: 'site_1',
    name: 'Maria',
    email: null,
    verified: false,
    locale: 'pt-BR',
    timezone: null,
    referrer: null,
    userAgent: null,
    attributes: {},
    currentPage: page('/planos', T),
    pages: [page('/planos', T)],
    online: true,
    createdAt: 0,
    lastSeenAt: T,
    conversations: [],
    ...over,
  };
}
const live = (path: string, at: number): LiveVisitor => ({
  visitorId: 'v1',
  siteId: 'site_1',
  name: 'Maria',
  email: null,
  currentPage: page(path, at),
  since: T - 60_000,
  returning: true,
});

describe('visitor pages, live', () => {
  it('moves a loaded profile to the page a visitor.live frame names, adding it to the visit once', () => {
    profiles.value = { v1: profile() };
    receiveLive(live('/#/carrinho', T + 1000));
    receiveLive(live('/#/carrinho', T + 2000));
    expect(profiles.value.v1!.currentPage?.url).toBe('https://loja.example/#/carrinho');
    expect(profiles.value.v1!.pages.map((p) => p.url)).toEqual(['https://loja.example/planos', 'https://loja.example/#/carrinho']);
    expect(liveById.value.v1!.currentPage?.url).toBe('https://loja.example/#/carrinho');
  });

  it('keeps a move that arrived while the profile was loading', async () => {
    let answer!: (r: Reply) => void;
    installFetch({ 'GET /api/v1/live/visitors/v1': () => new Promise<Reply>((resolve) => (answer = resolve)) });
    const loading = loadProfile('v1');
    receiveLive(live('/#/checkout', T + 5000));
    // The server read the profile before the visitor moved.
    answer({ body: { visitor: profile() } });
    await loading;
    expect(profiles.value.v1!.currentPage?.url).toBe('https://loja.example/#/checkout');
    expect(profiles.value.v1!.pages.map((p) => p.url)).toEqual(['https://loja.example/planos', 'https://loja.example/#/checkout']);
  });

  it('takes the profile as it is when it is the newer one', async () => {
    liveById.value = { v1: live('/antiga', T - 5000) };
    installFetch({ 'GET /api/v1/live/visitors/v1': { body: { visitor: profile() } } });
    await loadProfile('v1');
    expect(profiles.value.v1!.currentPage?.url).toBe('https://loja.example/planos');
    expect(profiles.value.v1!.pages).toHaveLength(1);
  });
});
