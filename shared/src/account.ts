/**
 * Agents' accounts: deactivation by an admin, changing one's password, logging out everywhere,
 * invitation and password links, two-factor sign-in (authenticator app and recovery codes) and the
 * team's rule that makes it mandatory.
 */
import * as v from 'valibot';
import type { Agent } from './models';

/**
 * What a new password must be. Generated invite and bootstrap passwords are 16 characters; a
 * password chosen by a person needs at least 10 and at most 256 (what a login accepts).
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export const NewPasswordSchema = v.pipe(
  v.string(),
  v.minLength(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`),
  v.maxLength(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters`),
  v.check((s) => s.trim().length >= PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters besides spaces`),
);

/** POST /auth/password: the agent's own password; every other session of theirs ends. */
export const ChangePasswordSchema = v.pipe(
  v.strictObject({
    currentPassword: v.pipe(v.string(), v.minLength(1, 'Current password is required'), v.maxLength(PASSWORD_MAX_LENGTH)),
    newPassword: NewPasswordSchema,
  }),
  v.forward(
    v.check((input) => input.newPassword !== input.currentPassword, 'The new password must differ from the current one'),
    ['newPassword'],
  ),
);
export type ChangePasswordInput = v.InferOutput<typeof ChangePasswordSchema>;

/** PUT /agents/:id/active (admins): deactivate (false) or reactivate (true) an agent. */
export const SetAgentActiveSchema = v.strictObject({ active: v.boolean() });
export type SetAgentActiveInput = v.InferOutput<typeof SetAgentActiveSchema>;

const EmailField = v.pipe(v.string(), v.trim(), v.email('Enter a valid e-mail address'), v.maxLength(254));
/** The console's language, for e-mails sent on the request's behalf (any tag; en, pt-BR or ru is picked). */
const LocaleField = v.optional(v.pipe(v.string(), v.maxLength(35)));
/** Account link tokens and login tickets: base64url, as the server makes them (43 characters). */
const TokenField = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,100}$/, 'This link is not valid'));
/** A code from an authenticator app (6 digits; spaces allowed) or a recovery code (xxxxx-xxxxx). */
const CodeField = v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter the code'), v.maxLength(32));

/** POST /auth/forgot: send a password link to this address if an agent has it (same answer either way). */
export const ForgotPasswordSchema = v.strictObject({ email: EmailField, locale: LocaleField });
export type ForgotPasswordInput = v.InferOutput<typeof ForgotPasswordSchema>;

/** GET /auth/links/:token: what an invitation or password link is for, before it is used. */
export interface AccountLinkResponse {
  kind: 'invite' | 'reset';
  email: string;
  name: string;
  /** Two-factor sign-in is on for this agent: after choosing a password they still need their code. */
  twoFactor: boolean;
}

/** POST /auth/links/:token: choose a password with an invitation or password link (used once). */
export const SetPasswordSchema = v.strictObject({ password: NewPasswordSchema });
export type SetPasswordInput = v.InferOutput<typeof SetPasswordSchema>;

/** POST /auth/login's answer: signed in, or the password was right and a second factor is awaited. */
export type LoginResponse = { agent: Agent; twoFactorSetupRequired?: boolean } | { twoFactor: { ticket: string } };

/** POST /auth/login/two-factor: the second step, with the ticket from the first. */
export const TwoFactorLoginSchema = v.strictObject({ ticket: TokenField, code: CodeField });
export type TwoFactorLoginInput = v.InferOutput<typeof TwoFactorLoginSchema>;

/** GET /auth/two-factor: the agent's own two-factor state and the team's rule. */
export interface TwoFactorStatus {
  enabled: boolean;
  /** Recovery codes not used yet (0 when off). */
  recoveryCodesLeft: number;
  /** An admin made two-factor sign-in mandatory for everyone. */
  required: boolean;
}

/** POST /auth/two-factor/setup: a new authenticator secret, waiting for its first code. */
export interface TwoFactorSetupResponse {
  /** Sent back with the first code to turn it on. */
  setupToken: string;
  /** Base32, for typing into the app by hand. */
  secret: string;
  /** otpauth:// URI (what the QR code holds). */
  uri: string;
  /** The QR code as an SVG document. */
  qrSvg: string;
}

/** POST /auth/two-factor/enable: the first code from the app proves it was set up. */
export const EnableTwoFactorSchema = v.strictObject({ setupToken: TokenField, code: CodeField });
export type EnableTwoFactorInput = v.InferOutput<typeof EnableTwoFactorSchema>;

/** Ten single-use recovery codes, shown once. */
export interface RecoveryCodesResponse {
  recoveryCodes: string[];
}

/** POST /auth/two-factor/disable: the password and a current code (or a recovery code). */
export const DisableTwoFactorSchema = v.strictObject({
  password: v.pipe(v.string(), v.minLength(1, 'Password is required'), v.maxLength(PASSWORD_MAX_LENGTH)),
  code: CodeField,
});
export type DisableTwoFactorInput = v.InferOutput<typeof DisableTwoFactorSchema>;

/** POST /auth/two-factor/recovery-codes: new codes in place of the old ones (a current code proves it is you). */
export const RegenerateCodesSchema = v.strictObject({ code: CodeField });
export type RegenerateCodesInput = v.InferOutput<typeof RegenerateCodesSchema>;

/** GET/PUT /team/security (admins): team-wide sign-in rules. */
export const TeamSecuritySchema = v.strictObject({ requireTwoFactor: v.boolean() });
export type TeamSecurity = v.InferOutput<typeof TeamSecuritySchema>;
