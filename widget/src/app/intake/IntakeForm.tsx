/**
 * The pre-chat form and the leave-a-message form (one component, two modes), and the away notice
 * shown above a conversation while the team is away. Lazily loaded with its strings and styles.
 */
import { CONTACT_LIMITS, LIMITS, isEmail, type Locale, type PrechatField } from '@atendo/shared';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { IntakeFields } from './logic';
import { awayText, intakeT } from './strings';
import css from './intake.css?inline';
import { adoptOnce } from '../sheet';

export interface IntakeFormProps {
  mode: 'prechat' | 'offline';
  fields: IntakeFields;
  locale: Locale;
  /** When the team is back (offline mode; null: not known, the answer comes by e-mail or waits in the chat). */
  awayUntil: number | null;
  /** The server e-mails replies (ATENDO_SMTP_URL): only then does the form promise an answer by e-mail. */
  emailReplies: boolean;
  /** Visitor's time zone for the "back on" time (default: the browser's). */
  timeZone?: string;
  /** Take the focus when shown (the panel is open). */
  autoFocus?: boolean;
  /** Name and e-mail the host page already knows (`window.AtendoIdentity`), filled in for the visitor. */
  initial?: { name?: string | undefined; email?: string | undefined } | undefined;
  /** A proactive message the team sent (a trigger), kept in view above the form. */
  lead?: string | undefined;
  onSubmit(contact: { name?: string; email?: string }, message: string): void;
}

type Field = 'name' | 'email' | 'question';
type Values = Record<Field, string>;
type Errors = Partial<Record<Field, string>>;

/** Inline errors for what the visitor typed; empty when it can be sent. */
export function validateIntake(mode: 'prechat' | 'offline', fields: IntakeFields, values: Values, locale: Locale): Errors {
  const t = intakeT(locale);
  const errors: Errors = {};
  const name = values.name.trim();
  const email = values.email.trim();
  const question = values.question.trim();
  if (fields.name === 'required' && !name) errors.name = t('nameRequired');
  else if (name.length > CONTACT_LIMITS.name) errors.name = t('tooLong', { n: CONTACT_LIMITS.name });
  if (fields.email === 'required' && !email) errors.email = t('emailRequired');
  else if (email && !isEmail(email)) errors.email = t('emailInvalid');
  if (fields.question === 'required' && !question) errors.question = t(mode === 'offline' ? 'messageRequired' : 'questionRequired');
  else if (question.length > LIMITS.messageLength) errors.question = t('tooLong', { n: LIMITS.messageLength });
  return errors;
}

