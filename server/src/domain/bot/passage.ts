/** The best passage of an article for a question: the sentence holding most of its words, and what follows it. */
import { BOT_LIMITS, markdownText, type Locale } from '@atendo/shared';
import { stems } from './text';

/** At most `size` characters, cut at a word, with an ellipsis where text was cut. */
function cut(text: string, size: number, cutBefore: boolean): string {
  let out = text;
  let cutAfter = false;
  if (out.length > size) {
    const space = out.lastIndexOf(' ', size - 1);
    out = out.slice(0, space > size / 2 ? space : size - 1);
    cutAfter = true;
  }
  return (cutBefore ? '…' : '') + out + (cutAfter ? '…' : '');
}

/**
 * The passage of `markdown` (read as plain text) that best matches `matched` (the question's stems
 * the article holds): from the sentence holding most of them (the first such one) onwards; the
 * start when no sentence of the text holds any (the title matched).
 */
export function bestPassage(markdown: string, matched: readonly string[], locale: Locale, size: number = BOT_LIMITS.excerptLength): string {
  const text = markdownText(markdown).replace(/\s+/g, ' ').trim();
  const wanted = new Set(matched);
  // Sentence starts: the start, and after . ! ? followed by a space.
  const starts = [0];
  for (const m of text.matchAll(/[.!?…]\s+/g)) starts.push(m.index + m[0].length);
  let best = 0;
  let bestScore = 0;
  for (let i = 0; i < starts.length; i++) {
    const sentence = text.slice(starts[i], starts[i + 1] ?? text.length);
    const score = new Set(stems(sentence, locale).filter((s) => wanted.has(s))).size;
    if (score > bestScore) {
      bestScore = score;
      best = starts[i]!;
    }
  }
  return cut(text.slice(best), size, best > 0);
}
