/**
 * The answer bot's words: a text cut into words, stopwords dropped, each word stemmed with the
 * Snowball stemmer of its language (`snowball-stemmers`: English, Portuguese, Russian) and folded
 * like the widget's search (`fold`: lower case, no accents), so "entregas" and "Entrega" are both
 * `entreg`, "доставку" and "доставка" both `доставк`. Articles are indexed with these stems (both
 * stores search the same words) and a question is turned into them before it is searched.
 */
import type { Locale } from '@atendo/shared';
import { createRequire } from 'node:module';
import type { Stemmer } from 'snowball-stemmers';
import { fold } from '../articles';

const ALGORITHM: Record<Locale, string> = { en: 'english', 'pt-BR': 'portuguese', ru: 'russian' };

/**
 * Words that carry no subject, per language (folded): function words, and what people write around
 * a question (greetings, "please", "help", "question"), so "Hi! How do I…" is about what follows.
 */
const STOPWORDS: Record<Locale, string> = {
  en: `a about above after again all am an and any are as at be because been before being below between both but by can could
    did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its
    itself just me more most my no nor not of off on once only or other our ours out over own same she should so some such than that
    the their them then there these they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours i'm im i've can't cant don't dont want wanna need get got please pls thanks thank hi hello
    hey help question ok okay good morning afternoon evening anyone someone something know tell`,
  'pt-BR': `a o as os um uma uns umas de da do das dos em na no nas nos por pela pelo pelas pelos para pra com sem sob sobre e ou
    mas que se como quando onde qual quais quem porque por que eu tu ele ela nos vos eles elas me te lhe nos vos lhes meu minha meus
    minhas seu sua seus suas teu tua nosso nossa isso isto aquilo esse essa este esta aquele aquela ja nao sim muito mais menos ao
    aos a as e foi ser sou esta estou tem tenho ter ha era fazer faco posso pode podem consigo queria quero gostaria preciso
    oi ola bom boa dia tarde noite obrigado obrigada por favor ajuda ajudar duvida pergunta alguem algo saber quanto quanta quantos quantas`,
  ru: `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из
    ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей может
    они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому
    этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об
    другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед
    иногда лучше чуть том нельзя такой им более всегда конечно всю между мой моя мое мои как каков какая здравствуйте привет
    добрый день вечер утро спасибо пожалуйста помогите помочь помощь вопрос подскажите скажите хочу хотел хотела нужно сколько`,
};

const stopwords = Object.fromEntries(
  (Object.keys(STOPWORDS) as Locale[]).map((l) => [
    l,
    new Set(
      fold(STOPWORDS[l])
        .split(/[\s']+/)
        .filter(Boolean),
    ),
  ]),
) as Record<Locale, Set<string>>;

/**
 * The stemmers' module (every Snowball language, about 2 MB in memory) is loaded the first time a
 * word is stemmed: a server whose sites have no articles never pays for it.
 */
let snowballModule: typeof import('snowball-stemmers') | undefined;
const snowball = () => (snowballModule ??= createRequire(import.meta.url)('snowball-stemmers') as typeof import('snowball-stemmers'));

const stemmers = new Map<Locale, Stemmer>();
function stemmerOf(locale: Locale): Stemmer {
  let s = stemmers.get(locale);
  if (!s) stemmers.set(locale, (s = snowball().newStemmer(ALGORITHM[locale])));
  return s;
}

/** The longest word stemmed (longer ones are kept whole: no language has such words, a pasted hash does). */
const MAX_WORD = 40;

/**
 * The stems of `text` in `locale`, in order, repeats kept (an article's term frequencies count in
 * its ranking). Words are runs of letters and digits; a stopword, or a one-letter word, is dropped.
 */
export function stems(text: string, locale: Locale): string[] {
  const out: string[] = [];
  const stop = stopwords[locale];
  const stemmer = stemmerOf(locale);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const folded = fold(word);
    if (folded.length < 2 || stop.has(folded)) continue;
    // Stemmed before folding: the Portuguese stemmer knows its accented letters (Russian's wants ё as е).
    const stem = word.length > MAX_WORD ? folded : fold(stemmer.stem(word.replaceAll('ё', 'е')));
    if (stem.length) out.push(stem);
  }
  return out;
}

/** The distinct stems of a question: its content words, what the threshold counts (see relevance.ts). */
export function questionStems(question: string, locale: Locale, max = 20): string[] {
  return [...new Set(stems(question, locale))].slice(0, max);
}

/**
 * A question as content gaps group it: folded, punctuation and whitespace runs made one space,
 * trimmed, capped ("Gift cards?" and "gift  cards" are one group).
 */
export function normalizeQuestion(question: string, max: number): string {
  return fold(question)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, max);
}
