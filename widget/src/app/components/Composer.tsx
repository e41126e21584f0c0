import { LIMITS } from '@atendo/shared';
import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { T } from '../i18n';
import { SendIcon } from './icons';

interface Props {
  t: T;
  disabled: boolean;
  inputRef: Ref<HTMLTextAreaElement>;
  /** Returns true when the message was queued (the field is then cleared). */
  onSend(text: string): boolean;
  /** Called on each keystroke (the controller throttles the typing frame). */
  onTyping?(): void;
}

/** Show the remaining-characters hint this close to the limit. */
const WARN_AT = 200;
const MAX_HEIGHT = 120;

function fit(el: HTMLTextAreaElement): void {
  el.style.height = 'auto';
  el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
}

/** The message field: Enter sends, Shift+Enter starts a new line. */
export function Composer({ t, disabled, inputRef, onSend, onTyping }: Props) {
  const [text, setText] = useState('');
  const empty = !text.trim();
  const left = LIMITS.messageLength - text.length;

  const submit = (el: HTMLTextAreaElement | null) => {
    if (empty || disabled || !onSend(text)) return;
    setText('');
    if (el) {
      el.value = '';
      fit(el);
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit((e.currentTarget as HTMLFormElement).querySelector('textarea'));
      }}
    >
      <textarea
        ref={inputRef}
        rows={1}
        aria-label={t('message')}
        placeholder={t('placeholder')}
        maxLength={LIMITS.messageLength}
        disabled={disabled}
        value={text}
        onInput={(e) => {
          const el = e.currentTarget;
          setText(el.value);
          fit(el);
          if (el.value.trim()) onTyping?.();
        }}
        onKeyDown={(e) => {
          // isComposing / 229: Enter that confirms an IME candidate (Japanese, Chinese…) must not send.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
            e.preventDefault();
            submit(e.currentTarget);
          }
        }}
      />
      <button type="submit" class="send" aria-label={t('send')} title={t('send')} disabled={empty || disabled}>
        <SendIcon />
      </button>
      {left <= WARN_AT && (
        <div class="count" aria-live="polite">
          {t('charsLeft', { n: left })}
        </div>
      )}
    </form>
  );
}
