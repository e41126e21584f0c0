/** Short-lived messages for failures that have no better place on screen. */
import { signal } from '@preact/signals';

export interface Notice {
  id: number;
  text: string;
}

export const notices = signal<readonly Notice[]>([]);
let nextId = 1;

/** Show a notice; it goes away by itself after a while. */
export function notify(text: string, ttlMs = 8000): void {
  const id = nextId++;
  // The same failure reported twice in a row is one notice.
  if (notices.value.some((n) => n.text === text)) return;
  notices.value = [...notices.value, { id, text }];
  setTimeout(() => dismissNotice(id), ttlMs);
}

export function dismissNotice(id: number): void {
  notices.value = notices.value.filter((n) => n.id !== id);
}

export function resetNotices(): void {
  notices.value = [];
}
