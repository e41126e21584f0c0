import { ATTACHMENT_ACCEPT, LIMITS } from '@atendo/shared';
import type { ComponentType, Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { AttachTrayProps } from '../attach/AttachTray';
import type { T } from '../i18n';
import { AttachIcon, SendIcon } from './icons';

/** What the attach button needs from the panel (attachments); the tray itself is a lazy chunk. */
export type AttachContext = Omit<AttachTrayProps, 'file' | 'onDone'>;

let trayChunk: Promise<ComponentType<AttachTrayProps>> | undefined;
/** Import the attachments chunk once per page; a failed import is retried next time. */
function loadTray(): Promise<ComponentType<AttachTrayProps>> {
  trayChunk ??= import('../attach/AttachTray').then(
    (m) => m.AttachTray,
    (err: unknown) => {
      trayChunk = undefined;
      throw err;
    },
  );
  return trayChunk;
}

interface Props {
  t: T;
  disabled: boolean;
  inputRef: Ref<HTMLTextAreaElement>;
  /** Returns true when the message was queued (the field is then cleared). */
  onSend(text: string): boolean;
  /** Called on each keystroke (the controller throttles the typing frame). */
  onTyping?(): void;
  /** Attachments: shows the paperclip when set. */
  attach?: AttachContext | undefined;
}

/** Show the remaining-characters hint this close to the limit. */
const WARN_AT = 200;
const MAX_HEIGHT = 120;

function fit(el: HTMLTextAreaElement): void {
  el.style.height = 'auto';
  el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT)}px`;
}

/** The message field: Enter sends, Shift+Enter starts a new line. */
export function Composer({ t, disabled, inputRef, onSend, onTyping, attach }: Props) {
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<{ id: number; file: File; Tray: ComponentType<AttachTrayProps> } | null>(null);
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

  /** The file picker: a detached input, so the panel holds no extra (unlabelled, small-font) field. */
  const choose = () => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = ATTACHMENT_ACCEPT;
    input.onchange = () => {
      const file = input.files?.[0];
      if (!file) return;
      loadTray().then(
        (Tray) => setPicked({ id: Date.now(), file, Tray }),
        () => undefined,
      );
    };
    input.click();
  };

  return (
    <>
      {picked && attach && (
        <picked.Tray
          key={picked.id}
          {...attach}
          file={picked.file}
          onDone={() => {
            setPicked(null);
            (inputRef as { current?: HTMLTextAreaElement | null } | null)?.current?.focus();
          }}
        />
      )}
      <form
        class={attach ? 'composer with-attach' : 'composer'}
        onSubmit={(e) => {
          e.preventDefault();
          submit((e.currentTarget as HTMLFormElement).querySelector('textarea'));
        }}
      >
        {attach && (
          <button type="button" class="attach" aria-label={t('attach')} title={t('attach')} disabled={disabled || Boolean(picked)} onClick={choose}>
            <AttachIcon />
          </button>
        )}
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
    </>
  );
}
