/** "Download transcript": the conversation the visitor already holds, as a text file. */
import { transcriptFileName, transcriptText, type Locale, type Message } from '@atendo/shared';
import type { SurveyT } from './i18n';

/** File name and plain text of one conversation, with times in the visitor's language. */
export function buildTranscript(messages: readonly Message[], o: { locale: Locale; team: string; t: SurveyT }): { fileName: string; text: string } {
  const fmt = new Intl.DateTimeFormat(o.locale, { dateStyle: 'short', timeStyle: 'short' });
  const time = (ms: number) => fmt.format(ms);
  const started = messages[0]?.createdAt ?? Date.now();
  const text = transcriptText({
    title: o.t('transcriptTitle', { team: o.team }),
    subtitle: o.t('started', { time: time(started) }),
    messages,
    nameOf: (m) => (m.author === 'visitor' ? o.t('you') : m.author === 'agent' || m.author === 'bot' ? m.authorName || o.team : null),
    time,
  });
  return { fileName: transcriptFileName(started), text };
}

/**
 * Hand the text to the browser's downloads: a Blob URL on a temporary link inside `parent` (the
 * widget's shadow tree), revoked once the download has started.
 */
export function downloadText(parent: Element, fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  parent.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
