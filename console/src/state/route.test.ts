import { describe, expect, it } from 'vitest';
import { conversationHref, parseHash } from './route';

describe('route', () => {
  it('parses hash routes', () => {
    expect(parseHash('')).toEqual({ page: 'inbox', conversationId: null });
    expect(parseHash('#/')).toEqual({ page: 'inbox', conversationId: null });
    expect(parseHash(conversationHref('c_1-x'))).toEqual({ page: 'inbox', conversationId: 'c_1-x' });
    expect(parseHash('#/settings/install')).toEqual({ page: 'settings', section: 'install' });
    expect(parseHash('#/nonsense')).toEqual({ page: 'inbox', conversationId: null });
  });
});
