/**
 * A conversation as plain text, for "Download transcript" in the widget and the console. Text only:
 * message bodies are copied as they are, never interpreted as HTML.
 */
import { formatBytes } from './attachments';
import type { Message } from './models';

export interface TranscriptOptions {
  /** First line, e.g. "Chat with Acme". */
  title: string;
  /** Second line (e.g. "Started 01/12/2026, 19:15"), or omitted. */
  subtitle?: string;
  messages: readonly Message[];
  /** Who wrote it ("You", "Ana"…); null for system messages, which are written without a name. */
  nameOf(message: Message): string | null;
  /** A time in the reader's locale. */
  time(ms: number): string;
}

/** `[time] Name: body`, one message per paragraph; continuation lines of a body are indented. */
export function transcriptText(o: TranscriptOptions): string {
  const lines = [o.title];
  if (o.subtitle) lines.push(o.subtitle);
  lines.push('');
  for (const m of o.messages) {
    const name = o.nameOf(m);
    const body = withAttachment(m).replace(/\r\n?/g, '\n').split('\n').join('\n    ');
    lines.push(`[${o.time(m.createdAt)}] ${name ? `${name}: ` : ''}${body}`);
  }
  return lines.join('\n') + '\n';
}

/** A file sent with the message (attachments) as one line: name, type and size (a name-only body is not repeated). */
function withAttachment(m: Message): string {
  const a = m.attachment;
  if (!a) return m.body;
  const file = `📎 ${a.name} (${a.mime}, ${formatBytes(a.size)})`;
  return m.body === a.name ? file : `${m.body}\n${file}`;
}

/** atendo-transcript-YYYY-MM-DD.txt, with the date in the reader's time zone. */
export function transcriptFileName(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `atendo-transcript-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.txt`;
}
