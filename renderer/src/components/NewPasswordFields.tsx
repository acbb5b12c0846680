import type { TFunction } from 'i18next';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { NewPasswordSchema } from '../../../electron/common/identityContract';
import { TextField } from './FormFields';

/** The shortest password the core accepts, read from the contract so both ends agree. */
export const MIN_PASSWORD_LENGTH = NewPasswordSchema.minLength ?? 10;

/** A new password typed twice. */
export interface NewPassword {
  password: string;
  repeat: string;
}

/** What is wrong with a new password, per field; empty when it will do. */
export function checkNewPassword(t: TFunction, value: NewPassword): { password?: string; repeat?: string } {
  if (value.password.length < MIN_PASSWORD_LENGTH) return { password: t('password.tooShort', { count: MIN_PASSWORD_LENGTH }) };
  if (value.password !== value.repeat) return { repeat: t('password.mismatch') };
  return {};
}

/**
 * A new password and its repetition, with the strength hint (its length against the minimum) said
 * as it is typed. `label` names the first field ("Password", "New password", "Initial password").
 */
export function NewPasswordFields({
  value,
  onChange,
  errors,
  label,
  repeatLabel,
  disabled = false,
  testId,
}: {
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  errors: { password?: string; repeat?: string };
  label: string;
  repeatLabel: string;
  disabled?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const left = MIN_PASSWORD_LENGTH - value.password.length;
  return (
    <>
      <TextField
        id={`${id}-password`}
        label={label}
        error={errors.password}
        below={
          <p id={`${id}-hint`} className={left > 0 ? 'field-hint' : 'field-hint strength-ok'} data-testid={`${testId}-strength`}>
            {value.password.length === 0
              ? t('password.hint', { count: MIN_PASSWORD_LENGTH })
              : left > 0
                ? t('password.moreNeeded', { count: left })
                : t('password.longEnough', { count: MIN_PASSWORD_LENGTH })}
          </p>
        }
        type="password"
        autoComplete="new-password"
        data-testid={`${testId}-password`}
        value={value.password}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onChange={(password) => onChange({ ...value, password })}
      />
      <TextField
        id={`${id}-repeat`}
        label={repeatLabel}
        error={errors.repeat}
        type="password"
        autoComplete="new-password"
        data-testid={`${testId}-repeat`}
        value={value.repeat}
        disabled={disabled}
        onChange={(repeat) => onChange({ ...value, repeat })}
      />
    </>
  );
}
