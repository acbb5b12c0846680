import { useId } from 'react';
import { useTranslation } from 'react-i18next';

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
      <div className="field">
        <label htmlFor={`${id}-username`}>{t('signIn.username')}</label>
        <input
          id={`${id}-username`}
          type="text"
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
          onChange={(event) => onUsername(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
        <input
          id={`${id}-password`}
          type="password"
          name="password"
          autoComplete="current-password"
          data-testid="sign-in-password"
          value={password}
          disabled={disabled}
          maxLength={1_024}
          onChange={(event) => onPassword(event.target.value)}
        />
      </div>
    </>
  );
}
