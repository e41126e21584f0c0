/**
 * The answer bot (level 1 around the clock). On the first message of a new conversation, when the
 * site's mode says so, it searches the site's published articles in the visitor's language (see
 * relevance.ts for when an article is good enough) and answers with up to three of them, as a
 * message of author `bot` sent through the ordinary send path (stored with its seq, replayed, seen
 * by every socket once, `message.created` for webhooks). Nothing good enough: no message, and the
 * question is logged as a content gap. The visitor then says "That answered it" (the conversation
 * is resolved by the bot) or "Talk to a person" (handed over: assigned as usual, the articles in an
 * internal note); writing anything else while the buttons wait hands over too. An agent writing
 * while they wait is no hand-over: a person took over (`taken_over`; reports measure the first
 * response from the question, and the articles get no verdict). The bot writes once per
 * conversation and never after a person (the store refuses it).
 */
import {
  BOT_LIMITS,
  markdownText,
  pickLocale,
  readWidgetSettings,
  teamStatus,
  type BotCard,
  type BotSettings,
  type Conversation,
  type ContentGapsQuery,
  type ContentGapsResponse,
  type Locale,
  type Message,
} from '@atendo/shared';
import type { Storage } from '../../storage';
import type { Bus } from '../../state';
import type { ArticleRow, SiteRow } from '../../storage/types';
import type { ConversationService } from '../conversations';
import { AppError, notFound } from '../errors';
import { newSortableId } from '../ids';
import { bestPassage } from './passage';
import { relevant } from './relevance';
import { normalizeQuestion, questionStems, stems } from './text';

/** What the bot's message says above its articles, in the visitor's language. */
export const BOT_LEAD: Record<Locale, string> = {
  en: 'These articles may answer your question:',
  'pt-BR': 'Estes artigos podem responder à sua pergunta:',
  ru: 'Возможно, ответ на ваш вопрос есть в этих статьях:',
};

/** The bot's message's client id: one per conversation, so a second attempt is a retry, never a second answer. */
const BOT_CLIENT_ID = 'bot-answer';

/**
 * How stems are made (text.ts: the stemmers, the stopwords, what a word is). Change it with them:
 * every article is stemmed again at the next start.
 */
export const STEMS_VERSION = '1';
const STEMS_SETTING = 'bot.stemsVersion';

/** Candidates read from the store's ranking before the relevance rule picks. */
const CANDIDATES = 20;

/** Gaps: 90 days by default. */
const GAP_RANGE_MS = 90 * 86_400_000;

export interface BotDeps {
  storage: Storage;
  bus: Bus;
  conversations: ConversationService;
  /** Whether any agent is online now (presence; on a cluster, every instance's). */
  anyoneOnline: () => boolean;
  /** The agents auto-assignment may pick now (connected). */
  assignable: () => readonly string[];
  /** An agent was auto-assigned a conversation after it opened (their notification e-mail). */
  assigned?: (conversationId: string, agentId: string) => void;
  /** A site's row changed (its bot mode): every instance's site cache reloads (sites.ts). */
  sitesChanged?: () => Promise<void>;
  /** Errors of work done after a commit (answering, handing over): logged, never thrown at a client. */
  log?: (message: string, err: unknown) => void;
}

/** What a search for the bot found (exported for tests). */
export interface BotFind {
  /** The language searched (the visitor's, or English when theirs has no published article). */
  locale: Locale;
  /** The question's content words (stems); empty: nothing to search for. */
  question: string[];
  articles: { id: string; title: string; excerpt: string }[];
}

/** Whether the bot answers a new conversation of `site` now: `always`, or `offline` while nobody is online or outside the site's hours. */
export function botAnswersNow(site: Pick<SiteRow, 'botMode' | 'widgetSettings'>, anyoneOnline: boolean, now: number): boolean {
  if (site.botMode === 'off') return false;
  return site.botMode === 'always' || !anyoneOnline || !teamStatus(readWidgetSettings(site.widgetSettings).hours, now).open;
}

export class BotService {
  /** Work started by events, awaited by `idle()` (tests, shutdown). */
  private pending = new Set<Promise<void>>();

  constructor(private deps: BotDeps) {
    deps.bus.on((event, remote) => {
      // Only the instance that stored the message acts on it (every instance sees the event).
      if (remote || event.type !== 'message.created') return;
      const { message, conversation } = event;
      // Decided here, synchronously: every other message of the send path costs no promise.
      if (message.author === 'visitor' && message.seq === 1) this.track(this.answer(message, conversation));
      else if (conversation.botState !== 'answered') return;
      // The buttons wait and the visitor writes instead ("a person", or anything): a person takes over.
      else if (message.author === 'visitor') this.track(this.handOver(conversation.id, Date.now()));
      // A person wrote: the bot is done here, no hand-over (nobody asked for one).
      else if (message.author === 'agent') this.track(this.takeOver(conversation.id));
    });
  }

  private get store() {
    return this.deps.storage.bot;
  }

