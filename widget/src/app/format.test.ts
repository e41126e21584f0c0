import { describe, expect, it } from 'vitest';
import { formatTime } from './format';

const morning = new Date(2026, 2, 3, 8, 5).getTime();

describe('formatTime', () => {
  it('writes the hour without a leading zero on a 12-hour clock', () => {
    expect(formatTime(morning, 'en', morning)).toMatch(/^8:05\sAM$/);
  });

  it('keeps two-digit hours on a 24-hour clock', () => {
    expect(formatTime(morning, 'pt-BR', morning)).toBe('08:05');
    expect(formatTime(morning, 'ru', morning)).toBe('08:05');
  });

  it('adds the date for an earlier day', () => {
    expect(formatTime(morning, 'en', morning + 2 * 86_400_000)).toMatch(/^Mar 3, 8:05\sAM$/);
  });
});
