import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandInput } from '../../../electron/common/contract';
import type { BotScope } from '../../../electron/common/permissions';
import { CREDENTIAL_KINDS, type CredentialKind, type CredentialSummary } from '../../../electron/common/vaultContract';
import { useFormSubmit } from '../hooks/useFormSubmit';
import { createCredential, updateCredential } from '../queries/credentials';
import { showInfo } from '../stores/toasts';
import { BotScopeField } from './BotScopeField';
import { ErrorBox, FormActions, TextField } from './FormFields';

/** Shortest value the vault keeps (the contract's), so a log mask cannot hide ordinary words. */
const MIN_VALUE_LENGTH = 4;
const TOTP_SEED = /^[A-Z2-7]{16,128}=*$/;

/**
 * Adds a vault entry (`credential` null) or renames, re-describes, re-scopes it and replaces its
 * values. A saved value is never shown: an empty field keeps it.
 */
export function CredentialEditor({ credential, onDone }: { credential: CredentialSummary | null; onDone: () => void }) {
  const { t } = useTranslation();
  const editing = credential !== null;
  const [name, setName] = useState(credential?.name ?? '');
  const [kind, setKind] = useState<CredentialKind>(credential?.kind ?? 'login');
  const [description, setDescription] = useState(credential?.description ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [secret, setSecret] = useState('');
  const [totpSeed, setTotpSeed] = useState('');
  const [removeTotp, setRemoveTotp] = useState(false);
  const [bots, setBots] = useState<BotScope>(credential?.bots ?? { all: true });
  const title = credential ? t('credentials.editTitle', { name: credential.name }) : t('credentials.new');

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('credentials.nameRequired');
    const needed = !editing;
    if (kind === 'login') {
      if (needed && !username) found.username = t('credentials.usernameRequired');
      if ((needed || password) && password.length < MIN_VALUE_LENGTH) found.password = t('credentials.valueTooShort', { count: MIN_VALUE_LENGTH });
    } else if ((needed || secret) && secret.length < MIN_VALUE_LENGTH) {
      found.secret = t('credentials.valueTooShort', { count: MIN_VALUE_LENGTH });
    }
    if (totpSeed && !removeTotp && !TOTP_SEED.test(normalSeed(totpSeed))) found.totpSeed = t('credentials.totpRule');
    return found;
  }

  async function save(): Promise<void> {
    if (credential) {
      const input: CommandInput<'credentials.update'> = { credentialId: credential.id, bots };
      if (name.trim() !== credential.name) input.name = name.trim();
      if (description.trim() !== credential.description) input.description = description.trim();
      if (kind === 'login' && username) input.username = username;
      if (kind === 'login' && password) input.password = password;
      if (kind === 'secret' && secret) input.secret = secret;
      if (removeTotp) input.totpSeed = null;
      else if (totpSeed) input.totpSeed = totpSeed;
      await updateCredential(input);
      showInfo(t('credentials.saved', { name: name.trim() }));
    } else {
      await createCredential({
        name: name.trim(),
        kind,
        description: description.trim(),
        ...(kind === 'login' ? { username, password } : { secret }),
        ...(totpSeed ? { totpSeed } : {}),
        bots,
      });
      showInfo(t('credentials.created', { name: name.trim() }));
    }
    onDone();
  }

  const { errors, formError, busy: saving, onSubmit } = useFormSubmit({ check, run: save });

  const savedMark = editing ? <span className="saved-value">{t('credentials.savedValue')}</span> : null;
  return (
    <form className="panel admin-editor" data-testid="credential-editor" aria-label={title} noValidate autoComplete="off" onSubmit={onSubmit}>
      <h2 className="editor-title">{title}</h2>
      <ErrorBox as="div" error={formError} testId="credential-form-error" />
      {editing && <p className="field-hint">{t('credentials.keepHint')}</p>}
      <div className="editor-grid">
        <VaultField id="credential-name" label={t('credentials.name')} value={name} onChange={setName} error={errors.name} maxLength={100} />
        {credential ? (
          <div className="field">
            <span className="field-label">{t('credentials.kind')}</span>
            <span className="field-static" data-testid="credential-kind">
              {t(`credentials.kindName.${credential.kind}`)}
            </span>
          </div>
        ) : (
          <div className="field">
            <label htmlFor="credential-kind">{t('credentials.kind')}</label>
            <select id="credential-kind" data-testid="credential-kind" value={kind} onChange={(event) => setKind(readKind(event.target.value))}>
              {CREDENTIAL_KINDS.map((option) => (
                <option key={option} value={option}>
                  {t(`credentials.kindOption.${option}`)}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <VaultField
        id="credential-description"
        label={t('credentials.description')}
        value={description}
        onChange={setDescription}
        error={errors.description}
        maxLength={500}
        wide
      />
      <div className="editor-grid">
        {kind === 'login' ? (
          <>
            <VaultField
              id="credential-username"
              label={t('credentials.username')}
              value={username}
              onChange={setUsername}
              error={errors.username}
              maxLength={500}
              saved={savedMark}
            />
            <VaultField
              id="credential-password"
              label={t('credentials.password')}
              value={password}
              onChange={setPassword}
              error={errors.password}
              maxLength={4_096}
              saved={savedMark}
              secret
            />
          </>
        ) : (
          <VaultField
            id="credential-secret"
            label={t('credentials.secret')}
            value={secret}
            onChange={setSecret}
            error={errors.secret}
            maxLength={4_096}
            saved={savedMark}
            secret
          />
        )}
        <TextField
          id="credential-totp"
          label={t('credentials.totpSeed')}
          labelAside={credential?.hasTotp && !removeTotp ? savedMark : null}
          hint={t('credentials.totpHint')}
          hintId="credential-totp-hint"
          below={
            credential?.hasTotp && (
              <label className="checkbox-label">
                <input type="checkbox" data-testid="credential-remove-totp" checked={removeTotp} onChange={(event) => setRemoveTotp(event.target.checked)} />
                {t('credentials.removeTotp')}
              </label>
            )
          }
          error={errors.totpSeed}
          type="password"
          autoComplete="off"
          spellCheck={false}
          data-testid="credential-totp"
          value={totpSeed}
          disabled={removeTotp}
          maxLength={200}
          aria-describedby="credential-totp-hint"
          onChange={setTotpSeed}
        />
      </div>
      <BotScopeField legend={t('credentials.botsMayUse')} value={bots} onChange={setBots} error={errors.bots} testId="credential-bots" />
      <FormActions testId="credential-save" label={t('credentials.save')} busyLabel={t('common.saving')} busy={saving} onCancel={onDone} />
    </form>
  );
}

/** One of the vault's text fields, its test id its id; `saved` marks a value the vault keeps. */
function VaultField({
  id,
  label,
  value,
  onChange,
  error,
  maxLength,
  saved = null,
  secret = false,
  wide = false,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  maxLength: number;
  saved?: ReactNode;
  secret?: boolean;
  wide?: boolean;
}) {
  return (
    <TextField
      id={id}
      label={label}
      labelAside={saved}
      error={error}
      wide={wide}
      type={secret ? 'password' : 'text'}
      // "new-password" keeps the browser from filling in the operator's own saved password.
      autoComplete={secret ? 'new-password' : 'off'}
      spellCheck={false}
      data-testid={id}
      value={value}
      maxLength={maxLength}
      onChange={onChange}
    />
  );
}

function normalSeed(seed: string): string {
  return seed.replace(/\s+/g, '').toUpperCase();
}

function readKind(value: string): CredentialKind {
  return CREDENTIAL_KINDS.find((kind) => kind === value) ?? 'login';
}
