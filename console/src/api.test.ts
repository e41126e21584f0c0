import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFetch } from '../test/fakes';
import { api, ApiError, setUnauthorizedHandler } from './api';

describe('api', () => {
  afterEach(() => setUnauthorizedHandler(null));

  it('sends JSON with same-origin credentials on state-changing requests', async () => {
    const { calls } = installFetch({ 'POST /api/v1/conversations/c1/status': { body: { conversation: { id: 'c1' } } } });
    await api.setStatus('c1', 'resolved');
    expect(calls[0]).toMatchObject({
      method: 'POST',
      body: { status: 'resolved' },
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
    });
  });

  it('sends a JSON body even for requests without fields (logout) and accepts 204', async () => {
    const { calls } = installFetch({ 'POST /api/v1/auth/logout': { status: 204 } });
    await expect(api.logout()).resolves.toBeUndefined();
    expect(calls[0]?.headers['Content-Type']).toBe('application/json');
    expect(calls[0]?.body).toEqual({});
  });

  it('passes list queries through', async () => {
    const { calls } = installFetch({ 'GET /api/v1/conversations': { body: { items: [], nextCursor: null } } });
    await api.listConversations('resolved', 'abc');
    expect(calls[0]?.query.get('status')).toBe('resolved');
    expect(calls[0]?.query.get('cursor')).toBe('abc');
  });

  it('turns an error body into an ApiError with the server message', async () => {
    installFetch({
      'POST /api/v1/auth/login': { status: 401, body: { error: { code: 'invalid_credentials', message: 'Wrong e-mail or password' } } },
    });
    const err = await api.login('a@b.c', 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_credentials', message: 'Wrong e-mail or password', status: 401 });
  });

  it('reports a 401 outside login as an ended session', async () => {
    const ended = vi.fn();
    setUnauthorizedHandler(ended);
    installFetch({
      'GET /api/v1/sites': { status: 401, body: { error: { code: 'unauthorized', message: 'Sign in' } } },
      'POST /api/v1/auth/login': { status: 401, body: { error: { code: 'invalid_credentials', message: 'No' } } },
    });
    await api.listSites().catch(() => undefined);
    await api.login('a@b.c', 'x').catch(() => undefined);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('reports a failed request as a network error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api.me()).rejects.toMatchObject({ code: 'network', status: 0 });
  });
});
