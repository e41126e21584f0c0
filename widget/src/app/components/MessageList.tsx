import { isInlineImage, linkify, type Locale, type Message } from '@atendo/shared';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { formatTime } from '../format';
import type { T } from '../i18n';
import type { TimelineItem } from '../store';
import { AttachmentView } from './AttachmentView';

interface Props {
  items: TimelineItem[];
  t: T;
  locale: Locale;
  /** Team name, shown for agent messages that carry no author name. */
  team: string;
  open: boolean;
  onRetry(clientId: string): void;
  onDiscard?(clientId: string): void;
  /** Read receipts: per conversation, the highest seq an agent has read. */
  agentRead?: Readonly<Record<string, number>>;
  /** What follows a resolved conversation's note: the survey and transcript card. */
  renderResolved?(conversationId: string): ComponentChildren;
  /** A bot message (its articles and buttons, a lazy chunk); `plain` is the bubble from the team it falls back to. */
  renderBot?(message: Message, plain: ComponentChildren): ComponentChildren;
  /** The Atendo server (`https://host`): attachment URLs are relative to it. */
  origin?: string;
}

/** Consecutive messages from one sender less than this apart share one name and one time. */
const GROUP_MS = 5 * 60_000;
const SAFE_HREF = /^(https?:|mailto:)/i;

function sender(item: TimelineItem): string | null {
  if (item.kind === 'pending') return 'visitor';
  if (item.kind === 'resolved') return null;
  const m = item.message;
  return m.author === 'agent' ? `agent:${m.agentId ?? m.authorName ?? ''}` : m.author;
}

function timeOf(item: TimelineItem): number {
  return item.kind === 'message' ? item.message.createdAt : item.kind === 'pending' ? item.pending.createdAt : 0;
}

function sameGroup(a: TimelineItem | undefined, b: TimelineItem | undefined): boolean {
  if (!a || !b) return false;
  const s = sender(a);
  return s !== null && s === sender(b) && Math.abs(timeOf(b) - timeOf(a)) < GROUP_MS;
}

/** Message text as text nodes; only http(s) and mailto URLs become links. */
function Body({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((part, i) =>
        part.kind === 'link' && SAFE_HREF.test(part.href) ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}

function Row({
  item,
  first,
  last,
  t,
  locale,
  team,
  onRetry,
  onDiscard,
  agentRead,
  renderResolved,
  renderBot,
  origin = '',
}: { item: TimelineItem; first: boolean; last: boolean } & Omit<Props, 'items' | 'open'>) {
  if (item.kind === 'resolved') {
    return (
      <>
        <div class="note" role="note">
          {t('resolved')}
        </div>
        {renderResolved?.(item.conversationId)}
      </>
    );
  }
  const m = item.kind === 'message' ? item.message : null;
  const p = item.kind === 'pending' ? item.pending : null;
  const author = m ? m.author : 'visitor';
  const body = m ? m.body : p!.body;
  const file = m ? m.attachment : p!.attachment;
  if (author === 'system') {
    return (
      <div class="row system">
        <p class="bubble" dir="auto">
          <Body text={body} />
        </p>
      </div>
    );
  }
  // A bot message drawn without its chunk (not loaded yet, or failed) reads as from the team.
  const side = author === 'bot' ? 'agent' : author;
  const name = side === 'agent' ? m!.authorName || team : t('you');
  const at = m ? m.createdAt : p!.createdAt;
  const state = p ? (p.failed ? ' failed' : ' pending') : '';
  const row = (
    <div class={`row ${side}${first ? ' first' : ''}${last ? ' last' : ''}${state}`}>
      {side === 'agent' && (
        <span class="avatar" aria-hidden="true">
          {last ? name.trim().charAt(0).toUpperCase() : ''}
        </span>
      )}
      <div class="stack">
        {side === 'agent' && first && (
          <div class="name" aria-hidden="true">
            {name}
          </div>
        )}
        <p class={file ? (isInlineImage(file.mime) && body === file.name ? 'bubble with-file image-only' : 'bubble with-file') : 'bubble'} dir="auto">
          <span class="sr">{name}: </span>
          {file && <AttachmentView a={file} origin={origin} t={t} locale={locale} />}
          {/* The body of a file sent without words is its name: shown once, in the file itself. */}
          {(!file || body !== file.name) && <Body text={body} />}
        </p>
        {p?.failed ? (
          <div class="meta error">
            {t('notSent')} ·{' '}
            <button type="button" class="retry" onClick={() => onRetry(p.clientId)}>
              {t('retry')}
            </button>
            {onDiscard && (
              <>
                {' · '}
                <button type="button" class="retry discard" onClick={() => onDiscard(p.clientId)}>
                  {t('discard')}
                </button>
              </>
            )}
          </div>
        ) : p ? (
          last && (
            <div class="meta sending" aria-hidden="true">
              {t('sending')}
            </div>
          )
        ) : (
          last && (
            <div class="meta">
              <time dateTime={new Date(at).toISOString()}>{formatTime(at, locale)}</time>
              {m && author === 'visitor' && m.seq <= (agentRead?.[m.conversationId] ?? 0) && <span class="seen"> · {t('seen')} ✓✓</span>}
            </div>
          )
        )}
      </div>
    </div>
  );
  return author === 'bot' && renderBot ? <>{renderBot(m!, row)}</> : row;
}

/** The conversation: the visitor's messages right, the team's left, pending ones last. */
export function MessageList({ items, open, ...rest }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const count = useRef(0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const last = items[items.length - 1];
    const sentNow = items.length > count.current && last?.kind === 'pending';
    count.current = items.length;
    // Follow new messages unless the visitor scrolled up to read; always follow their own.
    if (stick.current || sentNow) {
      el.scrollTop = el.scrollHeight;
      stick.current = true;
    }
  }, [items, open]);

  const onScroll = () => {
    const el = scroller.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };

  return (
    <div class="scroller" ref={scroller} onScroll={onScroll}>
      {items.length === 0 && <p class="empty">{rest.t('empty')}</p>}
      {/* Quiet: a separate polite live region announces the team's messages (a11y.ts), not the visitor's own. */}
      <div class="log" role="log" aria-live="off" aria-label={rest.t('log')}>
        {items.map((item, i) => (
          <Row key={item.key} item={item} first={!sameGroup(items[i - 1], item)} last={!sameGroup(item, items[i + 1])} {...rest} />
        ))}
      </div>
    </div>
  );
}
