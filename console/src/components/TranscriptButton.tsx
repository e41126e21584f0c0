import type { Conversation } from '@atendo/shared';
import { locale, t } from '../i18n';
import { emptyThread, threads } from '../state/threads';
import { buildTranscript, downloadText } from '../transcript-file';

/** "Download transcript": the messages of the open conversation (the thread holds its whole history), no notes. */
export function TranscriptButton({ conversation: c }: { conversation: Conversation }) {
  const messages = (threads.value[c.id] ?? emptyThread).messages;
  return (
    <button
      type="button"
      class="btn"
      disabled={messages.length === 0}
      onClick={() => {
        const file = buildTranscript(c, messages, locale.value);
        downloadText(file.fileName, file.text);
      }}
    >
      {t('transcript.download')}
    </button>
  );
}
