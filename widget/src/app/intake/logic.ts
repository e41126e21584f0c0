/**
 * Pre-chat form and leave-a-message, as pure functions of the controller's snapshot:
 * what the panel shows before the first message, and whether the team is away.
 */
import type { PrechatField, WidgetConfig } from '@atendo/shared';
import type { Snapshot } from '../chat';

export type IntakeMode = 'chat' | 'prechat' | 'offline';

export interface IntakeFields {
  name: PrechatField;
  email: PrechatField;
  question: PrechatField;
}

/**
 * Business hours as of `now`, from the server's verdict when the config was fetched: it knows when
 * an opening ends (`closesAt`) and the one after (`reopensAt`), so an open panel follows the
 * schedule without asking again. `wakeAt`: when the answer changes next (null: not known).
 */
export function hoursNow(config: WidgetConfig, now: number): { closed: boolean; until: number | null; wakeAt: number | null } {
  const h = config.hours;
  if (!h) return { closed: false, until: null, wakeAt: null };
  if (h.open) {
    if (h.closesAt === undefined || now < h.closesAt) return { closed: false, until: null, wakeAt: h.closesAt ?? null };
    const reopens = h.reopensAt ?? null;
    // Past the reopening too: the verdict is a day old; treat as open (the server decides on send).
    if (reopens !== null && now >= reopens) return { closed: false, until: null, wakeAt: null };
    return { closed: true, until: reopens, wakeAt: reopens };
  }
  if (h.nextOpenAt !== null && now >= h.nextOpenAt) return { closed: false, until: null, wakeAt: null };
  return { closed: true, until: h.nextOpenAt, wakeAt: h.nextOpenAt };
}

/**
 * Away: outside business hours or nobody online. `until` is when the team opens next (null: not known;
 * the answer then comes by e-mail or waits in the chat, see `emailReplies`). Null when the team is there.
 */
export function awayState(snap: Snapshot, now: number): { until: number | null } | null {
  if (snap.config.status !== 'ready') return null;
  const config: WidgetConfig = snap.config.config;
  const hours = hoursNow(config, now);
  const online = snap.available ?? config.available ?? true;
  if (hours.closed) return { until: hours.until };
  return online ? null : { until: null };
}

/**
 * What the panel shows: a form while the visitor has no conversation yet (leave-a-message when the
 * team is away, the pre-chat form when the site asks for one), else the chat. A visitor with a saved
 * session waits for the welcome, which says whether they already have conversations.
 */
export function intakeMode(snap: Snapshot, opts: { now: number; resuming: boolean }): IntakeMode {
  if (snap.config.status !== 'ready' || snap.contactGiven) return 'chat';
  if (snap.chat.conversations.length || snap.chat.pending.length) return 'chat';
  if (opts.resuming && !snap.welcomed) return 'chat';
  if (awayState(snap, opts.now)) return 'offline';
  const prechat = snap.config.config.settings?.prechat;
  if (prechat?.enabled && (prechat.name !== 'off' || prechat.email !== 'off' || prechat.question !== 'off')) return 'prechat';
  return 'chat';
}

/** The fields a form asks for: the site's choice for pre-chat; leaving a message needs an e-mail and the message. */
export function intakeFields(mode: 'prechat' | 'offline', config: WidgetConfig): IntakeFields {
  const p = config.settings?.prechat;
  if (mode === 'prechat') return { name: p?.name ?? 'off', email: p?.email ?? 'off', question: p?.question ?? 'off' };
  const name = p?.enabled && p.name !== 'off' ? p.name : 'optional';
  return { name, email: 'required', question: 'required' };
}
