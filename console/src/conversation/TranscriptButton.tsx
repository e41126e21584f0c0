import type { Conversation } from '@atendo/shared';
import { locale, t } from '../i18n';
import { emptyThread, threads } from '../state/threads';
import { buildTranscript, downloadText } from '../transcript-file';

/**
 * "Download transcript" (an icon button: the header is crowded): the messages of the open
 * conversation (the thread holds its whole history), without internal notes.
 */
export function TranscriptButton({ conversation: c }: { conversation: Conversation }) {
  const messages = (threads.value[c.id] ?? emptyThread).messages;
  const label = t('transcript.download');
  return (
    <button
      type="button"
      class="icon-btn transcript-btn"
      aria-label={label}
      title={label}
      disabled={messages.length === 0}
      onClick={() => {
        const file = buildTranscript(c, messages, locale.value);
        downloadText(file.fileName, file.text);
      }}
    >
      <svg
        width="18"
        height="18"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
        stroke-linejoin="round"
        aria-hidden="true"
      >
        <path d="M12 3v12m0 0l-4.5-4.5M12 15l4.5-4.5M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
      </svg>
    </button>
  );
}
