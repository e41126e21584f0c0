/**
 * The help articles' foothold in the panel. Everything else (search, article view,
 * votes, their strings and styles) is in `../help/`, loaded with `import()` the first time help
 * shows, so the panel-open budget does not carry it.
 */
import { translator, type Locale, type Table } from '@atendo/shared';
import type { ComponentType, RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Snapshot } from '../chat';
import type { HelpPanelProps } from '../help/HelpPanel';

const strings: Table<'help' | 'loading' | 'failed' | 'chat'> = {
  en: { help: 'Help articles', loading: 'Loading help articles…', failed: 'Help articles could not be loaded.', chat: 'Chat with us' },
  'pt-BR': {
    help: 'Artigos de ajuda',
    loading: 'Carregando artigos de ajuda…',
    failed: 'Não foi possível carregar os artigos de ajuda.',
    chat: 'Fale conosco',
  },
  ru: { help: 'Справочные статьи', loading: 'Загружаем справочные статьи…', failed: 'Не удалось загрузить справочные статьи.', chat: 'Написать нам' },
};

/** The site has published articles the visitor can read (their language, or English, which the server falls back to). */
export function hasArticles(snap: Snapshot, locale: Locale): boolean {
  const langs = snap.config.status === 'ready' ? snap.config.config.articles : undefined;
  return Boolean(langs && (langs.includes(locale) || langs.includes('en')));
}

/**
 * Whether help shows instead of the chat. Until the visitor picks (`mode`), help shows when the
 * site has articles and the visitor has nothing going on yet: no conversation, nothing sent, no
 * saved session resuming (until its welcome lists the conversations) and no proactive message.
 */
export function useHelp(snap: Snapshot, locale: Locale, composer: RefObject<HTMLTextAreaElement>, resuming: boolean) {
  const [mode, setMode] = useState<'auto' | 'help' | 'chat'>('auto');
  /** An article the bot offered, opened from the chat: the help view shows it, and its Back returns to the chat. */
  const [article, setArticle] = useState<string | undefined>(undefined);
  // "Chat with us": the composer takes the focus once it is back.
  useEffect(() => {
    if (mode === 'chat' && snap.open) composer.current?.focus();
  }, [mode]);
  const available = hasArticles(snap, locale);
  const fresh = !resuming && snap.chat.conversations.length === 0 && snap.chat.pending.length === 0 && !snap.proactive;
  const showing = (available && (mode === 'help' || (mode === 'auto' && fresh))) || (mode === 'help' && article !== undefined);
  return {
    available,
    showing,
    article: mode === 'help' ? article : undefined,
    open: () => (setArticle(undefined), setMode('help')),
    read: (id: string) => (setArticle(id), setMode('help')),
    close: () => setMode('chat'),
  };
}

/** The small header button that brings help back once the visitor is chatting. */
export function HelpButton({ locale, onClick }: { locale: Locale; onClick(): void }) {
  const label = translator(strings, locale)('help');
  return (
    <button type="button" class="close help-open" aria-label={label} title={label} onClick={onClick}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path
          d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 18a8 8 0 1 1 0-16 8 8 0 0 1 0 16zm-1-5h2v2h-2zm1-10a4 4 0 0 0-4 4h2a2 2 0 1 1 3.2 1.6c-.9.7-2.2 1.5-2.2 3.4h2c0-1 .6-1.5 1.4-2.1A4 4 0 0 0 12 5z"
          fill="currentColor"
        />
      </svg>
    </button>
  );
}

let chunk: Promise<ComponentType<HelpPanelProps>> | undefined;
/** Import the help chunk once per page; a failed import is retried next time. */
function loadPanel(): Promise<ComponentType<HelpPanelProps>> {
  chunk ??= import('../help/HelpPanel').then(
    (m) => m.HelpPanel,
    (err: unknown) => {
      chunk = undefined;
      throw err;
    },
  );
  return chunk;
}

/** The help view, once its chunk has loaded. */
export function LazyHelp(props: HelpPanelProps) {
  const [Panel, setPanel] = useState<{ C: ComponentType<HelpPanelProps> } | 'failed' | null>(null);
  useEffect(() => {
    let live = true;
    loadPanel().then(
      (C) => live && setPanel({ C }),
      () => live && setPanel('failed'),
    );
    return () => {
      live = false;
    };
  }, []);
  const t = translator(strings, props.locale);
  if (Panel && Panel !== 'failed') return <Panel.C {...props} />;
  return (
    <div class="scroller help-wait" role="status">
      <p class="empty">{t(Panel === 'failed' ? 'failed' : 'loading')}</p>
      {Panel === 'failed' && (
        <button type="button" class="help-chat" onClick={props.onChat}>
          {t('chat')}
        </button>
      )}
    </div>
  );
}
