import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RpaError } from '../../../electron/common/errors';
import { changePassword, signIn, useSession } from '../stores/session';
import { errorMessage, showInfo } from '../stores/toasts';
import { Dialog } from './Dialog';
import { checkNewPassword, NewPasswordFields, type NewPassword } from './NewPasswordFields';
import { SignInFields } from './SignInFields';

/**
 * Signs another person in on this window with their password, replacing the session (Electron
 * too). Until it succeeds the current user stays signed in.
 */
export function SwitchUserDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const current = useSession((state) => state.user);
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
      const now = useSession.getState().user;
      if (now) showInfo(t('account.switched', { name: now.displayName }));
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('account.switchUser')} onClose={onClose} testId="switch-user-dialog">
      <form className="dialog-form" noValidate onSubmit={(event) => void submit(event)}>
        <p className="muted small">{t('account.switchExplain', { name: current?.displayName ?? '' })}</p>
        <SignInFields username={username} password={password} onUsername={setUsername} onPassword={setPassword} disabled={busy} autoFocus />
        {error && (
          <p className="error-box" role="alert" data-testid="switch-user-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" data-testid="switch-user-submit" disabled={busy}>
            {busy ? t('signIn.signingIn') : t('signIn.submit')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Changes the signed-in user's own password: the current one, and the new one twice. */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState<NewPassword>({ password: '', repeat: '' });
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const found = checkNewPassword(t, next);
    setErrors(found);
    setError(null);
    if (found.password || found.repeat) return;
    setBusy(true);
    try {
      await changePassword(current, next.password);
      showInfo(t('account.passwordChanged'));
      onClose();
    } catch (err) {
      setBusy(false);
      const fields = err instanceof RpaError ? err.fields : undefined;
      if (fields?.newPassword) setErrors({ password: fields.newPassword });
      setError(errorMessage(err));
    }
  }

  return (
    <Dialog title={t('account.changePassword')} onClose={onClose} testId="change-password-dialog">
      <form className="dialog-form" noValidate onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="current-password">{t('account.currentPassword')}</label>
          <input
            id="current-password"
            type="password"
            autoComplete="current-password"
            data-testid="current-password"
            autoFocus
            value={current}
            disabled={busy}
            onChange={(event) => setCurrent(event.target.value)}
          />
          <p className="field-hint">{t('account.currentPasswordHint')}</p>
        </div>
        <NewPasswordFields
          value={next}
          onChange={setNext}
          errors={errors}
          label={t('account.newPassword')}
          repeatLabel={t('account.repeatNewPassword')}
          disabled={busy}
          testId="new-password"
        />
        {error && (
          <p className="error-box" role="alert" data-testid="change-password-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" data-testid="change-password-submit" disabled={busy}>
            {busy ? t('common.saving') : t('account.savePassword')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
