/**
 * When the bot answers: the relevance rule, the same on both stores. The store's full-text ranking
 * (SQLite FTS5 `bm25(articles_fts, 10.0, 1.0)`, PostgreSQL `ts_rank` over weights A/B) finds and
 * orders candidates, but scores of two engines are not comparable, so the decision is made here,
 * on the stems themselves:
 *
 * - the question's content words are its distinct stems (stopwords and greetings dropped);
 * - an article passes when its title or text holds at least half of them (rounded up), and at
 *   least two when the question has two or more ("refund policy" does not pass on "Shipping
 *   policy"; "entregas?" passes on "Entrega em 2 dias");
 * - those that pass are ordered by how many of the words they hold, then by how many are in their
 *   title, then by the store's rank; the first three are offered.
 *
 * Nothing passes: no bot message, and the question is a content gap.
 */
import { BOT_LIMITS } from '@atendo/shared';
import type { StemMatch } from '../../storage/bot';

/** An article that passed, with what the excerpt needs. */
export interface Relevant {
  match: StemMatch;
  /** The question's stems it holds. */
  matched: string[];
}

/** How many of `n` content words an article must hold to be offered. */
export function needed(n: number): number {
  return n <= 1 ? n : Math.max(2, Math.ceil(n / 2));
}

/** The candidates (best rank first) that pass the rule, best first, at most `BOT_LIMITS.articles`. */
export function relevant(question: readonly string[], candidates: readonly StemMatch[], max: number = BOT_LIMITS.articles): Relevant[] {
  if (question.length === 0) return [];
  const need = needed(question.length);
  const passed: (Relevant & { inTitle: number; order: number })[] = [];
  candidates.forEach((match, order) => {
    const title = new Set(match.titleStems.split(' '));
    const body = new Set(match.bodyStems.split(' '));
    const matched = question.filter((s) => title.has(s) || body.has(s));
    if (matched.length >= need) passed.push({ match, matched, inTitle: question.filter((s) => title.has(s)).length, order });
  });
  passed.sort((a, b) => b.matched.length - a.matched.length || b.inTitle - a.inTitle || a.order - b.order);
  return passed.slice(0, max).map(({ match, matched }) => ({ match, matched }));
}
