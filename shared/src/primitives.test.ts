import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { InboxQuerySchema, NoteInputSchema, ReportQuerySchema, SiteFilterQuerySchema, VisitorUploadQuerySchema, WidgetSiteQuerySchema } from './index';

describe('wire primitives', () => {
  it('one site id rule on every input that names a site', () => {
    // Server-made ids (16 base36 characters) and the ids tests use pass everywhere.
    for (const site of ['k3v9q0x1m2n4b5c6', 'site1', 'nope']) {
      expect(v.is(WidgetSiteQuerySchema, { site })).toBe(true);
      expect(v.is(VisitorUploadQuerySchema, { site, name: 'a.png' })).toBe(true);
      expect(v.parse(SiteFilterQuerySchema, { site })).toEqual({ site });
    }
    for (const site of ['', 'a b', 'x'.repeat(65)]) expect(v.is(WidgetSiteQuerySchema, { site })).toBe(false);
  });

  it('an empty ?site= filter means every site, as if absent', () => {
    expect(v.parse(SiteFilterQuerySchema, { site: '' })).toEqual({ site: undefined });
    expect(v.parse(InboxQuerySchema, { site: '' }).site).toBeUndefined();
    expect(v.parse(ReportQuerySchema, { site: '' }).site).toBeUndefined();
    expect(v.is(SiteFilterQuerySchema, { site: 'a/b' })).toBe(false);
  });

  it('typed text is trimmed and named in its errors', () => {
    expect(v.parse(NoteInputSchema, { body: '  hi ' })).toEqual({ body: 'hi' });
    const r = v.safeParse(NoteInputSchema, { body: '  ' });
    expect(r.success ? '' : r.issues[0].message).toBe('Note is empty');
  });
});
