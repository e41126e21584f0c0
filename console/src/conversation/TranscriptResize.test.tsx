import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/preact';
import { conversation, message } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

/** A ResizeObserver the test can fire by hand (jsdom has none). */
const observers: { cb: ResizeObserverCallback; els: Element[] }[] = [];
class FakeResizeObserver {
  private entry: { cb: ResizeObserverCallback; els: Element[] };
  constructor(cb: ResizeObserverCallback) {
    this.entry = { cb, els: [] };
    observers.push(this.entry);
  }
  observe(el: Element) {
    this.entry.els.push(el);
  }
  unobserve() {}
  disconnect() {
    this.entry.els = [];
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  observers.length = 0;
});

describe('Transcript', () => {
  it('stays on the newest message when the log gets shorter (e.g. the resolved banner appears)', async () => {
    vi.stubGlobal('ResizeObserver', FakeResizeObserver);
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 1 });
    await renderSignedIn(
      {
        'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
        'GET /api/v1/conversations/c1': { body: { conversation: c } },
        'GET /api/v1/conversations/c1/messages': { body: { items: [message({ conversationId: 'c1', seq: 1, body: 'Hello' })] } },
        'POST /api/v1/conversations/c1/read': { body: { conversation: c } },
      },
      '#/conversations/c1',
    );
    const log = await screen.findByRole('log', { name: 'Messages with Maria' });
    await within(log).findByText('Hello');

    // The content is now taller than the box and the agent was at the bottom.
    Object.defineProperty(log, 'scrollHeight', { configurable: true, value: 900 });
    const watching = observers.filter((o) => o.els.includes(log));
    expect(watching).toHaveLength(1);
    watching[0]!.cb([], watching[0] as unknown as ResizeObserver);

    expect(log.scrollTop).toBe(900);
  });
});
