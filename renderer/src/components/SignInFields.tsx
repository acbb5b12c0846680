import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { signIn } from '../stores/session';
import { errorMessage } from '../stores/toasts';
import { TextField } from './FormFields';

/**
 * Signing in with a name and password (the Sign-in screen, Switch user): `fields` go to
 * `SignInFields`; `onSignedIn` runs once the core has let the person in. A refusal is the core's
 * words (never which of name or password was wrong; a locked account says for how long) and clears
 * the password.
 */
export function useSignIn(onSignedIn: () => void) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (!username.trim()) {
      setError(t('signIn.enterName'));
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await signIn(username.trim(), password);
      onSignedIn();
    } catch (err) {
      setError(errorMessage(err));
      setPassword('');
      setBusy(false);
    }
  }

  return {
    fields: { username, password, onUsername: setUsername, onPassword: setPassword, disabled: busy },
    error,
    busy,
    onSubmit: (event: FormEvent<HTMLFormElement>) => void submit(event),
  };
}

/** User name and password as typed at sign-in; shared with Switch user. */
export function SignInFields({
  username,
  password,
  onUsername,
  onPassword,
  disabled,
  autoFocus = false,
}: {
  username: string;
  password: string;
  onUsername: (value: string) => void;
  onPassword: (value: string) => void;
  disabled: boolean;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <TextField
        id={`${id}-username`}
        label={t('signIn.username')}
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        data-testid="sign-in-username"
        // The first thing a person does on this screen is type their name.
        autoFocus={autoFocus}
        value={username}
        disabled={disabled}
        maxLength={200}
        onChange={onUsername}
      />
      <TextField
        id={`${id}-password`}
        label={t('signIn.password')}
        type="password"
        name="password"
        autoComplete="current-password"
        data-testid="sign-in-password"
        value={password}
        disabled={disabled}
        maxLength={1_024}
        onChange={onPassword}
      />
    </>
  );
}
