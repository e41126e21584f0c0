import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Agent, Conversation } from '@atendo/shared';
import { daysBetween, dayLabel, visitorLabel } from '../format';
import { locale, t } from '../i18n';
import { now } from '../state/clock';
import type { Thread } from '../state/threads';
import type { Message, Note } from '@atendo/shared';
import { notesByConversation } from '../state/notes';
import { MessageItem, NoteItem, PendingItem } from './MessageItem';

/** Messages (in seq order) and notes (by time) in one list, by time; messages keep their seq order. */
export function interleave(messages: readonly Message[], notes: readonly Note[]): (Message | Note)[] {
  const out: (Message | Note)[] = [];
  let j = 0;
  for (const m of messages) {
    while (j < notes.length && notes[j]!.createdAt < m.createdAt) out.push(notes[j++]!);
    out.push(m);
  }
  while (j < notes.length) out.push(notes[j++]!);
  return out;
}

/** How close to the bottom (px) still counts as "reading the newest messages". */
const STICKY_PX = 80;

/** The message log: visitor on the left, agents on the right, a separator for each new day. */
export function Transcript({ conversation: c, thread, agent }: { conversation: Conversation; thread: Thread; agent: Agent }) {
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const notes = notesByConversation.value[c.id] ?? [];
  const count = thread.messages.length + thread.pending.length + notes.length;
  const lastPending = thread.pending[thread.pending.length - 1]?.clientId;
  const name = visitorLabel(c);
  const loc = locale.value;
  const today = now.value;

  // Follow new messages only when the agent is already at the bottom, or just sent one.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [count]);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && lastPending) {
      stick.current = true;
      el.scrollTop = el.scrollHeight;
    }
  }, [lastPending]);

  // The log also shrinks under it (the "resolved" banner, a taller composer, a smaller window):
  // stay on the newest message then too, so its time and "Seen" line do not slip out of view.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  function onScroll() {
    const el = ref.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX;
  }

  // Read receipt: "Seen" under the newest agent message the visitor has read.
  const readSeq = c.visitorReadSeq ?? 0;
  let seenSeq = 0;
  for (const m of thread.messages) if (m.author === 'agent' && m.seq <= readSeq) seenSeq = m.seq;

  let prevAt: number | null = null;
  return (
    <div ref={ref} class="transcript" role="log" aria-label={t('transcript.label', { name })} tabIndex={0} onScroll={onScroll}>
      {thread.state === 'loading' && thread.messages.length === 0 && <p class="transcript-note">{t('common.loading')}</p>}
      {thread.state === 'error' && (
        <p class="transcript-note" role="alert">
          {thread.error}
        </p>
      )}
      {thread.state === 'ready' && count === 0 && <p class="transcript-note">{t('transcript.empty')}</p>}
      {interleave(thread.messages, notes).map((item) => {
        const at = item.createdAt;
        const newDay = prevAt === null || daysBetween(prevAt, at) !== 0;
        prevAt = at;
        return (
          <div key={'seq' in item ? item.seq : item.id} class="msg-group">
            {newDay && (
              <h3 class="day-sep">
                <span>{dayLabel(at, today, loc)}</span>
              </h3>
            )}
            {'seq' in item ? <MessageItem message={item} visitorName={name} seen={item.seq === seenSeq} /> : <NoteItem note={item} />}
          </div>
        );
      })}
      {thread.pending.map((p) => (
        <PendingItem key={p.clientId} pending={p} agentName={agent.name} />
      ))}
    </div>
  );
}
