import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { LIMITS, type CannedReply } from '@atendo/shared';
import { t } from '../i18n';
import { cannedReplies, insertCanned, matchCanned, slashQuery } from '../state/canned';
import { sendReply } from '../state/chat';
import { addNote } from '../state/notes';
import { AttachButton, UploadTray } from './Attachments';
import { drafts, setDraft } from '../state/threads';
import { typingNow, typingStopped } from '../state/typing';

const MAX_HEIGHT_PX = 200;

/** Ask the composer of the open conversation to take the focus (keyboard shortcut). */
export function focusComposer(): void {
  document.querySelector<HTMLTextAreaElement>('.composer textarea')?.focus();
}

/**
 * The reply box: Enter sends, Shift+Enter starts a new line; the draft survives switching.
 * "Note" mode writes an internal note instead (agents only, yellow). `/` opens canned replies.
 */
export function Composer({ conversationId }: { conversationId: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [slash, setSlash] = useState<{ query: string; start: number } | null>(null);
  const [active, setActive] = useState(0);
  const text = drafts.value[conversationId] ?? '';
  const over = text.trim().length - LIMITS.messageLength;
  const canSend = text.trim().length > 0 && over <= 0;
  const hintId = `composer-hint-${conversationId}`;
  const matches = slash ? matchCanned(cannedReplies.value, slash.query) : [];
  const note = mode === 'note';

  useEffect(() => {
    ref.current?.focus();
    return () => typingStopped(conversationId);
  }, [conversationId]);

  // Grow with the text up to a limit, then scroll.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  async function submit() {
    if (!canSend) return;
    if (note) {
      const body = text;
      setDraft(conversationId, '');
      if (!(await addNote(conversationId, body))) setDraft(conversationId, body);
    } else if (sendReply(conversationId, text)) {
      setDraft(conversationId, '');
      typingStopped(conversationId);
    }
    ref.current?.focus();
  }

  function pick(r: CannedReply) {
    const el = ref.current;
    if (!el || !slash) return;
    const next = insertCanned(text, slash.start, el.selectionStart ?? text.length, r.body);
    setDraft(conversationId, next.text);
    setSlash(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  }

  function onInput(e: JSX.TargetedEvent<HTMLTextAreaElement>) {
    const el = e.currentTarget;
    setDraft(conversationId, el.value);
    // Notes are internal: typing one is not announced to anyone.
    if (mode === 'reply') {
      if (el.value.trim()) typingNow(conversationId);
      else typingStopped(conversationId);
    }
    const q = slashQuery(el.value, el.selectionStart ?? el.value.length);
    setSlash(q);
    setActive(0);
  }

  function onKeyDown(e: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>) {
    if (slash && matches.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : -1) + matches.length) % matches.length);
        return;
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey) {
        e.preventDefault();
        const r = matches[active] ?? matches[0];
        if (r) pick(r);
        return;
      }
    }
    if (e.key === 'Escape' && slash) {
      e.preventDefault();
      setSlash(null);
      return;
    }
    // Ctrl/Cmd+Shift+N toggles note mode; Ctrl/Cmd+/ opens the canned list.
    if ((e.ctrlKey || e.metaKey) && e.key === '/') {
      e.preventDefault();
      const el = e.currentTarget;
      const caret = el.selectionStart ?? text.length;
      const prefix = caret > 0 && !/\s$/.test(text.slice(0, caret)) ? ' /' : '/';
      const next = text.slice(0, caret) + prefix + text.slice(caret);
      setDraft(conversationId, next);
      setSlash({ query: '', start: caret + prefix.length - 1 });
      requestAnimationFrame(() => el.setSelectionRange(caret + prefix.length, caret + prefix.length));
      return;
    }
    // While an IME is composing, Enter confirms the composition, not the message.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      void submit();
    }
  }

  return (
    <form
      class={`composer${note ? ' composer-note' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div class="composer-modes" role="radiogroup" aria-label={t('composer.mode')}>
        <button type="button" role="radio" aria-checked={!note} class={!note ? 'is-on' : ''} onClick={() => setMode('reply')}>
          {t('composer.modeReply')}
        </button>
        <button type="button" role="radio" aria-checked={note} class={note ? 'is-on' : ''} onClick={() => setMode('note')}>
          {t('composer.modeNote')}
        </button>
      </div>
      {slash && (
        <ul class="canned-menu" role="listbox" aria-label={t('canned.title')}>
          {matches.length === 0 && <li class="canned-empty">{t('canned.none')}</li>}
          {matches.map((r, i) => (
            <li
              key={r.id}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'is-active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(r);
              }}
            >
              <strong>/{r.shortcut}</strong> <span>{r.body}</span>
            </li>
          ))}
        </ul>
      )}
      <UploadTray conversationId={conversationId} />
      <textarea
        ref={ref}
        rows={1}
        aria-label={note ? t('composer.noteLabel') : t('composer.label')}
        aria-describedby={hintId}
        placeholder={note ? t('composer.notePlaceholder') : t('composer.placeholder')}
        value={text}
        onInput={onInput}
        onKeyDown={onKeyDown}
        onBlur={() => setSlash(null)}
      />
      <div class="composer-foot">
        <span id={hintId} class="composer-hint">
          {note ? t('composer.noteHint') : t('composer.hint')}
        </span>
        {over > 0 && (
          <span class="composer-over" role="alert">
            {t('composer.tooLong', { count: over })}
          </span>
        )}
        <AttachButton conversationId={conversationId} disabled={note} />
        <button type="submit" class={`btn ${note ? 'btn-note' : 'btn-primary'}`} disabled={!canSend}>
          {note ? t('composer.addNote') : t('composer.send')}
        </button>
      </div>
    </form>
  );
}
