import { afterEach, describe, expect, it, vi } from 'vitest';
import { beep, createAttention } from './attention';

function fakeDoc(title = 'Lumen Coffee') {
  const listeners: (() => void)[] = [];
  return {
    title,
    visibilityState: 'visible' as DocumentVisibilityState,
    addEventListener: (_: 'visibilitychange', fn: () => void) => void listeners.push(fn),
    show(state: DocumentVisibilityState) {
      this.visibilityState = state;
      for (const l of listeners) l();
    },
  };
}

const label = (n: number) => (n === 1 ? 'New message' : 'New messages');

describe('createAttention', () => {
  it('does nothing while the visitor looks at the tab', () => {
    const doc = fakeDoc();
    const sound = vi.fn();
    createAttention({ doc, label, sound }).notify();
    expect(doc.title).toBe('Lumen Coffee');
    expect(sound).not.toHaveBeenCalled();
  });

  it('chimes and counts in the title while hidden, and restores the exact title when the tab is back', () => {
    const doc = fakeDoc('Lumen Coffee — demo shop');
    const sound = vi.fn();
    const a = createAttention({ doc, label, sound });
    doc.show('hidden');
    a.notify();
    expect(doc.title).toBe('(1) New message – Lumen Coffee — demo shop');
    a.notify();
    expect(doc.title).toBe('(2) New messages – Lumen Coffee — demo shop');
    expect(sound).toHaveBeenCalledTimes(2);
    doc.show('visible');
    expect(doc.title).toBe('Lumen Coffee — demo shop');
    // A later background message counts from one again.
    doc.show('hidden');
    a.notify();
    expect(doc.title).toBe('(1) New message – Lumen Coffee — demo shop');
  });

  it('leaves a title the page itself changed meanwhile', () => {
    const doc = fakeDoc('Cart');
    const a = createAttention({ doc, label, sound: () => {} });
    doc.show('hidden');
    a.notify();
    doc.title = 'Checkout';
    a.notify();
    expect(doc.title).toBe('(2) New messages – Checkout');
    doc.title = 'Paid';
    doc.show('visible');
    expect(doc.title).toBe('Paid');
  });
});

describe('beep', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('stays silent and throws nothing before the visitor interacted, or without Web Audio', () => {
    const AudioContext = vi.fn();
    vi.stubGlobal('AudioContext', AudioContext);
    vi.stubGlobal('navigator', { userActivation: { hasBeenActive: false } });
    expect(() => beep()).not.toThrow();
    expect(AudioContext).not.toHaveBeenCalled();
    vi.stubGlobal('navigator', { userActivation: { hasBeenActive: true } });
    vi.stubGlobal('AudioContext', function Broken() {
      throw new Error('NotAllowedError');
    });
    expect(() => beep()).not.toThrow();
  });
});
