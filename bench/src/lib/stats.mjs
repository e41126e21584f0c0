/** Percentiles over a list of samples (milliseconds). Sorting a copy is fine at bench sizes (≤ a few million). */
export function summarize(samples) {
  const n = samples.length;
  if (!n) return { n: 0, p50: null, p95: null, p99: null, p999: null, max: null };
  const s = Float64Array.from(samples).sort();
  const at = (q) => round(s[Math.min(n - 1, Math.floor(q * n))]);
  return { n, p50: at(0.5), p95: at(0.95), p99: at(0.99), p999: at(0.999), max: round(s[n - 1]) };
}

/** Three significant decimals are plenty for milliseconds. */
export function round(x, digits = 3) {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Deterministic PRNG (mulberry32): the seeded database is the same on every run. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
