/**
 * The end of conversation card's foothold in the panel: whether a resolved conversation
 * gets the survey, and the lazy load of the card itself (survey, thanks, transcript download, with
 * their strings and styles) from `../survey/`, so the panel-open budget does not carry it.
 */
import type { Locale } from '@atendo/shared';
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Chat, Snapshot } from '../chat';
import type { SurveyCardProps } from '../survey/SurveyCard';

/**
 * The questions to ask about `conversationId`: only the visitor's newest conversation, once it is
 * resolved and not rated yet, and only what the site asks for (settings `csat` / `nps`).
 */
export function surveyQuestions(snap: Snapshot, conversationId: string): { csat: boolean; nps: boolean } | null {
  const settings = snap.config.status === 'ready' ? snap.config.config.settings : undefined;
  if (!settings || (!settings.csat && !settings.nps)) return null;
  const withMessages = snap.chat.conversations.filter((c) => c.messages.length > 0);
  const c = withMessages[withMessages.length - 1];
  if (!c || c.id !== conversationId || c.status !== 'resolved' || c.rated) return null;
  return { csat: settings.csat, nps: settings.nps };
}

let chunk: Promise<ComponentType<SurveyCardProps>> | undefined;
/** Import the survey chunk once per page; a failed import is retried next time. */
function loadCard(): Promise<ComponentType<SurveyCardProps>> {
  chunk ??= import('../survey/SurveyCard').then(
    (m) => m.SurveyCard,
    (err: unknown) => {
      chunk = undefined;
      throw err;
    },
  );
  return chunk;
}

/** Below a resolved conversation's note: the card, once its chunk has loaded (nothing before). */
export function ResolvedCard({
  chat,
  snap,
  conversationId,
  locale,
  team,
}: {
  chat: Chat;
  snap: Snapshot;
  conversationId: string;
  locale: Locale;
  team: string;
}) {
  const [Card, setCard] = useState<{ C: ComponentType<SurveyCardProps> } | null>(null);
  useEffect(() => {
    let live = true;
    loadCard().then(
      (C) => live && setCard({ C }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const c = snap.chat.conversations.find((x) => x.id === conversationId);
  if (!Card || !c) return null;
  // "Thanks" stays under the newest conversation only; older ones keep just the transcript button.
  const withMessages = snap.chat.conversations.filter((x) => x.messages.length > 0);
  const newest = withMessages[withMessages.length - 1]?.id === conversationId;
  return (
    <Card.C
      conversationId={conversationId}
      locale={locale}
      team={team}
      messages={c.messages}
      ask={surveyQuestions(snap, conversationId)}
      rated={Boolean(c.rated) && newest}
      state={snap.rating?.[conversationId]}
      onRate={(answer) => chat.rate(conversationId, answer)}
    />
  );
}
