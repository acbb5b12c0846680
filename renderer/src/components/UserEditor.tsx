import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../electron/common/identityContract';
import { ROLE_PERMISSIONS, ROLES, type BotScope, type Role } from '../../../electron/common/permissions';
import { useFormSubmit } from '../hooks/useFormSubmit';
import { createUser, resetUserPassword, updateUser } from '../queries/users';
import { errorMessage, showInfo } from '../stores/toasts';
import { checkAccountNames, DisplayNameField, UsernameField } from './AccountNameFields';
import { BotScopeField } from './BotScopeField';
import { ErrorBox, Field, FormActions } from './FormFields';
import { checkNewPassword, NewPasswordFields, type NewPassword } from './NewPasswordFields';

/** Creates a user (`user` null) or edits one's display name, role and bots; the core's refusals show in the form. */
export function UserEditor({ user, onDone }: { user: UserSummary | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'operator');
  const [bots, setBots] = useState<BotScope>(user?.bots ?? { all: true });
  const [password, setPassword] = useState<NewPassword>({ password: '', repeat: '' });
  const runsBots = ROLE_PERMISSIONS[role].includes('jobs.run');
  const title = user ? t('users.editTitle', { name: user.displayName }) : t('users.new');

  // A refusal shows the core's words, e.g. "Ana is the last admin: make another user admin first".
  const {
    errors,
    formError,
    busy: saving,
    onSubmit,
  } = useFormSubmit({
    check: () => (user ? checkAccountNames(t, { displayName }) : { ...checkAccountNames(t, { username, displayName }), ...checkNewPassword(t, password) }),
    run: async () => {
      if (user) {
        await updateUser({ userId: user.id, displayName: displayName.trim(), role, ...(runsBots ? { bots } : {}) });
        showInfo(t('users.saved', { name: displayName.trim() }));
      } else {
        await createUser({
          username: username.trim(),
          displayName: displayName.trim(),
          role,
          bots: runsBots ? bots : { all: true },
          password: password.password,
        });
        showInfo(t('users.created', { name: displayName.trim() }));
      }
      onDone();
    },
  });

  return (
    <section className="panel admin-editor" data-testid="user-editor">
      <form className="admin-editor-form" aria-label={title} noValidate onSubmit={onSubmit}>
        <h2 className="editor-title">{title}</h2>
        <ErrorBox as="div" error={formError} testId="user-form-error" />
        <div className="editor-grid">
          {user ? (
            <div className="field">
              <span className="field-label">{t('users.username')}</span>
              <code className="field-static" data-testid="user-editor-username">
                {user.username}
              </code>
            </div>
          ) : (
            <UsernameField id="user-username" value={username} onChange={setUsername} error={errors.username} />
          )}
          <DisplayNameField id="user-display-name" value={displayName} onChange={setDisplayName} error={errors.displayName} />
          <Field
            id="user-role"
            label={t('users.role')}
            error={errors.role}
            below={
              <p className="field-hint" data-testid="user-role-hint">
                {t(`roles.describe.${role}`)}
              </p>
            }
          >
            <select id="user-role" data-testid="user-role" value={role} onChange={(event) => setRole(readRole(event.target.value))}>
              {ROLES.map((option) => (
                <option key={option} value={option}>
                  {t(`roles.${option}`)}
                </option>
              ))}
            </select>
          </Field>
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
        <FormActions
          testId="user-save"
          label={user ? t('users.saveChanges') : t('users.create')}
          busyLabel={t('common.saving')}
          busy={saving}
          onCancel={onDone}
          cancelLabel={user ? t('common.close') : t('common.cancel')}
        />
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
      <ErrorBox error={error} testId="user-account-error" />
      {resetting && <ResetPasswordForm user={user} onDone={() => setResetting(false)} />}
    </section>
  );
}

function ResetPasswordForm({ user, onDone }: { user: UserSummary; onDone: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<NewPassword>({ password: '', repeat: '' });
  const {
    errors,
    formError: error,
    busy: saving,
    onSubmit,
  } = useFormSubmit({
    check: () => checkNewPassword(t, value),
    run: async () => {
      await resetUserPassword(user.id, value.password);
      showInfo(t('users.passwordReset', { name: user.displayName }));
      onDone();
    },
    refused: (fields) => (fields.password ? { password: fields.password } : undefined),
  });

  return (
    <form
      className="inline-editor"
      data-testid="reset-password-form"
      aria-label={t('users.resetPasswordName', { name: user.displayName })}
      noValidate
      onSubmit={onSubmit}
    >
      <p className="small">{t('users.resetExplain', { name: user.displayName })}</p>
      <div className="editor-grid">
        <NewPasswordFields
          value={value}
          onChange={setValue}
          errors={errors}
          label={t('account.newPassword')}
          repeatLabel={t('account.repeatNewPassword')}
          disabled={saving}
          testId="reset"
        />
      </div>
      <ErrorBox error={error} testId="reset-password-error" />
      <FormActions testId="reset-password-save" label={t('users.setPassword')} busyLabel={t('common.saving')} busy={saving} onCancel={onDone} small />
    </form>
  );
}

function readRole(value: string): Role {
  return ROLES.find((role) => role === value) ?? 'viewer';
}
