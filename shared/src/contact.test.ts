import { describe, expect, it } from 'vitest';
import { isEmail, parseVisitorFrame } from './index';

const parse = (frame: unknown) => parseVisitorFrame(JSON.stringify(frame));

describe('isEmail', () => {
  it('accepts ordinary addresses and refuses things that are not', () => {
    for (const ok of ['ana@example.com', 'a.b+tag@mail.example.com.br', 'ivan@пример.рф']) expect(isEmail(ok)).toBe(true);
    for (const bad of ['', 'ana', 'ana@', '@example.com', 'ana@example', 'ana @example.com', 'ana@example.c', '<a>@x.com']) expect(isEmail(bad)).toBe(false);
  });
});

describe('contact frame', () => {
  it('trims name and e-mail', () => {
    expect(parse({ type: 'contact', name: '  Ana  ', email: ' ana@example.com ' })).toEqual({
      ok: true,
      frame: { type: 'contact', name: 'Ana', email: 'ana@example.com' },
    });
  });

  it('refuses a malformed e-mail, an over-long name, an empty frame and unknown fields with a clear message', () => {
    const bad = parse({ type: 'contact', email: 'not-an-email' });
    expect(bad).toMatchObject({ ok: false, code: 'bad_request' });
    expect(!bad.ok && bad.message).toMatch(/E-mail address is not valid/);
    expect(parse({ type: 'contact', name: 'x'.repeat(121) })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(parse({ type: 'contact', name: 'Ana', verified: true })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(parse({ type: 'contact', name: 42 })).toMatchObject({ ok: false, code: 'bad_request' });
  });
});
