import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { UserNameSchema } from '../../../electron/common/identityContract';
import { TextField } from './FormFields';

/** What is wrong with a new account's names, per field; `username` left out is not checked (it is fixed once made). */
export function checkAccountNames(t: TFunction, { username, displayName }: { username?: string; displayName: string }): Record<string, string> {
  const found: Record<string, string> = {};
  if (username !== undefined && !UserNameSchema.safeParse(username).success) found.username = t('users.usernameRule');
  if (!displayName.trim()) found.displayName = t('users.displayNameRequired');
  return found;
}

interface NameFieldProps {
  /** The input's id and test id. */
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  disabled?: boolean;
  /** The account is the typist's own (first-admin setup): the browser may offer their name. */
  own?: boolean;
}

/** The name an account signs in with, its rule said under it. */
export function UsernameField({ id, value, onChange, error, disabled, own = false }: NameFieldProps) {
  const { t } = useTranslation();
  return (
    <TextField
      id={id}
      label={t('users.username')}
      hint={t('users.usernameHint')}
      error={error}
      autoComplete={own ? 'username' : 'off'}
      autoCapitalize="none"
      spellCheck={false}
      data-testid={id}
      maxLength={64}
      value={value}
      disabled={disabled}
      onChange={onChange}
    />
  );
}

/** The name people see for an account. */
export function DisplayNameField({ id, value, onChange, error, disabled, own = false }: NameFieldProps) {
  const { t } = useTranslation();
  return (
    <TextField
      id={id}
      label={t('users.displayName')}
      error={error}
      autoComplete={own ? 'name' : 'off'}
      data-testid={id}
      maxLength={100}
      value={value}
      disabled={disabled}
      onChange={onChange}
    />
  );
}