export function IntakeForm({ mode, fields, locale, awayUntil, emailReplies, timeZone, autoFocus, initial, lead, onSubmit }: IntakeFormProps) {
  const t = intakeT(locale);
  const box = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>({ name: initial?.name ?? '', email: initial?.email ?? '', question: '' });
  const [errors, setErrors] = useState<Errors>({});
  useLayoutEffect(() => {
    if (box.current) adoptOnce(box.current, css);
  }, []);
  // The panel opened (or the form appeared in an open panel): the first field takes the focus.
  useEffect(() => {
    if (autoFocus) box.current?.querySelector<HTMLElement>('input, textarea')?.focus();
  }, [autoFocus]);

  const submit = (e: Event) => {
    e.preventDefault();
    const found = validateIntake(mode, fields, values, locale);
    setErrors(found);
    const first = (['name', 'email', 'question'] as const).find((f) => found[f]);
    if (first) {
      box.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    onSubmit(
      {
        ...(fields.name !== 'off' && values.name.trim() ? { name: values.name.trim() } : {}),
        ...(fields.email !== 'off' && values.email.trim() ? { email: values.email.trim() } : {}),
      },
      fields.question !== 'off' ? values.question.trim() : '',
    );
  };

  const titleId = `atendo-intake-${mode}`;
  const input = (field: Field, kind: PrechatField, label: string, attrs: Record<string, string>) => {
    if (kind === 'off') return null;
    const id = `atendo-intake-${field}`;
    const err = errors[field];
    const props = {
      id,
      name: field,
      value: values[field],
      'aria-required': kind === 'required' ? ('true' as const) : undefined,
      'aria-invalid': err ? ('true' as const) : undefined,
      'aria-describedby': err ? `${id}-error` : undefined,
      onInput: (e: Event) => {
        setValues({ ...values, [field]: (e.currentTarget as HTMLInputElement).value });
        if (errors[field]) setErrors({ ...errors, [field]: undefined });
      },
    };
    return (
      <div class={err ? 'intake-field invalid' : 'intake-field'}>
        <label for={id}>
          {label}
          {kind === 'optional' && <span class="intake-optional"> {t('optional')}</span>}
        </label>
        {field === 'question' ? <textarea {...props} rows={3} maxLength={LIMITS.messageLength} /> : <input {...props} {...attrs} />}
        {err && (
          <p id={`${id}-error`} class="intake-error">
            {err}
          </p>
        )}
      </div>
    );
  };

  return (
    <form ref={box} class="intake" aria-labelledby={titleId} noValidate onSubmit={submit}>
      {lead && <p class="intake-lead">{lead}</p>}
      <h3 id={titleId} class="intake-title">
        {t(mode === 'offline' ? 'offlineTitle' : 'prechatTitle')}
      </h3>
      {mode === 'offline' && (
        <p class="intake-away" role="status">
          {awayText(t, awayUntil, locale, emailReplies, timeZone)}
        </p>
      )}
      <p class="intake-intro">{t(mode === 'prechat' ? 'prechatIntro' : emailReplies ? 'offlineIntro' : 'offlineIntroChat')}</p>
      {input('name', fields.name, t('name'), { type: 'text', autocomplete: 'name', maxLength: String(CONTACT_LIMITS.name) })}
      {input('email', fields.email, t('email'), { type: 'email', autocomplete: 'email', inputMode: 'email', maxLength: String(CONTACT_LIMITS.email) })}
      {input('question', fields.question, t(mode === 'offline' ? 'message' : 'question'), {})}
      <button type="submit" class="intake-submit">
        {t(mode === 'offline' ? 'leave' : 'start')}
      </button>
    </form>
  );
}

/**
 * Above a conversation while the team is away: when they are back, or where the answer will be (by
 * e-mail only when the server sends it). With `onEmail` (the visitor gave no e-mail on this page, e.g.
 * they started chatting before the team left) it also asks for an address: where the answer goes, or,
 * with e-mail off, only so the team can get in touch.
 */
export function AwayNotice({
  locale,
  until,
  emailReplies,
  timeZone,
  onEmail,
}: {
  locale: Locale;
  until: number | null;
  emailReplies: boolean;
  timeZone?: string;
  onEmail?: ((email: string) => void) | undefined;
}) {
  const t = intakeT(locale);
  const ref = useRef<HTMLDivElement>(null);
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useLayoutEffect(() => {
    if (ref.current) adoptOnce(ref.current, css);
  }, []);
  const submit = (e: Event) => {
    e.preventDefault();
    const value = email.trim();
    const problem = !value ? t('emailRequired') : isEmail(value) ? null : t('emailInvalid');
    setError(problem);
    if (problem || !onEmail) return;
    onEmail(value);
    setSaved(value);
  };
  const line = awayText(t, until, locale, emailReplies, timeZone);
  return (
    <div ref={ref} class="banner away">
      <p role="status">{saved ? `${line} ${t(emailReplies ? 'emailSaved' : 'emailNoted', { email: saved })}` : line}</p>
      {onEmail && !saved && (
        <form class="away-email" noValidate onSubmit={submit}>
          <label for="atendo-away-email">{t(emailReplies ? 'awayAsk' : 'awayAskChat')}</label>
          <span class="away-row">
            <input
              id="atendo-away-email"
              type="email"
              autocomplete="email"
              value={email}
              maxLength={CONTACT_LIMITS.email}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'atendo-away-email-error' : undefined}
              onInput={(e) => {
                setEmail(e.currentTarget.value);
                setError(null);
              }}
            />
            <button type="submit">{t('save')}</button>
          </span>
          {error && (
            <p id="atendo-away-email-error" class="intake-error">
              {error}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
