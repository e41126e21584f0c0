/**
 * The end of conversation card, loaded lazily: the CSAT / NPS survey while it is asked,
 * "Thanks for your feedback" once answered, and "Download transcript" for every resolved conversation.
 */
import type { Locale, Message } from '@atendo/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import css from './survey.css?inline';
import { surveyT } from './i18n';
import { buildTranscript, downloadText } from './transcript';
import { adoptOnce } from '../sheet';

export interface SurveyCardProps {
  conversationId: string;
  locale: Locale;
  team: string;
  messages: readonly Message[];
  /** Which questions to ask; null = no survey (answered, disabled, or not the newest conversation). */
  ask: { csat: boolean; nps: boolean } | null;
  rated: boolean;
  /** A rating on its way, or refused. */
  state?: 'sending' | 'error' | undefined;
  onRate(answer: { csat?: number; nps?: number; comment?: string }): void;
}

/** Mouths of the five faces, very unhappy → very happy (drawn, not emoji: emoji fonts vary by system). */
const MOUTHS = ['M7.5 17.5Q12 12.5 16.5 17.5', 'M8 16.5Q12 14 16 16.5', 'M8 15.5H16', 'M8 14.5Q12 17.5 16 14.5', 'M7.5 13.5Q12 19.5 16.5 13.5'];

function Face({ mouth }: { mouth: string }) {
  return (
    <svg viewBox="0 0 24 24" width="30" height="30" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" aria-hidden="true">
      <circle cx="12" cy="12" r="10" />
      <circle cx="8.8" cy="9.5" r="0.6" fill="currentColor" />
      <circle cx="15.2" cy="9.5" r="0.6" fill="currentColor" />
      <path d={mouth} />
    </svg>
  );
}

export function SurveyCard({ conversationId, locale, team, messages, ask, rated, state, onRate }: SurveyCardProps) {
  const t = surveyT(locale);
  const box = useRef<HTMLDivElement>(null);
  const [csat, setCsat] = useState<number | null>(null);
  const [nps, setNps] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const asking = Boolean(ask && !rated && (ask.csat || ask.nps));
  const thanks = useRef<HTMLParagraphElement>(null);
  /** The visitor sent the form from here: when it goes, its focus moves to the thanks line, not to nowhere. */
  const sentHere = useRef(false);
  useEffect(() => {
    if (!rated || !sentHere.current) return;
    sentHere.current = false;
    const root = box.current?.getRootNode() as ShadowRoot | Document | undefined;
    if (!root?.activeElement || root.activeElement === document.body) thanks.current?.focus();
  }, [rated]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    adoptOnce(el, css);
    // The card arrives after the list has scrolled: keep following the bottom if the visitor was there.
    const scroller = el.closest('.scroller');
    if (asking && scroller && scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < el.offsetHeight + 64)
      scroller.scrollTop = scroller.scrollHeight;
  }, []);

  const ready = ask?.csat ? csat !== null : nps !== null;
  const sending = state === 'sending';
  const submit = (e: Event) => {
    e.preventDefault();
    if (!ready || sending) return;
    sentHere.current = true;
    onRate({ ...(csat !== null ? { csat } : {}), ...(nps !== null ? { nps } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) });
  };
  const download = () => {
    const file = buildTranscript(messages, { locale, team, t });
    if (box.current) downloadText(box.current, file.fileName, file.text);
  };

  return (
    <div class="survey-card" ref={box}>
      {asking && ask && (
        <form class="survey" aria-label={t('survey')} onSubmit={submit}>
          {ask.csat && (
            <fieldset class="csat">
              <legend>{t('csatTitle')}</legend>
              <div class="faces">
                {MOUTHS.map((mouth, i) => {
                  const n = i + 1;
                  const label = t(`csat${n}` as 'csat1');
                  return (
                    <label key={n} class={csat === n ? 'face on' : 'face'}>
                      <input
                        type="radio"
                        name={`csat-${conversationId}`}
                        value={n}
                        checked={csat === n}
                        aria-label={t('csatOption', { n, label })}
                        onChange={() => setCsat(n)}
                      />
                      <span class="emoji" aria-hidden="true">
                        <Face mouth={mouth} />
                      </span>
                      <span class="face-label" aria-hidden="true">
                        {label}
                      </span>
                    </label>
                  );
                })}
              </div>
            </fieldset>
          )}
          {ask.nps && (
            <fieldset class="nps" aria-describedby={`nps-hint-${conversationId}`}>
              <legend>{t('npsTitle')}</legend>
              <div class="scale">
                {Array.from({ length: 11 }, (_, n) => (
                  <label key={n} class={nps === n ? 'step on' : 'step'}>
                    <input type="radio" name={`nps-${conversationId}`} value={n} checked={nps === n} onChange={() => setNps(n)} />
                    <span>{n}</span>
                  </label>
                ))}
              </div>
              <div class="ends" aria-hidden="true">
                <span>{t('npsLow')}</span>
                <span>{t('npsHigh')}</span>
              </div>
              <p class="sr" id={`nps-hint-${conversationId}`}>
                {t('npsHint')}
              </p>
            </fieldset>
          )}
          <label class="comment">
            {t('comment')}
            <textarea rows={2} maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </label>
          {state === 'error' && (
            <p class="survey-error" role="alert">
              {t('failed')}
            </p>
          )}
          <button type="submit" class="survey-send" disabled={!ready || sending}>
            {sending ? t('sending') : t('submit')}
          </button>
        </form>
      )}
      {rated && (
        <p class="survey-thanks" role="status" tabIndex={-1} ref={thanks}>
          {t('thanks')}
        </p>
      )}
      {messages.length > 0 && (
        <button type="button" class="transcript-download" onClick={download}>
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
            <path d="M12 3v11m0 0l-4-4m4 4l4-4M5 19h14" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
          {t('download')}
        </button>
      )}
    </div>
  );
}
