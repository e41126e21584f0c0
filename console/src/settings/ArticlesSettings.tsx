import { useEffect, useRef, useState } from 'preact/hooks';
import { ARTICLE_LIMITS, LOCALES, type Article, type ArticleInput, type Locale } from '@atendo/shared';
import { ContentGaps } from './ContentGaps';
import { errorText } from '../errors';
import { languageName, percent } from '../format';
import { locale, t } from '../i18n';
import { articles, articlesError, articlesState, deleteArticle, helpfulPercent, loadArticles, saveArticle } from '../state/articles';
import { sites } from '../state/sites';
import { Markdown } from '../ui/Markdown';
import { SitePicker } from '../shell/SitePicker';
import { LoadError } from '../ui/LoadError';

/** `draft`: a new article started from a content gap (its question as title, in its language). */
type View = { kind: 'list' } | { kind: 'edit'; article: Article | null; draft?: { title: string; locale: Locale } } | { kind: 'read'; article: Article };

/**
 * Settings → Help articles: the list per site and language with views, helpful % and what the answer
 * bot did with each, the content gaps (questions it had no article for), the editor for admins.
 */
export function ArticlesSettings({ admin }: { admin: boolean }) {
  const list = sites.value;
  const [siteId, setSiteId] = useState<string | null>(null);
  const site = list.find((s) => s.siteId === siteId) ?? list[0];
  const [lang, setLang] = useState<Locale | 'all'>('all');
  const [view, setView] = useState<View>({ kind: 'list' });
  useEffect(() => {
    if (site) void loadArticles(site.siteId);
  }, [site?.siteId]);
  if (!site) return <p role="status">{t('common.loading')}</p>;

  if (view.kind === 'edit')
    return (
      <ArticleEditor
        siteId={site.siteId}
        article={view.article}
        draft={view.draft ?? { title: '', locale: lang === 'all' ? 'en' : lang }}
        onDone={() => setView({ kind: 'list' })}
      />
    );
  if (view.kind === 'read') return <ArticleReader article={view.article} onBack={() => setView({ kind: 'list' })} />;

  const shown = articles.value.filter((a) => lang === 'all' || a.locale === lang);
  const state = articlesState.value;
  return (
    <div class="articles">
      <p class="muted">{t('articles.intro')}</p>
      {!admin && <p class="muted">{t('articles.adminsOnly')}</p>}
      <div class="articles-bar form">
        <SitePicker sites={list} value={site.siteId} label={t('articles.site')} onChange={(id) => (setSiteId(id), setView({ kind: 'list' }))} />
        <label>
          {t('articles.filter')}
          <select value={lang} onChange={(e) => setLang(e.currentTarget.value as Locale | 'all')}>
            <option value="all">{t('articles.allLanguages')}</option>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {languageName(l, locale.value)}
              </option>
            ))}
          </select>
        </label>
        {admin && (
          <button type="button" class="btn btn-primary" onClick={() => setView({ kind: 'edit', article: null })}>
            {t('articles.new')}
          </button>
        )}
      </div>
      {state === 'loading' && articles.value.length === 0 && <p role="status">{t('common.loading')}</p>}
      {state === 'error' && <LoadError message={articlesError.value} onRetry={() => void loadArticles(site.siteId)} />}
      {state === 'ready' && shown.length === 0 && <p class="list-empty">{t(lang === 'all' ? 'articles.empty' : 'articles.emptyFilter')}</p>}
      {shown.length > 0 && (
        // Seven columns do not fit a phone: the table scrolls sideways in its own box, not the page.
        <div class="articles-table-scroll">
          <table class="table articles-table" aria-label={t('articles.list')}>
            <thead>
              <tr>
                <th scope="col">{t('articles.col.title')}</th>
                <th scope="col">{t('articles.language')}</th>
                <th scope="col">{t('articles.col.status')}</th>
                <th scope="col" class="num">
                  {t('articles.col.views')}
                </th>
                <th scope="col" class="num">
                  {t('articles.col.helpful')}
                </th>
                <th scope="col">{t('bot.col.bot')}</th>
                <th scope="col">
                  <span class="sr-only">{t('articles.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <ArticleRow key={a.id} article={a} admin={admin} onOpen={() => setView(admin ? { kind: 'edit', article: a } : { kind: 'read', article: a })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ContentGaps
        siteId={site.siteId}
        lang={lang}
        admin={admin}
        onWrite={(gap) => setView({ kind: 'edit', article: null, draft: { title: gap.question.slice(0, ARTICLE_LIMITS.titleLength), locale: gap.locale } })}
      />
    </div>
  );
}

function helpfulText(a: Article): string {
  const pct = helpfulPercent(a);
  return pct === null ? t('articles.noVotes') : t('articles.helpfulValue', { pct: percent(pct, locale.value), n: a.helpful + a.notHelpful });
}

function ArticleRow({ article: a, admin, onOpen }: { article: Article; admin: boolean; onOpen(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <tr>
      <th scope="row">
        <button type="button" class="link-btn article-title" onClick={onOpen}>
          {a.title}
        </button>
      </th>
      <td>{languageName(a.locale, locale.value)}</td>
      <td>
        <span class={a.published ? 'pill pill-open' : 'pill'}>{t(a.published ? 'articles.published' : 'articles.draft')}</span>
      </td>
      <td class="num">{a.views}</td>
      <td class="num">{helpfulText(a)}</td>
      <td class="bot-stats">{a.bot ? t('bot.stats', { offered: a.bot.offered, helped: a.bot.helped, notHelped: a.bot.notHelped }) : '—'}</td>
      <td>
        <span class="row-actions">
          <button type="button" class="link-btn" onClick={onOpen}>
            {t(admin ? 'common.edit' : 'articles.read')}
          </button>
          {admin && !confirming && (
            <button type="button" class="link-btn danger" onClick={() => setConfirming(true)}>
              {t('common.delete')}
            </button>
          )}
        </span>
        {confirming && <ConfirmDelete title={a.title} onCancel={() => setConfirming(false)} onError={setError} id={a.id} />}
        {error && (
          <span role="alert" class="form-error">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}

/** "Delete “title”?" with Delete / Cancel: nothing is deleted on the first click. */
function ConfirmDelete({
  id,
  title,
  onCancel,
  onError,
  onDeleted,
}: {
  id: string;
  title: string;
  onCancel(): void;
  onError(message: string): void;
  onDeleted?(): void;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  return (
    <div class="confirm" role="alertdialog" aria-label={t('articles.delete')} aria-describedby={`confirm-${id}`}>
      <p id={`confirm-${id}`}>{t('articles.confirmDelete', { title })}</p>
      <div class="form-actions">
        <button
          type="button"
          class="btn btn-small btn-danger"
          ref={confirm}
          onClick={() =>
            void deleteArticle(id).then(
              () => onDeleted?.(),
              (err: unknown) => {
                onCancel();
                onError(errorText(err));
              },
            )
          }
        >
          {t('articles.confirm')}
        </button>
        <button type="button" class="btn btn-small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

function ArticleReader({ article, onBack }: { article: Article; onBack(): void }) {
  return (
    <div class="articles">
      <button type="button" class="link-btn" onClick={onBack}>
        ← {t('articles.back')}
      </button>
      <article class="article-preview card" lang={article.locale}>
        <h3>{article.title}</h3>
        <Markdown source={article.body} />
      </article>
      <p class="muted">{t('articles.stats', { views: article.views, helpful: helpfulText(article) })}</p>
    </div>
  );
}

function ArticleEditor({
  siteId,
  article,
  draft,
  onDone,
}: {
  siteId: string;
  article: Article | null;
  draft: { title: string; locale: Locale };
  onDone(): void;
}) {
  const [form, setForm] = useState<ArticleInput>(() =>
    article
      ? { locale: article.locale, title: article.title, body: article.body, published: article.published }
      : { locale: draft.locale, title: draft.title, body: '', published: true },
  );
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const [current, setCurrent] = useState<Article | null>(article);
  const [confirming, setConfirming] = useState(false);
  const set = (patch: Partial<ArticleInput>) => {
    setForm({ ...form, ...patch });
    if (state.kind !== 'saving') setState({ kind: 'idle' });
  };

  async function save(e: Event) {
    e.preventDefault();
    setState({ kind: 'saving' });
    try {
      setCurrent(await saveArticle(siteId, current?.id ?? null, form));
      setState({ kind: 'saved' });
    } catch (err) {
      setState({ kind: 'error', message: errorText(err) });
    }
  }

  return (
    <div class="articles">
      <button type="button" class="link-btn" onClick={onDone}>
        ← {t('articles.back')}
      </button>
      <h3>{t(current ? 'articles.editTitle' : 'articles.newTitle')}</h3>
      <form class="form article-editor" aria-label={t('articles.editor')} onSubmit={(e) => void save(e)}>
        <div class="article-fields">
          <label>
            {t('articles.title')}
            <input value={form.title} required maxLength={ARTICLE_LIMITS.titleLength} onInput={(e) => set({ title: e.currentTarget.value })} />
          </label>
          <label>
            {t('articles.language')}
            <select value={form.locale} onChange={(e) => set({ locale: e.currentTarget.value as Locale })}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {languageName(l, locale.value)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('articles.body')}
            <textarea
              value={form.body}
              required
              rows={16}
              maxLength={ARTICLE_LIMITS.bodyLength}
              aria-describedby="article-body-hint"
              onInput={(e) => set({ body: e.currentTarget.value })}
            />
            <span id="article-body-hint" class="muted hint">
              {t('articles.bodyHint')}
            </span>
          </label>
          <label class="check">
            <input type="checkbox" checked={form.published} onChange={(e) => set({ published: e.currentTarget.checked })} />
            {t('articles.publish')}
          </label>
        </div>
        <section class="article-preview card" aria-label={t('articles.preview')} lang={form.locale}>
          <p class="preview-label" aria-hidden="true">
            {t('articles.preview')}
          </p>
          {form.title || form.body ? (
            <>
              <h3>{form.title}</h3>
              <Markdown source={form.body} />
            </>
          ) : (
            <p class="muted">{t('articles.previewEmpty')}</p>
          )}
        </section>
        <div class="form-actions article-actions">
          <button type="submit" class="btn btn-primary" disabled={state.kind === 'saving'}>
            {state.kind === 'saving' ? t('common.saving') : t('articles.save')}
          </button>
          <button type="button" class="btn" onClick={onDone}>
            {t('common.cancel')}
          </button>
          {state.kind === 'saved' && <span role="status">{t('articles.saved')}</span>}
          {state.kind === 'error' && (
            <span role="alert" class="form-error">
              {state.message}
            </span>
          )}
          {current && !confirming && (
            <button type="button" class="btn btn-quiet danger push-end" onClick={() => setConfirming(true)}>
              {t('articles.delete')}
            </button>
          )}
        </div>
        {current && confirming && (
          <ConfirmDelete
            id={current.id}
            title={current.title}
            onCancel={() => setConfirming(false)}
            onError={(message) => setState({ kind: 'error', message })}
            onDeleted={onDone}
          />
        )}
      </form>
    </div>
  );
}
