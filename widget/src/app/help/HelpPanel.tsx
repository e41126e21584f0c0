/**
 * Help articles in the widget (lazy chunk): a search box over the site's published articles, the
 * results, an article with "Did this help?", and "Chat with us" to hand over to the composer.
 * Article text is Markdown rendered by `renderMarkdown` into vnodes: never HTML.
 */
import { renderMarkdown, type ArticleSummary, type H, type Locale, type PublicArticle } from '@atendo/shared';
import { h, type VNode } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { helpApi, type HelpApi } from './api';
import css from './help.css?inline';
import { helpT } from './i18n';
import { adoptOnce } from '../sheet';

export interface HelpPanelProps {
  origin: string;
  siteId: string;
  locale: Locale;
  /** The panel is open: the search box takes the focus. */
  open: boolean;
  /** "Chat with us": show the composer. */
  onChat(): void;
  /** Open on this article (one the answer bot offered in the chat); its Back then returns to the chat. */
  article?: string | undefined;
  /** Tests pass a fake. */
  api?: HelpApi;
}

const SEARCH_DELAY_MS = 250;
const vnode = h as unknown as H<VNode>;

/** Answers given on this page, per article: the buttons do not come back on a second visit. */
const voted = new Map<string, boolean>();

type Results = { status: 'loading' | 'error'; items: ArticleSummary[]; q: string } | { status: 'ready'; items: ArticleSummary[]; q: string };
type Reading = { id: string; status: 'loading' | 'error' } | { id: string; status: 'ready'; article: PublicArticle };

/** The help view: search and results, or one article. */
export function HelpPanel({ origin, siteId, locale, open, onChat, article, api: given }: HelpPanelProps) {
  const t = helpT(locale);
  const api = useMemo(() => given ?? helpApi(origin, siteId, locale), [given, origin, siteId, locale]);
  const box = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Results>({ status: 'loading', items: [], q: '' });
  const [reading, setReading] = useState<Reading | null>(article ? { id: article, status: 'loading' } : null);
  const [answer, setAnswer] = useState<boolean | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const seq = useRef(0);

  useLayoutEffect(() => {
    if (box.current) adoptOnce(box.current, css);
  }, []);

  useEffect(() => {
    if (open && !reading) search.current?.focus();
  }, [open, reading]);

  // Search as the visitor types (debounced); a late answer to an older query is dropped.
  useEffect(() => {
    const mine = ++seq.current;
    const query = q.trim();
    setResults((r) => ({ ...r, status: 'loading' }));
    const timer = setTimeout(
      () =>
        api.search(query).then(
          (res) => mine === seq.current && setResults({ status: 'ready', items: res.items, q: query }),
          () => mine === seq.current && setResults({ status: 'error', items: [], q: query }),
        ),
      query ? SEARCH_DELAY_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [api, q, attempt]);

  const read = (id: string) => {
    setReading({ id, status: 'loading' });
    setAnswer(voted.get(id));
    api.read(id).then(
      (article) => setReading((r) => (r?.id === id ? { id, status: 'ready', article } : r)),
      () => setReading((r) => (r?.id === id ? { id, status: 'error' } : r)),
    );
  };

  useEffect(() => {
    if (article) read(article);
  }, [article]);

  useEffect(() => {
    if (reading?.status === 'ready') title.current?.focus();
  }, [reading?.status]);

  const vote = (helpful: boolean) => {
    if (!reading || voted.has(reading.id)) return;
    voted.set(reading.id, helpful);
    setAnswer(helpful);
    // One click, one vote; a failed request is not retried (the visitor already saw "thanks").
    api.vote(reading.id, helpful).catch(() => undefined);
  };

  const body = reading ? (
    <>
      <button type="button" class="help-back" onClick={() => (article && reading.id === article ? onChat() : setReading(null))}>
        <span aria-hidden="true">← </span>
        {t(article && reading.id === article ? 'backChat' : 'back')}
      </button>
      {reading.status === 'ready' ? (
        <article class="help-article" lang={reading.article.locale}>
          <h3 ref={title} tabIndex={-1}>
            {reading.article.title}
          </h3>
          {renderMarkdown(reading.article.body, vnode, { headingOffset: 3 })}
        </article>
      ) : (
        <p class="help-note" role="status">
          {reading.status === 'loading' ? t('loading') : t('error')}
        </p>
      )}
      {reading.status === 'ready' &&
        (answer === undefined ? (
          <div class="help-vote" role="group" aria-label={t('helped')}>
            <span>{t('helped')}</span>
            <button type="button" onClick={() => vote(true)}>
              {t('yes')}
            </button>
            <button type="button" onClick={() => vote(false)}>
              {t('no')}
            </button>
          </div>
        ) : (
          <p class="help-vote" role="status">
            {answer ? t('thanks') : t('sorry')}
          </p>
        ))}
    </>
  ) : (
    <>
      <form role="search" class="help-search" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span class="help-label">{t('search')}</span>
          <input
            ref={search}
            type="search"
            value={q}
            maxLength={100}
            placeholder={t('placeholder')}
            autoComplete="off"
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </label>
      </form>
      {results.status === 'error' ? (
        <p class="help-note" role="alert">
          {t('error')}{' '}
          <button type="button" class="help-link" onClick={() => setAttempt((n) => n + 1)}>
            {t('retry')}
          </button>
        </p>
      ) : (
        <>
          <h3 class="help-heading">{results.q ? t('results') : t('popular')}</h3>
          {results.items.length === 0 ? (
            <p class="help-note" role="status">
              {results.status === 'loading' ? t('searching') : results.q ? t('none', { q: results.q }) : t('noneYet')}
            </p>
          ) : (
            <ul class="help-results" aria-label={t('results')} aria-busy={results.status === 'loading' ? 'true' : undefined}>
              {results.items.map((a) => (
                <li key={a.id}>
                  <button type="button" class="help-result" onClick={() => read(a.id)}>
                    <span class="help-title">{a.title}</span>
                    {a.excerpt && <span class="help-excerpt">{a.excerpt}</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );

  return (
    <>
      <div ref={box} class="scroller help" role="region" aria-label={t('region')}>
        {body}
      </div>
      <div class="help-footer">
        <span>{t('still')}</span>
        <button type="button" class="help-chat" onClick={onChat}>
          {t('chat')}
        </button>
      </div>
    </>
  );
}
