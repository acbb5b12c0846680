import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormSubmit } from '../hooks/useFormSubmit';
import { changePassword, useSession } from '../stores/session';
import { showInfo } from '../stores/toasts';
import { Dialog } from './Dialog';
import { ErrorBox, FormActions, TextField } from './FormFields';
import { checkNewPassword, NewPasswordFields, type NewPassword } from './NewPasswordFields';
import { SignInFields, useSignIn } from './SignInFields';

/**
 * Signs another person in on this window with their password, replacing the session (Electron
 * too). Until it succeeds the current user stays signed in.
 */
export function SwitchUserDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const current = useSession((state) => state.user);
  const { fields, error, busy, onSubmit } = useSignIn(() => {
    const now = useSession.getState().user;
    if (now) showInfo(t('account.switched', { name: now.displayName }));
    onClose();
  });

  return (
    <Dialog title={t('account.switchUser')} onClose={onClose} testId="switch-user-dialog">
      <form className="dialog-form" noValidate onSubmit={onSubmit}>
        <p className="muted small">{t('account.switchExplain', { name: current?.displayName ?? '' })}</p>
        <SignInFields {...fields} autoFocus />
        <ErrorBox error={error} testId="switch-user-error" />
        <FormActions testId="switch-user-submit" label={t('signIn.submit')} busyLabel={t('signIn.signingIn')} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** Changes the signed-in user's own password: the current one, and the new one twice. */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<NewPassword>({ password: '', repeat: '' });
  const {
    errors,
    formError: error,
    busy,
    onSubmit,
  } = useFormSubmit({
    check: () => checkNewPassword(t, next),
    run: async () => {
      await changePassword(current, next.password);
      showInfo(t('account.passwordChanged'));
      onClose();
    },
    refused: (fields) => (fields.newPassword ? { password: fields.newPassword } : undefined),
  });

  return (
    <Dialog title={t('account.changePassword')} onClose={onClose} testId="change-password-dialog">
      <form className="dialog-form" noValidate onSubmit={onSubmit}>
        <TextField
          id="current-password"
          label={t('account.currentPassword')}
          hint={t('account.currentPasswordHint')}
          type="password"
          autoComplete="current-password"
          data-testid="current-password"
          autoFocus
          value={current}
          disabled={busy}
          onChange={setCurrent}
        />
        <NewPasswordFields
          value={next}
          onChange={setNext}
          errors={errors}
          label={t('account.newPassword')}
          repeatLabel={t('account.repeatNewPassword')}
          disabled={busy}
          testId="new-password"
        />
        <ErrorBox error={error} testId="change-password-error" />
        <FormActions testId="change-password-submit" label={t('account.savePassword')} busyLabel={t('common.saving')} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
