/**
 * The inputs every account form shares, so their rules stay the same everywhere: a new password
 * (the server's length limits, `new-password` for password managers) and a code from an
 * authenticator app or a recovery code.
 */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@atendo/shared';

interface TextInputProps {
  value: string;
  onInput: (value: string) => void;
}

export function NewPasswordInput(props: TextInputProps) {
  return (
    <input
      type="password"
      autocomplete="new-password"
      required
      minLength={PASSWORD_MIN_LENGTH}
      maxLength={PASSWORD_MAX_LENGTH}
      value={props.value}
      onInput={(e) => props.onInput(e.currentTarget.value)}
    />
  );
}

/** Six digits from the app or a recovery code (xxxxx-xxxxx): free text, the server tells them apart. */
export function CodeInput(props: TextInputProps) {
  return (
    <input
      name="code"
      autocomplete="one-time-code"
      spellcheck={false}
      required
      maxLength={32}
      value={props.value}
      onInput={(e) => props.onInput(e.currentTarget.value)}
    />
  );
}
