/**
 * The site owner's JavaScript API (`Atendo('open')`, …), as the app runs it. The loader queues
 * calls made before anything loaded and hands each one to `WidgetHandle.call`.
 */
import type { Identity } from '@atendo/shared';
import { hostIdentity } from './identity';

export type ApiEvent = 'open' | 'close' | 'message' | 'unread';
export const API_EVENTS: readonly ApiEvent[] = ['open', 'close', 'message', 'unread'];

type Listener = (payload?: unknown) => void;

/** `on` / `off` / `emit` for the four public events. A throwing listener never breaks the widget. */
export function createEvents() {
  const map = new Map<ApiEvent, Set<Listener>>();
  return {
    on(event: unknown, fn: unknown): void {
      if (!API_EVENTS.includes(event as ApiEvent) || typeof fn !== 'function') return warn('on', event);
      let set = map.get(event as ApiEvent);
      if (!set) map.set(event as ApiEvent, (set = new Set()));
      set.add(fn as Listener);
    },
    off(event: unknown, fn?: unknown): void {
      const set = map.get(event as ApiEvent);
      if (!set) return;
      if (typeof fn === 'function') set.delete(fn as Listener);
      else set.clear();
    },
    emit(event: ApiEvent, payload?: unknown): void {
      for (const fn of map.get(event) ?? []) {
        try {
          fn(payload);
        } catch (err) {
          console.error('[Atendo] listener for "' + event + '" threw', err);
        }
      }
    },
  };
}

/** A clear message in the console for a call the widget cannot run; never an exception. */
export function warn(command: unknown, detail?: unknown): void {
  console.warn('[Atendo] ignored call', command, detail ?? '');
}

/**
 * `identify({ userId, hash, name?, email? })`: the signed identity (hash = HMAC-SHA256 of userId
 * with the site's secret, computed on the site's backend). It is stored where the connection reads
 * it for its hello (`window.AtendoIdentity`), so both ways of identifying behave the same.
 * `identify(null)` forgets it (the visitor logged out).
 */
export function identify(value: unknown): Identity | undefined {
  const g = globalThis as { AtendoIdentity?: unknown };
  if (value === null) {
    delete g.AtendoIdentity;
    return undefined;
  }
  const identity = hostIdentity(value);
  if (!identity) {
    warn('identify', 'expects { userId, hash, name?, email? }');
    return undefined;
  }
  g.AtendoIdentity = identity;
  return identity;
}

/** `setAttributes({ plan: 'pro' })`: strings (numbers and booleans are turned into strings), ≤ 20 keys. */
export function cleanAttributes(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    warn('setAttributes', 'expects an object');
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (Object.keys(out).length >= 20) break;
    if (k.length > 40 || !['string', 'number', 'boolean'].includes(typeof v)) continue;
    out[k] = String(v).slice(0, 200);
  }
  return out;
}
