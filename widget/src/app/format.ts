/** Message times: "14:05" today, "3 Mar, 14:05" before. */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withDate}`;
  let f = cache.get(key);
  if (!f) {
    // "14:05" where the clock has 24 hours, "2:05 PM" (not "02:05 PM") where it has 12.
    const hour = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hour12 ? 'numeric' : '2-digit';
    f = new Intl.DateTimeFormat(locale, withDate ? { day: 'numeric', month: 'short', hour, minute: '2-digit' } : { hour, minute: '2-digit' });
    cache.set(key, f);
  }
  return f;
}

export function formatTime(at: number, locale: string, now = Date.now()): string {
  const d = new Date(at);
  const sameDay = d.toDateString() === new Date(now).toDateString();
  return formatter(locale, !sameDay).format(d);
}
