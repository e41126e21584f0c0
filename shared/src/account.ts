/**
 * Taking an agent's access back and the agent's own account: deactivation by an admin,
 * changing one's password, logging out everywhere.
 */
import * as v from 'valibot';

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
