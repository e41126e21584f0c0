/** "Now", refreshed every half minute so relative times ("5 min ago") stay true. */
import { signal } from '@preact/signals';

export const now = signal(Date.now());
let timer: ReturnType<typeof setInterval> | null = null;

export function startClock(): void {
  if (timer) return;
  now.value = Date.now();
  timer = setInterval(() => {
    now.value = Date.now();
  }, 30_000);
}

export function stopClock(): void {
  if (timer) clearInterval(timer);
  timer = null;
}
