/**
 * "Download transcript" in the conversation view: what the visitor saw, as a text file.
 * Internal notes are left out on purpose (they live in their own table and were never the
 * visitor's), so the file can be forwarded to the visitor as it is.
 */
import { transcriptFileName, transcriptText, type Conversation, type Locale, type Message } from '@atendo/shared';
import { visitorLabel } from './format';
import { t } from './i18n';

export function buildTranscript(c: Conversation, messages: readonly Message[], locale: Locale): { fileName: string; text: string } {
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  const time = (ms: number) => fmt.format(ms);
  const name = visitorLabel(c);
  const started = messages[0]?.createdAt ?? c.createdAt;
  const text = transcriptText({
    title: t('transcript.title', { name }),
    subtitle: t('transcript.started', { time: time(started) }),
    messages,
    nameOf: (m) => (m.author === 'visitor' ? name : m.author === 'agent' ? m.authorName || t('message.agent') : m.author === 'bot' ? t('message.bot') : null),
    time,
  });
  return { fileName: transcriptFileName(started), text };
}

/** Hand a text file to the browser's downloads (Blob URL on a temporary link, revoked afterwards). */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
