import { describe, expect, it } from 'vitest';
import { FrameLine } from './frame-line';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('FrameLine (one socket’s frames)', () => {
  it('handles frames in order, each to its end, even when one awaits', async () => {
    const log: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const line = new FrameLine((raw) => {
      log.push(`start ${raw}`);
      if (raw === 'hello') return slow.then(() => void log.push('end hello'));
      log.push(`end ${raw}`);
    });
    line.push('hello');
    line.push('send 1');
    line.push(() => void log.push('refused 2'));
    line.push('send 3');
    await tick();
    expect(log).toEqual(['start hello']);
    release();
    await tick();
    expect(log).toEqual(['start hello', 'end hello', 'start send 1', 'end send 1', 'refused 2', 'start send 3', 'end send 3']);
  });

  it('runs whenIdle only after the frame in hand is done, and at once when none is', async () => {
    let release!: () => void;
    const line = new FrameLine(() => new Promise<void>((r) => (release = r)));
    const order: string[] = [];
    line.push('hello');
    line.whenIdle(() => order.push('cleaned up'));
    await tick();
    expect(order).toEqual([]);
    release();
    await tick();
    expect(order).toEqual(['cleaned up']);
    line.whenIdle(() => order.push('again'));
    expect(order).toEqual(['cleaned up', 'again']);
  });

  it('a handler that throws or rejects does not stop the frames after it', async () => {
    const seen: string[] = [];
    const errors = console.error;
    console.error = () => {};
    try {
      const line = new FrameLine((raw) => {
        seen.push(raw);
        if (raw === 'a') throw new Error('boom');
        if (raw === 'b') return Promise.reject(new Error('later boom'));
      });
      for (const raw of ['a', 'b', 'c']) line.push(raw);
      await tick();
      expect(seen).toEqual(['a', 'b', 'c']);
    } finally {
      console.error = errors;
    }
  });
});
