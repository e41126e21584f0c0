import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('ATENDO_WRITER', () => {
  it('is the writer thread unless told otherwise', () => {
    expect(loadConfig({}).writer).toBe('thread');
    expect(loadConfig({ ATENDO_WRITER: 'thread' }).writer).toBe('thread');
    expect(loadConfig({ ATENDO_WRITER: 'inline' }).writer).toBe('inline');
  });

  it('refuses anything else with a message that names the setting', () => {
    expect(() => loadConfig({ ATENDO_WRITER: 'threads' })).toThrow('ATENDO_WRITER must be "thread" or "inline", got "threads"');
  });
});
