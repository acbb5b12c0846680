import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { checkAccountNames, DisplayNameField, UsernameField } from '../components/AccountNameFields';
import { ErrorBox, FormActions } from '../components/FormFields';
import { checkNewPassword, NewPasswordFields, type NewPassword } from '../components/NewPasswordFields';
import { SignInFields, useSignIn } from '../components/SignInFields';
import { useFormSubmit } from '../hooks/useFormSubmit';
import { checkSession, setUpFirstAdmin, useSession, type SignedOutReason } from '../stores/session';
import '../styles/session.css';

/** Until someone is signed in: the sign-in form, the first-admin setup, or why neither can be shown yet. */
export function SignInScreen() {
  const { t } = useTranslation();
  const status = useSession((state) => state.status);
  const reason = useSession((state) => state.reason);
  const message = useSession((state) => state.message);
  return (
    <main className="access-screen sign-in-screen" data-testid="sign-in-screen" data-status={status}>
      <div className="panel access-card sign-in-card">
        <div className="brand brand-dark">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          {t('app.name')}
        </div>
        {status === 'checking' && (
          <p className="sign-in-checking" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('connection.connecting')}
          </p>
        )}
        {status === 'failed' && (
          <>
            <h1>{t('signIn.failedTitle')}</h1>
            <p className="error-box" role="alert" data-testid="session-failed">
              {message}
            </p>
            <div className="form-actions">
              <button type="button" className="button primary" onClick={() => void checkSession()}>
                {t('screenError.retry')}
              </button>
            </div>
          </>
        )}
        {status === 'setupNeedsLink' && (
          <>
            <h1>{t('setup.title')}</h1>
            <p data-testid="setup-needs-link">{t('setup.needsLink')}</p>
            <p>
              <Trans i18nKey="setup.linkLooks" components={{ url: <code /> }} />
            </p>
          </>
        )}
        {status === 'setup' && <SetupForm />}
        {status === 'signedOut' && <SignInForm reason={reason} />}
      </div>
    </main>
  );
}

function SignInForm({ reason }: { reason: SignedOutReason }) {
  const { t } = useTranslation();
  // Signed in: this screen goes away and the screen in the address bar shows.
  const { fields, error, busy, onSubmit } = useSignIn(() => undefined);

  return (
    <form className="sign-in-form" data-testid="sign-in-form" aria-labelledby="sign-in-title" noValidate onSubmit={onSubmit}>
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {reason && (
        <p className={reason === 'signed_out' ? 'sign-in-reason' : 'sign-in-reason warning'} role="status" data-testid="sign-in-reason" data-reason={reason}>
          {t(`signIn.reason.${reason}`)}
        </p>
      )}
      <SignInFields {...fields} autoFocus />
      <ErrorBox error={error} testId="sign-in-error" />
      <FormActions testId="sign-in-submit" label={t('signIn.submit')} busyLabel={t('signIn.signingIn')} busy={busy} />
    </form>
  );
}

function SetupForm() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState<NewPassword>({ password: '', repeat: '' });
  const {
    errors,
    formError: error,
    busy,
    onSubmit,
  } = useFormSubmit<Record<string, string>>({
    check: () => ({ ...checkNewPassword(t, password), ...checkAccountNames(t, { username, displayName }) }),
    run: () => setUpFirstAdmin({ username: username.trim(), displayName: displayName.trim(), password: password.password }),
  });

  return (
    <form className="sign-in-form" data-testid="setup-form" aria-labelledby="setup-title" noValidate onSubmit={onSubmit}>
      <h1 id="setup-title">{t('setup.title')}</h1>
      <p className="muted">{t('setup.intro')}</p>
      <UsernameField id="setup-username" value={username} onChange={setUsername} error={errors.username} disabled={busy} own />
      <DisplayNameField id="setup-display-name" value={displayName} onChange={setDisplayName} error={errors.displayName} disabled={busy} own />
      <NewPasswordFields
        value={password}
        onChange={setPassword}
        errors={errors}
        label={t('signIn.password')}
        repeatLabel={t('password.repeat')}
        disabled={busy}
        testId="setup"
      />
      <ErrorBox error={error} testId="setup-error" />
      <FormActions testId="setup-submit" label={t('setup.submit')} busyLabel={t('setup.creating')} busy={busy} />
    </form>
  );
}
