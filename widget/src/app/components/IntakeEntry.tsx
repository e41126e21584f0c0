/**
 * The pre-chat / leave-a-message forms' foothold in the panel: which one shows, decided by
 * `../intake/logic.ts`, and the lazily loaded chunk (`../intake/IntakeForm`) that draws them, so the
 * panel-open budget does not carry the forms, their strings or styles.
 */
import type { Locale } from '@atendo/shared';
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Chat, ConfigState, Snapshot } from '../chat';
import { hostIdentity } from '../identity';
import { awayState, hoursNow, intakeFields, intakeMode } from '../intake/logic';

type Chunk = typeof import('../intake/IntakeForm');
let chunk: Promise<Chunk> | undefined;
/** Import the forms once per page; a failed import is retried on the next render that needs it. */
function loadChunk(): Promise<Chunk> {
  chunk ??= import('../intake/IntakeForm').catch((err: unknown) => {
    chunk = undefined;
    throw err;
  });
  return chunk;
}

/**
 * Intent short of a click (the app was fetched because the pointer reached the bubble): when a
 * first-time visitor's panel will open on a form (team away, pre-chat form), fetch it now, so the
 * click waits for no extra round trip.
 */
export function prefetchIntake(config: ConfigState, now = Date.now()): void {
  const snap = { config, chat: { conversations: [], pending: [] } } as unknown as Snapshot;
  if (intakeMode(snap, { now, resuming: false }) !== 'chat') loadChunk().catch(() => {});
}

/** The chunk once loaded; 'failed' when it could not be (the panel then stays a plain chat). */
function useChunk(needed: boolean): Chunk | 'failed' | null {
  const [mod, setMod] = useState<{ m: Chunk } | 'failed' | null>(null);
  useEffect(() => {
    if (!needed || mod) return;
    let live = true;
    loadChunk().then(
      (m) => live && setMod({ m }),
      () => live && setMod('failed'),
    );
    return () => {
      live = false;
    };
  }, [needed]);
  return mod === 'failed' ? mod : (mod?.m ?? null);
}

/** Draw again when the team opens or closes (business hours), so the away form or notice comes and goes by itself. */
function useWakeAt(at: number | null | undefined): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    const ms = at ? at - Date.now() : -1;
    if (ms < 0 || ms > 2 ** 31 - 1) return;
    const timer = setTimeout(() => setTick((n) => n + 1), ms + 250);
    return () => clearTimeout(timer);
  }, [at]);
}

/** What the intake forms decide for the panel right now. */
export function useIntake(snap: Snapshot, chat: Chat) {
  const now = Date.now();
  const wanted = intakeMode(snap, { now, resuming: chat.resuming() });
  const away = awayState(snap, now);
  useWakeAt(snap.config.status === 'ready' ? hoursNow(snap.config.config, now).wakeAt : null);
  const loaded = useChunk(wanted !== 'chat' || away !== null);
  // Without its chunk (offline, blocked) a form cannot show: the visitor still gets the chat.
  const mode = loaded === 'failed' ? 'chat' : wanted;
  const mod = loaded === 'failed' ? null : loaded;
  // Away while chatting and no e-mail given on this page: the notice asks for an address.
  const onEmail = snap.contactGiven ? undefined : (email: string) => chat.submitContact({ email });
  return { mode, away, mod, onEmail };
}

/** The form that stands in for the conversation (null in chat mode or while its chunk loads). */
export function IntakeView({
  intake,
  snap,
  chat,
  locale,
}: {
  intake: ReturnType<typeof useIntake>;
  snap: Snapshot;
  chat: Chat;
  locale: Locale;
}): JSX.Element | null {
  const { mode, away, mod } = intake;
  if (mode === 'chat' || snap.config.status !== 'ready') return null;
  if (!mod) return <div class="intake-loading" aria-busy="true" style={{ flex: '1' }} />;
  return (
    <mod.IntakeForm
      key={mode}
      mode={mode}
      fields={intakeFields(mode, snap.config.config)}
      locale={locale}
      awayUntil={away?.until ?? null}
      emailReplies={snap.config.config.emailReplies === true}
      autoFocus={snap.open}
      initial={hostIdentity()}
      lead={snap.proactive?.body}
      onSubmit={(contact, message) => chat.submitContact(contact, message)}
    />
  );
}

/** Above the conversation while the team is away. */
export function AwayBanner({ intake, snap, locale }: { intake: ReturnType<typeof useIntake>; snap: Snapshot; locale: Locale }): JSX.Element | null {
  const { mode, away, mod } = intake;
  if (mode !== 'chat' || !away || !mod || snap.config.status !== 'ready') return null;
  return <mod.AwayNotice locale={locale} until={away.until} emailReplies={snap.config.config.emailReplies === true} onEmail={intake.onEmail} />;
}
