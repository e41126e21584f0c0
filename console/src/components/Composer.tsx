import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { JSX } from 'preact';
import { LIMITS } from '@atendo/shared';
import { t } from '../i18n';
import { sendReply } from '../state/chat';
import { drafts, setDraft } from '../state/threads';

const MAX_HEIGHT_PX = 200;

/** The reply box: Enter sends, Shift+Enter starts a new line; the draft survives switching. */
export function Composer({ conversationId }: { conversationId: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const text = drafts.value[conversationId] ?? '';
  const over = text.trim().length - LIMITS.messageLength;
  const canSend = text.trim().length > 0 && over <= 0;
  const hintId = `composer-hint-${conversationId}`;

  useEffect(() => {
    ref.current?.focus();
  }, [conversationId]);

  // Grow with the text up to a limit, then scroll.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  function submit() {
    if (!canSend) return;
    if (sendReply(conversationId, text)) setDraft(conversationId, '');
    ref.current?.focus();
  }

  function onKeyDown(e: JSX.TargetedKeyboardEvent<HTMLTextAreaElement>) {
    // While an IME is composing, Enter confirms the composition, not the message.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={ref}
        rows={1}
        aria-label={t('composer.label')}
        aria-describedby={hintId}
        placeholder={t('composer.placeholder')}
        value={text}
        onInput={(e) => setDraft(conversationId, e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <div class="composer-foot">
        <span id={hintId} class="composer-hint">
          {t('composer.hint')}
        </span>
        {over > 0 && (
          <span class="composer-over" role="alert">
            {t('composer.tooLong', { count: over })}
          </span>
        )}
        <button type="submit" class="btn btn-primary" disabled={!canSend}>
          {t('composer.send')}
        </button>
      </div>
    </form>
  );
}
