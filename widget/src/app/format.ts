/** Message times: "14:05" today, "3 Mar, 14:05" before. */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withDate}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, withDate ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
    cache.set(key, f);
  }
  return f;
}

export function formatTime(at: number, locale: string, now = Date.now()): string {
  const d = new Date(at);
  const sameDay = d.toDateString() === new Date(now).toDateString();
  return formatter(locale, !sameDay).format(d);
}
