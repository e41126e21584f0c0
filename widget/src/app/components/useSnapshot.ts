import { useEffect, useState } from 'preact/hooks';
import type { Chat, Snapshot } from '../chat';

/** Re-render whenever the chat controller changes; returns its current snapshot. */
export function useSnapshot(chat: Chat): Snapshot {
  const [, setTick] = useState(0);
  useEffect(() => {
    const rerender = () => setTick((n) => n + 1);
    const unsubscribe = chat.subscribe(rerender);
    // Catch anything that changed between the first render and this subscription.
    rerender();
    return unsubscribe;
  }, [chat]);
  return chat.getSnapshot();
}
