import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RpaError } from '../../../electron/common/errors';
import { UserNameSchema, type UserSummary } from '../../../electron/common/identityContract';
import { ROLE_PERMISSIONS, ROLES, type BotScope, type Role } from '../../../electron/common/permissions';
import { createUser, resetUserPassword, updateUser } from '../stores/users';
import { errorMessage, showInfo } from '../stores/toasts';
import { BotScopeField } from './BotScopeField';
import { checkNewPassword, NewPasswordFields, type NewPassword } from './NewPasswordFields';

/** Creates a user (`user` null) or edits one's display name, role and bots; the core's refusals show in the form. */
export function UserEditor({ user, onDone }: { user: UserSummary | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'operator');
  const [bots, setBots] = useState<BotScope>(user?.bots ?? { all: true });
  const [password, setPassword] = useState<NewPassword>({ password: '', repeat: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const runsBots = ROLE_PERMISSIONS[role].includes('jobs.run');
  const title = user ? t('users.editTitle', { name: user.displayName }) : t('users.new');

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!user && !UserNameSchema.safeParse(username).success) found.username = t('users.usernameRule');
    if (!displayName.trim()) found.displayName = t('users.displayNameRequired');
    if (!user) Object.assign(found, checkNewPassword(t, password));
    return found;
  }

  async function save(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const found = check();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      if (user) {
        await updateUser({ userId: user.id, displayName: displayName.trim(), role, ...(runsBots ? { bots } : {}) });
        showInfo(t('users.saved', { name: displayName.trim() }));
      } else {
        await createUser({ username: username.trim(), displayName: displayName.trim(), role, bots: runsBots ? bots : { all: true }, password: password.password });
        showInfo(t('users.created', { name: displayName.trim() }));
      }
      onDone();
    } catch (err) {
      setSaving(false);
      if (err instanceof RpaError && err.fields) setErrors(err.fields);
      // The core's words, e.g. "Ana is the last admin: make another user admin first".
      setFormError(errorMessage(err));
    }
  }

  return (
    <section className="panel admin-editor" data-testid="user-editor">
      <form className="admin-editor-form" aria-label={title} noValidate onSubmit={(event) => void save(event)}>
        <h2 className="editor-title">{title}</h2>
        {formError && (
          <div className="error-box" role="alert" data-testid="user-form-error">
            {formError}
          </div>
        )}
        <div className="editor-grid">
          {user ? (
            <div className="field">
              <span className="field-label">{t('users.username')}</span>
              <code className="field-static" data-testid="user-editor-username">
                {user.username}
              </code>
            </div>
          ) : (
            <div className={errors.username ? 'field has-error' : 'field'}>
              <label htmlFor="user-username">{t('users.username')}</label>
              <input
                id="user-username"
                type="text"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                data-testid="user-username"
                maxLength={64}
                value={username}
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
          )}
          <div className={errors.displayName ? 'field has-error' : 'field'}>
            <label htmlFor="user-display-name">{t('users.displayName')}</label>
            <input
              id="user-display-name"
              type="text"
              autoComplete="off"
              data-testid="user-display-name"
              maxLength={100}
              value={displayName}
              aria-invalid={errors.displayName ? true : undefined}
              onChange={(event) => setDisplayName(event.target.value)}
            />
            {errors.displayName && (
              <p className="field-error" role="alert">
                {errors.displayName}
              </p>
            )}
          </div>
          <div className={errors.role ? 'field has-error' : 'field'}>
            <label htmlFor="user-role">{t('users.role')}</label>
            <select id="user-role" data-testid="user-role" value={role} onChange={(event) => setRole(readRole(event.target.value))}>
              {ROLES.map((option) => (
                <option key={option} value={option}>
                  {t(`roles.${option}`)}
                </option>
              ))}
            </select>
            <p className="field-hint" data-testid="user-role-hint">
              {t(`roles.describe.${role}`)}
            </p>
            {errors.role && (
              <p className="field-error" role="alert">
                {errors.role}
              </p>
            )}
          </div>
        </div>
        {runsBots ? (
          <BotScopeField legend={t('users.mayRun')} value={bots} onChange={setBots} error={errors.bots} testId="user-bots" />
        ) : (
          <p className="field-hint">{t('users.roleRunsNoBots')}</p>
        )}
        {!user && (
          <div className="editor-grid">
            <NewPasswordFields
              value={password}
              onChange={setPassword}
              errors={errors}
              label={t('users.initialPassword')}
              repeatLabel={t('users.repeatInitialPassword')}
              testId="user-initial"
            />
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" data-testid="user-save" disabled={saving}>
            {saving ? t('common.saving') : user ? t('users.saveChanges') : t('users.create')}
          </button>
          <button type="button" className="button" onClick={onDone}>
            {user ? t('common.close') : t('common.cancel')}
          </button>
        </div>
      </form>
      {user && <AccountActions user={user} />}
    </section>
  );
}

/** What an admin does to an account besides editing it: a new password, and whether it may sign in. */
function AccountActions({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const [resetting, setResetting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function setDisabled(disabled: boolean): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await updateUser({ userId: user.id, disabled });
      showInfo(disabled ? t('users.disabledDone', { name: user.displayName }) : t('users.enabledDone', { name: user.displayName }));
    } catch (err) {
      // e.g. "Ana is the last admin: make another user admin first. Nothing was changed".
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="account-actions" aria-label={t('users.account')} data-testid="user-account-actions">
      <h3 className="editor-subtitle">{t('users.account')}</h3>
      <div className="form-actions">
        <button type="button" className="button" data-testid="user-reset-password" aria-expanded={resetting} onClick={() => setResetting((open) => !open)}>
          {t('users.resetPassword')}
        </button>
        <button
          type="button"
          className={user.disabled ? 'button' : 'button danger'}
          data-testid="user-toggle"
          disabled={busy}
          onClick={() => void setDisabled(!user.disabled)}
        >
          {user.disabled ? t('users.enableUser') : t('users.disableUser')}
        </button>
      </div>
      <p className="field-hint">{user.disabled ? t('users.enableHint') : t('users.disableHint')}</p>
      {error && (
        <p className="error-box" role="alert" data-testid="user-account-error">
          {error}
        </p>
      )}
      {resetting && <ResetPasswordForm user={user} onDone={() => setResetting(false)} />}
    </section>
  );
}

function ResetPasswordForm({ user, onDone }: { user: UserSummary; onDone: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<NewPassword>({ password: '', repeat: '' });
  const [errors, setErrors] = useState<{ password?: string; repeat?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const found = checkNewPassword(t, value);
    setErrors(found);
    setError(null);
    if (found.password || found.repeat) return;
    setSaving(true);
    try {
      await resetUserPassword(user.id, value.password);
      showInfo(t('users.passwordReset', { name: user.displayName }));
      onDone();
    } catch (err) {
      setSaving(false);
      if (err instanceof RpaError && err.fields?.password) setErrors({ password: err.fields.password });
      setError(errorMessage(err));
    }
  }

  return (
    <form className="inline-editor" data-testid="reset-password-form" aria-label={t('users.resetPasswordName', { name: user.displayName })} noValidate onSubmit={(event) => void save(event)}>
      <p className="small">{t('users.resetExplain', { name: user.displayName })}</p>
      <div className="editor-grid">
        <NewPasswordFields value={value} onChange={setValue} errors={errors} label={t('account.newPassword')} repeatLabel={t('account.repeatNewPassword')} disabled={saving} testId="reset" />
      </div>
      {error && (
        <p className="error-box" role="alert" data-testid="reset-password-error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary small" data-testid="reset-password-save" disabled={saving}>
          {saving ? t('common.saving') : t('users.setPassword')}
        </button>
        <button type="button" className="button small" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function readRole(value: string): Role {
  return ROLES.find((role) => role === value) ?? 'viewer';
}
