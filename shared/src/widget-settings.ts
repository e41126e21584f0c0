/**
 * A site's widget features beyond its colours: avatar, pre-chat form, business hours,
 * end-of-conversation survey and proactive triggers. Stored as one JSON column (`sites.widget_settings`),
 * edited by admins (PUT /api/v1/sites/:id/widget-settings) and sent to the widget in its config.
 */
import * as v from 'valibot';

/** How a pre-chat field is asked: not at all, optional, or required. */
export const PrechatFieldSchema = v.picklist(['off', 'optional', 'required']);
export type PrechatField = v.InferOutput<typeof PrechatFieldSchema>;

const hhmm = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Times look like 09:00'));

/** One opening span: `day` 0 = Sunday … 6 = Saturday, `open` < `close`, in the site's time zone. */
export const OpeningSchema = v.pipe(
  v.strictObject({ day: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6)), open: hhmm, close: hhmm }),
  v.check((o) => o.open < o.close, 'Opening time must be before closing time'),
);
export type Opening = v.InferOutput<typeof OpeningSchema>;

/** A proactive message: opens the widget with `message` when every condition set holds; once per visitor. */
export const TriggerSchema = v.strictObject({
  /** Not the wire's `id`: the console makes it up, and it rides in every loader hint and a visitor's fired list, so it is kept short. */
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/)),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Name the trigger'), v.maxLength(60)),
  enabled: v.boolean(),
  message: v.pipe(v.string(), v.trim(), v.minLength(1, 'The message is required'), v.maxLength(500)),
  /** Seconds on the current page before it fires (0 = at once). */
  timeOnPageSec: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3600))),
  /** Substring or `*` wildcard pattern the page URL must match ('' = any page). */
  urlPattern: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(300))),
  /** At least this many visits (page loads on the site) so far, this one included. */
  minVisits: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
});
export type Trigger = v.InferOutput<typeof TriggerSchema>;

/** The query parameters page addresses keep unless a site says otherwise (campaign tags). */
const UTM_PARAMS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

export const WidgetSettingsSchema = v.strictObject({
  /** https URL of the team's avatar image ('' = the team name's initial). */
  avatarUrl: v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(2048),
    v.check((s) => s === '' || /^https:\/\/[^\s"'<>]+$/i.test(s) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//i.test(s), 'Avatar must be an https:// URL'),
  ),
  prechat: v.strictObject({
    enabled: v.boolean(),
    name: PrechatFieldSchema,
    email: PrechatFieldSchema,
    question: PrechatFieldSchema,
  }),
  hours: v.strictObject({
    enabled: v.boolean(),
    /** IANA time zone, e.g. America/Sao_Paulo. */
    timezone: v.pipe(
      v.string(),
      v.maxLength(64),
      v.check((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'Unknown time zone'),
    ),
    openings: v.pipe(v.array(OpeningSchema), v.maxLength(28)),
  }),
  /** Ask for a 1–5 rating (and an optional comment) when an agent resolves. */
  csat: v.boolean(),
  /** Also ask "how likely are you to recommend us" (0–10). */
  nps: v.boolean(),
  triggers: v.pipe(v.array(TriggerSchema), v.maxLength(20)),
  /**
   * Query parameters of page addresses and referrers that are stored and shown to agents; every
   * other parameter, and every `#fragment`, is dropped (reset tokens, OAuth codes). See cleanPageUrl.
   */
  pageQueryParams: v.optional(
    v.pipe(
      v.array(v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9_.[\]-]{1,64}$/, 'A parameter name: letters, digits and _ . - [ ]'))),
      v.maxLength(30, 'At most 30 parameters'),
    ),
    // Settings saved before this field existed (and clients that do not know it) keep utm_* only.
    () => [...UTM_PARAMS],
  ),
});
export type WidgetSettings = v.InferOutput<typeof WidgetSettingsSchema>;

export const DEFAULT_WIDGET_SETTINGS: WidgetSettings = {
  avatarUrl: '',
  prechat: { enabled: false, name: 'optional', email: 'optional', question: 'off' },
  hours: {
    enabled: false,
    timezone: 'UTC',
    openings: [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '18:00' })),
  },
  csat: true,
  nps: false,
  triggers: [],
  pageQueryParams: [...UTM_PARAMS],
};

/** Stored JSON → settings: unknown or broken parts fall back to the defaults, never throw. */
export function readWidgetSettings(json: string | null | undefined): WidgetSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(json || '{}');
  } catch {
    raw = {};
  }
  const obj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_WIDGET_SETTINGS) as (keyof WidgetSettings)[]) {
    const part = v.safeParse(WidgetSettingsSchema.entries[key], obj[key]);
    out[key] = part.success ? part.output : DEFAULT_WIDGET_SETTINGS[key];
  }
  return out as WidgetSettings;
}

/**
 * The part of a `#fragment` that may be kept: a hash router's route (`#/checkout`, `#!/cart?x=1`),
 * else ''. A route is a path: it is cut at a second '#', and a "route" carrying parameters outside
 * its own query (`#/access_token=…`, an OAuth callback in hashbang mode) is no route at all.
 * The widget applies it before sending a page, the server again before storing it.
 */
export function hashRoute(fragment: string): string {
  const hash = fragment.split('#')[1] ?? '';
  return /^!?\//.test(hash) && !/[=&]/.test(hash.split('?')[0]!) ? '#' + hash : '';
}

/** The query string `search` (with or without its `?`) keeping only the parameters named in `keep`. */
function keepParams(search: string, keep: readonly string[]): string {
  const kept = [...new URLSearchParams(search)].filter(([name]) => keep.includes(name));
  return kept.length ? '?' + new URLSearchParams(kept).toString() : '';
}

/**
 * A page address as Atendo keeps it: without its `#fragment` (it can hold OAuth tokens) unless the
 * fragment is a hash router's route (`#/checkout`, `#!/cart`), and with only the query parameters
 * named in `keep` (the site's `pageQueryParams`), in the route's own query too. Anything that is
 * not an http(s) URL becomes ''.
 */
export function cleanPageUrl(url: string, keep: readonly string[]): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return '';
  const route = hashRoute(u.hash);
  u.hash = '';
  u.username = '';
  u.password = '';
  u.search = keepParams(u.search, keep);
  if (!route) return u.toString();
  const q = route.indexOf('?');
  return u.toString() + (q < 0 ? route : route.slice(0, q) + keepParams(route.slice(q + 1), keep));
}
