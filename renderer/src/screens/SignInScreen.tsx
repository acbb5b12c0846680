import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { UserNameSchema } from '../../../electron/common/identityContract';
import { RpaError } from '../../../electron/common/errors';
import { checkNewPassword, NewPasswordFields, type NewPassword } from '../components/NewPasswordFields';
import { SignInFields } from '../components/SignInFields';
import { checkSession, setUpFirstAdmin, signIn, useSession, type SignedOutReason } from '../stores/session';
import { errorMessage } from '../stores/toasts';
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
          <span className="brand-mark" aria-hidden="true">R</span>
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
      // Signed in: this screen goes away and the screen in the address bar shows.
    } catch (err) {
      // The core's words: never which of name or password was wrong; a locked account says for how long.
      setError(errorMessage(err));
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <form className="sign-in-form" data-testid="sign-in-form" aria-labelledby="sign-in-title" noValidate onSubmit={(event) => void submit(event)}>
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {reason && (
        <p className={reason === 'signed_out' ? 'sign-in-reason' : 'sign-in-reason warning'} role="status" data-testid="sign-in-reason" data-reason={reason}>
          {t(`signIn.reason.${reason}`)}
        </p>
      )}
      <SignInFields username={username} password={password} onUsername={setUsername} onPassword={setPassword} disabled={busy} autoFocus />
      {error && (
        <p className="error-box" role="alert" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" data-testid="sign-in-submit" disabled={busy}>
          {busy ? t('signIn.signingIn') : t('signIn.submit')}
        </button>
      </div>
    </form>
  );
}

function SetupForm() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState<NewPassword>({ password: '', repeat: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const found: Record<string, string> = { ...checkNewPassword(t, password) };
    if (!UserNameSchema.safeParse(username).success) found.username = t('users.usernameRule');
    if (!displayName.trim()) found.displayName = t('users.displayNameRequired');
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await setUpFirstAdmin({ username: username.trim(), displayName: displayName.trim(), password: password.password });
    } catch (err) {
      setBusy(false);
      if (err instanceof RpaError && err.fields) setErrors(err.fields);
      setError(errorMessage(err));
    }
  }

  return (
    <form className="sign-in-form" data-testid="setup-form" aria-labelledby="setup-title" noValidate onSubmit={(event) => void submit(event)}>
      <h1 id="setup-title">{t('setup.title')}</h1>
      <p className="muted">{t('setup.intro')}</p>
      <div className={errors.username ? 'field has-error' : 'field'}>
        <label htmlFor="setup-username">{t('users.username')}</label>
        <input
          id="setup-username"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          data-testid="setup-username"
          value={username}
          disabled={busy}
          maxLength={64}
          aria-invalid={errors.username ? true : undefined}
          onChange={(event) => setUsername(event.target.value)}
        />
        <p className="field-hint">{t('users.usernameHint')}</p>
        {errors.username && (
          <p className="field-error" role="alert">
            {errors.username}
          </p>
        )}
      </div>
      <div className={errors.displayName ? 'field has-error' : 'field'}>
        <label htmlFor="setup-display-name">{t('users.displayName')}</label>
        <input
          id="setup-display-name"
          type="text"
          autoComplete="name"
          data-testid="setup-display-name"
          value={displayName}
          disabled={busy}
          maxLength={100}
          aria-invalid={errors.displayName ? true : undefined}
          onChange={(event) => setDisplayName(event.target.value)}
        />
        {errors.displayName && (
          <p className="field-error" role="alert">
            {errors.displayName}
          </p>
        )}
      </div>
      <NewPasswordFields
        value={password}
        onChange={setPassword}
        errors={errors}
        label={t('signIn.password')}
        repeatLabel={t('password.repeat')}
        disabled={busy}
        testId="setup"
      />
      {error && (
        <p className="error-box" role="alert" data-testid="setup-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" data-testid="setup-submit" disabled={busy}>
          {busy ? t('setup.creating') : t('setup.submit')}
        </button>
      </div>
    </form>
  );
}