  private track(p: Promise<unknown>): void {
    const done = p.then(
      () => undefined,
      (err: unknown) => (this.deps.log ?? ((m, e) => console.error(m, e)))('answer bot failed', err),
    );
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  /** Resolves when the work started by events so far is done. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all(this.pending);
  }

  /**
   * Index the articles written before the bot (or edited by a version that did not index them), and
   * every article again when the stems are made differently than when they were stored
   * (`STEMS_VERSION`, kept in the team settings).
   */
  async init(): Promise<void> {
    const { accounts, sites, articles } = this.deps.storage;
    if ((await accounts.getSetting(STEMS_SETTING)) !== STEMS_VERSION) {
      for (const site of await sites.list()) for (const row of await articles.list(site.id)) await this.index(row);
      await accounts.putSetting(STEMS_SETTING, STEMS_VERSION);
    }
    for (;;) {
      const rows = await this.store.unstemmed(200);
      for (const row of rows) await this.index(row);
      if (rows.length < 200) return;
    }
  }

  /** Stem an article for the bot's search (after every create and edit). */
  async index(row: ArticleRow): Promise<void> {
    const locale = pickLocale([row.locale]);
    await this.store.setStems({
      articleId: row.id,
      title: stems(row.title, locale).join(' '),
      // The text as a reader sees it: no Markdown syntax, no link addresses.
      body: stems(markdownText(row.body), locale).join(' '),
      updatedAt: row.updatedAt,
    });
  }

  async settings(siteId: string): Promise<BotSettings> {
    const site = await this.deps.storage.sites.get(siteId);
    if (!site) throw notFound('Site');
    return { mode: site.botMode };
  }

  async setSettings(siteId: string, settings: BotSettings): Promise<BotSettings> {
    if (!(await this.store.setMode(siteId, settings.mode))) throw notFound('Site');
    await this.deps.sitesChanged?.();
    return { mode: settings.mode };
  }

  /** The articles the bot would offer for `question` in `locale` (English when that language has no published article). */
  async find(siteId: string, locale: Locale, question: string): Promise<BotFind> {
    const locales = await this.deps.storage.articles.publishedLocales(siteId);
    const lang: Locale = locales.includes(locale) || locale === 'en' ? locale : 'en';
    const q = questionStems(question, lang);
    if (q.length === 0 || !locales.includes(lang)) return { locale: lang, question: q, articles: [] };
    const found = relevant(q, await this.store.match(siteId, lang, q, CANDIDATES));
    return {
      locale: lang,
      question: q,
      articles: found.map(({ match, matched }) => ({ id: match.id, title: match.title, excerpt: bestPassage(match.body, matched, lang) })),
    };
  }

  /**
   * The first message of a new conversation: answer it, or log it as a content gap. Not answered, it
   * is assigned now as its opening would have (it opened unassigned while the bot was to answer).
   * A site whose bot is off deferred nothing: its conversations cost no more than before the bot.
   */
  private async answer(message: Message, conversation: Conversation): Promise<void> {
    const site = await this.deps.storage.sites.get(conversation.siteId);
    if (!site || site.botMode === 'off') return;
    let answered = false;
    try {
      answered = botAnswersNow(site, this.deps.anyoneOnline(), Date.now()) && (await this.tryAnswer(message, conversation));
    } finally {
      // Whatever happened (nothing to offer, refused, a failure): unless the bot now holds it, a
      // person's, as its opening would have made it.
      if (!answered && !conversation.assigneeId) await this.assign(conversation.id);
    }
  }

  /** Auto-assign an open conversation nobody has, unless the bot's buttons wait in it. */
  private async assign(conversationId: string): Promise<void> {
    const now = await this.deps.conversations.get(conversationId);
    if (now.status !== 'open' || now.assigneeId || now.botState === 'answered') return;
    const assigneeId = await this.store.assign(conversationId, Date.now(), this.deps.assignable());
    if (!assigneeId) return;
    this.deps.bus.emit({ type: 'conversation.updated', conversation: await this.deps.conversations.get(conversationId), previous: { assigneeId: null } });
    this.deps.assigned?.(conversationId, assigneeId);
  }

  /** True when the bot's answer stands in the conversation; false when it has nothing to say or was refused. */
  private async tryAnswer(message: Message, conversation: Conversation): Promise<boolean> {
    // A file without a caption asks nothing (its body is its name).
    if (message.attachment && message.body === message.attachment.name) return false;
    // The visitor already wrote again in the same batch (an outbox flushed after a reconnect): they
    // kept typing, so a person answers; no bot message, no gap. (Written again while the bot
    // searches: the store refuses its message, checkBotMayWrite.)
    if (conversation.lastSeq > message.seq) return false;
    const visitor = await this.deps.storage.visitors.get(conversation.visitorId);
    const locale = pickLocale([visitor?.locale]);
    const found = await this.find(conversation.siteId, locale, message.body);
    if (found.question.length === 0) return false; // "Hi!": nothing to answer, no gap either.
    if (found.articles.length === 0) {
      const question = message.body.trim().slice(0, BOT_LIMITS.questionLength);
      await this.store.addGap(
        {
          id: newSortableId(),
          siteId: conversation.siteId,
          locale,
          question,
          norm: normalizeQuestion(question, BOT_LIMITS.questionLength),
          conversationId: conversation.id,
          createdAt: Date.now(),
        },
        BOT_LIMITS.gapsPerSite,
      );
      return false;
    }
    const card: BotCard = { articles: found.articles };
    let sent;
    try {
      sent = await this.deps.conversations.send(
        { kind: 'bot' },
        { conversationId: conversation.id, clientId: BOT_CLIENT_ID, body: BOT_LEAD[locale], meta: JSON.stringify(card) },
      );
    } catch (err) {
      // A person wrote first, or the visitor wrote again (or the bot already answered): the bot stays silent.
      if (err instanceof AppError && err.code === 'conflict') return false;
      throw err;
    }
    if (!sent.created) return true;
    await this.store.count(
      found.articles.map((a) => a.id),
      'offered',
    );
    // The visitor's tabs learn the buttons wait (`conversation.status` with botState `answered`).
    this.deps.bus.emit({ type: 'conversation.updated', conversation: sent.conversation });
    return true;
  }

  /** The articles the bot offered in a conversation (from its message). */
  private async offered(conversationId: string): Promise<{ id: string; title: string }[]> {
    const messages = await this.deps.conversations.messages(conversationId, 0, 50);
    return messages.find((m) => m.author === 'bot')?.bot?.articles ?? [];
  }

  /**
   * The visitor's answer to the bot's buttons, for their own conversation only. Idempotent: once the
   * bot's answer is settled (either way), another reply changes nothing. The conversation as it is
   * now when nothing changed (the caller tells the asking tab), null when this reply settled it
   * (every tab hears of it from the event).
   */
  async reply(visitorId: string, conversationId: string, answer: 'answered' | 'person'): Promise<Conversation | null> {
    await this.deps.conversations.assertVisitorOwns(conversationId, visitorId);
    if (answer === 'person') return (await this.handOver(conversationId, Date.now())) ? null : this.deps.conversations.get(conversationId);
    if (!(await this.store.resolve(conversationId))) return this.deps.conversations.get(conversationId);
    // Resolved by the bot: the survey asks as after any resolution; agents and webhooks see it.
    await this.deps.conversations.setStatus(conversationId, 'resolved');
    await this.store.count(
      (await this.offered(conversationId)).map((a) => a.id),
      'helped',
    );
    return null;
  }

  /** A person wrote while the buttons waited: the bot steps aside (`taken_over`), and every tab hears of it. */
  private async takeOver(conversationId: string): Promise<void> {
    if (!(await this.store.takeOver(conversationId))) return;
    this.deps.bus.emit({ type: 'conversation.updated', conversation: await this.deps.conversations.get(conversationId) });
  }

  /**
   * The visitor asked for a person (a button, or writing instead): the state (and `handed_over_at =
   * at`), auto-assignment when nobody is assigned, the offered articles counted as not helping and
   * attached as an internal note for the agent.
   */
  private async handOver(conversationId: string, at: number): Promise<boolean> {
    const { changed, assigneeId } = await this.store.handOver(conversationId, at, this.deps.assignable());
    if (!changed) return false;
    const conversation = await this.deps.conversations.get(conversationId);
    this.deps.bus.emit({ type: 'conversation.updated', conversation, previous: assigneeId ? { assigneeId: null } : undefined });
    if (assigneeId) this.deps.assigned?.(conversationId, assigneeId);
    const articles = await this.offered(conversationId);
    await this.store.count(
      articles.map((a) => a.id),
      'notHelped',
    );
    if (articles.length === 0) return true;
    const body = `The answer bot offered these articles before the visitor asked for a person:\n${articles.map((a) => `- ${a.title}`).join('\n')}`;
    const note = { id: newSortableId(), conversationId, agentId: null, body, createdAt: Date.now() };
    await this.deps.storage.notes.add(note);
    this.deps.bus.emit({ type: 'note.created', note: { ...note, authorName: null } });
    return true;
  }

  /** A site's content gaps in a range, most asked first (at most `BOT_LIMITS.gapGroups`). */
  async gaps(siteId: string, q: ContentGapsQuery): Promise<ContentGapsResponse> {
    if (!(await this.deps.storage.sites.get(siteId))) throw notFound('Site');
    const to = q.to ?? Date.now() + 1;
    const from = q.from ?? to - GAP_RANGE_MS;
    const groups = await this.store.gaps(siteId, { from, to, locale: q.locale, limit: BOT_LIMITS.gapGroups });
    return { items: groups.map((g) => ({ ...g, locale: pickLocale([g.locale]) })) };
  }

  /** Dismiss a group of gaps (an article was written, or it is no question for articles). */
  async dismissGaps(siteId: string, norm: string): Promise<number> {
    if (!(await this.deps.storage.sites.get(siteId))) throw notFound('Site');
    return this.store.dismissGaps(siteId, norm);
  }
}
