import { describe, expect, it } from 'vitest';
import { cleanFileName, mayCarryMacros, sniffType } from './file-types';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'rest');
const ZIP = bytes([0x50, 0x4b, 0x03, 0x04], 'rest');
const OLE = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'rest');

describe('sniffType: the bytes decide, never the name or the declared type', () => {
  it('recognizes the allowed images by their first bytes', () => {
    expect(sniffType(PNG, 'a.png', 'image/png')).toBe('image/png');
    expect(sniffType(bytes([0xff, 0xd8, 0xff, 0xe0]), 'photo.JPG')).toBe('image/jpeg');
    expect(sniffType(bytes('GIF89a....'), 'x.gif')).toBe('image/gif');
    expect(sniffType(bytes('RIFF\x00\x00\x00\x00WEBPVP8 '), 'x.webp')).toBe('image/webp');
    // A real PNG with another name is still served as what it is.
    expect(sniffType(PNG, 'notes.txt', 'text/plain')).toBe('image/png');
  });

  it('refuses HTML (or anything else) that claims to be an image', () => {
    expect(sniffType(bytes('<html><script>alert(1)</script>'), 'cat.png', 'image/png')).toBeNull();
    expect(sniffType(bytes('<svg onload=alert(1)>'), 'x.svg', 'image/svg+xml')).toBeNull();
    expect(sniffType(bytes('hello'), 'x.txt', 'image/png')).toBeNull();
  });

  it('accepts PDF, ZIP and office files only with their signatures and extensions', () => {
    expect(sniffType(bytes('%PDF-1.7\n'), 'a.pdf', 'application/pdf')).toBe('application/pdf');
    expect(sniffType(bytes('not a pdf'), 'a.pdf', 'application/pdf')).toBeNull();
    expect(sniffType(ZIP, 'a.zip')).toBe('application/zip');
    expect(sniffType(ZIP, 'report.docx')).toMatch(/wordprocessingml/);
    expect(sniffType(ZIP, 'sheet.xlsx')).toMatch(/spreadsheetml/);
    expect(sniffType(ZIP, 'app.apk')).toBeNull();
    expect(sniffType(OLE, 'setup.msi')).toBeNull();
  });

  it('refuses office files that can carry macros: legacy OLE and macro-enabled formats', () => {
    for (const name of ['old.doc', 'old.xls', 'old.ppt', 'renamed.docx', 'x.txt']) expect(sniffType(OLE, name), name).toBeNull();
    for (const name of ['m.docm', 'm.xlsm', 'm.pptm', 'm.xlsb']) expect(sniffType(ZIP, name), name).toBeNull();
    expect(mayCarryMacros(OLE, 'anything.bin')).toBe(true);
    expect(mayCarryMacros(ZIP, 'report.XLSM')).toBe(true);
    expect(mayCarryMacros(ZIP, 'report.xlsx')).toBe(false);
  });

  it('accepts UTF-8 text and CSV, and refuses binary or unknown types', () => {
    expect(sniffType(bytes('a,b\n1,2\n'), 'data.csv')).toBe('text/csv');
    expect(sniffType(Buffer.from('Olá, привет'), 'hi.txt')).toBe('text/plain');
    expect(sniffType(bytes([0x4d, 0x5a, 0x90, 0x00]), 'notes.txt')).toBeNull();
    expect(sniffType(bytes('<!doctype html><p>x'), 'page.html', 'text/html')).toBeNull();
    expect(sniffType(bytes('MZ'), 'tool.exe')).toBeNull();
  });
});

describe('cleanFileName', () => {
  it('keeps only a plain name, without directories or control characters', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\ana\\foto.png')).toBe('foto.png');
    expect(cleanFileName('a\u0000b\u202e.png')).toBe('ab.png');
    expect(cleanFileName('...')).toBe('file');
    const long = cleanFileName('x'.repeat(300) + '.pdf');
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});
