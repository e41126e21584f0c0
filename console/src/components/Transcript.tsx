import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Agent, Conversation } from '@atendo/shared';
import { daysBetween, dayLabel, visitorLabel } from '../format';
import { locale, t } from '../i18n';
import { now } from '../state/clock';
import type { Thread } from '../state/threads';
import { MessageItem, PendingItem } from './MessageItem';

/** How close to the bottom (px) still counts as "reading the newest messages". */
const STICKY_PX = 80;

/** The message log: visitor on the left, agents on the right, a separator for each new day. */
export function Transcript({ conversation: c, thread, agent }: { conversation: Conversation; thread: Thread; agent: Agent }) {
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const count = thread.messages.length + thread.pending.length;
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

  function onScroll() {
    const el = ref.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX;
  }

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
      {thread.messages.map((m) => {
        const newDay = prevAt === null || daysBetween(prevAt, m.createdAt) !== 0;
        prevAt = m.createdAt;
        return (
          <div key={m.seq} class="msg-group">
            {newDay && (
              <h3 class="day-sep">
                <span>{dayLabel(m.createdAt, today, loc)}</span>
              </h3>
            )}
            <MessageItem message={m} visitorName={name} />
          </div>
        );
      })}
      {thread.pending.map((p) => (
        <PendingItem key={p.clientId} pending={p} agentName={agent.name} />
      ))}
    </div>
  );
}
