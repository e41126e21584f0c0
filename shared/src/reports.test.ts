import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './reports';

describe('CSV', () => {
  it('quotes cells with commas, quotes and line breaks, and doubles quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
    expect(csvCell(-3)).toBe('-3');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(csvCell(s)).toMatch(/^"?'/);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes a header line and one CRLF-ended line per row', () => {
    expect(
      toCsv({
        columns: ['tag', 'conversations'],
        rows: [
          ['vip', 2],
          ['=x', 1],
        ],
      }),
    ).toBe("tag,conversations\r\nvip,2\r\n'=x,1\r\n");
  });
});
