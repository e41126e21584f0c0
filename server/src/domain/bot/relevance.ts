/**
 * When the bot answers: the relevance rule, the same on both stores. The store's full-text ranking
 * (SQLite FTS5 `bm25(articles_fts, 10.0, 1.0)`, PostgreSQL `ts_rank` over weights A/B) finds and
 * orders candidates, but scores of two engines are not comparable, so the decision is made here,
 * on the stems themselves:
 *
 * - the question's content words are its distinct stems (stopwords and greetings dropped); those
 *   no candidate article holds ("arrive" in "When do refunds arrive?") say nothing about which
 *   article answers, so only the others count: the question's known words;
 * - an article passes when it holds at least half of the known words (rounded up), and either two
 *   of them or one in its title ("When do refunds arrive?" passes on "Returns and refunds"; "Do you
 *   sell gift cards?" does not pass on a payment article that names cards only in its text), and as
 *   many of them as the article that holds most ("delivery times" offers "Delivery times", not also
 *   "Changing your delivery address");
 * - those that pass are ordered by how many of the words are in their title, then by the store's
 *   rank; the first three are offered.
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

/** How many of `n` known words an article must hold to be offered. */
export function needed(n: number): number {
  return Math.ceil(n / 2);
}

/** The candidates (best rank first) that pass the rule, best first, at most `BOT_LIMITS.articles`. */
export function relevant(question: readonly string[], candidates: readonly StemMatch[], max: number = BOT_LIMITS.articles): Relevant[] {
  const words = candidates.map((match) => ({ match, title: new Set(match.titleStems.split(' ')), body: new Set(match.bodyStems.split(' ')) }));
  const known = [...new Set(question)].filter((s) => words.some((w) => w.title.has(s) || w.body.has(s)));
  if (known.length === 0) return [];
  const scored = words.map(({ match, title, body }, order) => ({
    match,
    order,
    matched: known.filter((s) => title.has(s) || body.has(s)),
    inTitle: known.filter((s) => title.has(s)).length,
  }));
  const eligible = scored.filter((a) => a.matched.length >= needed(known.length) && (a.matched.length >= 2 || a.inTitle >= 1));
  const best = Math.max(0, ...eligible.map((a) => a.matched.length));
  return eligible
    .filter((a) => a.matched.length === best)
    .sort((a, b) => b.inTitle - a.inTitle || a.order - b.order)
    .slice(0, max)
    .map(({ match, matched }) => ({ match, matched }));
}
