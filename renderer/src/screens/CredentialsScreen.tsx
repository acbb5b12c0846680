import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BotSummary } from '../../../electron/common/domain';
import type { CredentialSummary } from '../../../electron/common/vaultContract';
import { useScopeText } from '../components/BotScopeField';
import { CredentialEditor } from '../components/CredentialEditor';
import { formatDateTime, formatShortTime } from '../format/time';
import { jobHref } from '../router/routes';
import { useBots } from '../queries/botList';
import { credentialsFor, defaultFor, deleteCredential, rotateVaultKey, setCredentialDefault, useCredentials, useVaultStatus } from '../queries/credentials';
import { errorMessage, showInfo } from '../stores/toasts';
import '../styles/admin.css';

/** The credential vault (admins): its entries, never their values; which bots use which; the key's protection. */
export function CredentialsScreen() {
  const { t } = useTranslation();
  const { credentials, status, error, refetch } = useCredentials();
  const [editing, setEditing] = useState<CredentialSummary | 'new' | null>(null);

  return (
    <section className="screen" data-testid="credentials-screen">
      <header className="screen-header">
        <h1>{t('nav.credentials')}</h1>
        <button type="button" className="button" onClick={refetch} disabled={status === 'loading'}>
          {t('common.refresh')}
        </button>
        <button type="button" className="button primary" data-testid="credential-new" disabled={editing !== null} onClick={() => setEditing('new')}>
          {t('credentials.new')}
        </button>
      </header>
      <VaultStatusLine />
      {editing !== null && (
        <CredentialEditor key={editing === 'new' ? 'new' : editing.id} credential={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      )}
      <div className="panel table-panel admin-table-panel">
        <table className="jobs-table admin-table" data-testid="credentials-table">
          <thead>
            <tr>
              <th>{t('credentials.name')}</th>
              <th>{t('credentials.kind')}</th>
              <th>{t('credentials.totp')}</th>
              <th>{t('credentials.bots')}</th>
              <th>{t('credentials.usedBy')}</th>
              <th>{t('credentials.lastUsed')}</th>
              <th>
                <span className="offscreen">{t('credentials.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {credentials.map((credential) => (
              <CredentialRow key={credential.id} credential={credential} editing={editing !== null} onEdit={() => setEditing(credential)} />
            ))}
          </tbody>
        </table>
        {credentials.length === 0 && (
          <p className="empty">
            {status === 'failed' ? t('credentials.loadFailed', { error: error ?? '' }) : status === 'ready' ? t('credentials.empty') : t('common.loading')}
          </p>
        )}
      </div>
      <CredentialDefaults />
    </section>
  );
}

function VaultStatusLine() {
  const { t } = useTranslation();
  const vault = useVaultStatus();
  const [confirming, setConfirming] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function rotate(): Promise<void> {
    setRotating(true);
    setError(null);
    try {
      const count = await rotateVaultKey();
      showInfo(t('vault.rotated', { count }));
      setConfirming(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setRotating(false);
    }
  }

  return (
    <section className="panel vault-status" data-testid="vault-status" aria-label={t('vault.label')}>
      <div className="vault-line">
        <p className="vault-text" data-testid="vault-protection" data-protection={vault?.protection}>
          {vault ? t('vault.status', { how: t(`vault.protection.${vault.protection}`), count: vault.entries }) : t('common.loading')}
        </p>
        {!confirming && (
          <button type="button" className="button small" data-testid="vault-rotate" disabled={!vault} onClick={() => setConfirming(true)}>
            {t('vault.rotate')}
          </button>
        )}
      </div>
      {vault?.warning && (
        <p className="vault-warning" role="alert" data-testid="vault-warning">
          {/* main's words: why the protection is weaker than it should be. */}
          {vault.warning}
        </p>
      )}
      {confirming && vault && (
        <div className="confirm-row" data-testid="vault-rotate-confirm">
          <p className="small">{t('vault.rotateConfirm', { count: vault.entries })}</p>
          <button type="button" className="button small primary" data-testid="vault-rotate-now" disabled={rotating} onClick={() => void rotate()}>
            {rotating ? t('vault.rotating') : t('vault.rotateNow')}
          </button>
          <button type="button" className="button small" disabled={rotating} onClick={() => setConfirming(false)}>
            {t('vault.keepKey')}
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="vault-error">
          {error}
        </p>
      )}
    </section>
  );
}

function CredentialRow({ credential, editing, onEdit }: { credential: CredentialSummary; editing: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const scopeText = useScopeText();
  const { bots } = useBots();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const usingBots = credential.usedBy.bots.map((id) => bots.find((bot) => bot.id === id)?.title ?? id);

  async function remove(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await deleteCredential(credential.id);
      showInfo(t('credentials.deleted', { name: credential.name }));
    } catch (err) {
      // The core's refusal names the bots and schedules still using it.
      setError(errorMessage(err));
      setConfirming(false);
      setBusy(false);
    }
  }

  return (
    <Fragment>
      <tr className="admin-row" data-testid={`credential-row-${credential.id}`} data-name={credential.name}>
        <td className="name-cell">
          <div className="cell-title">{credential.name}</div>
          {credential.description && <div className="cell-note">{credential.description}</div>}
        </td>
        <td>
          <span className="tag">{t(`credentials.kindName.${credential.kind}`)}</span>
        </td>
        <td data-testid="credential-totp-cell">{credential.hasTotp ? t('common.yes') : t('common.no')}</td>
        <td className="wrap-cell">{scopeText(credential.bots)}</td>
        <td className="wrap-cell" data-testid="credential-used-by">
          {usingBots.length === 0 && credential.usedBy.schedules.length === 0 ? (
            <span className="muted">{t('credentials.unused')}</span>
          ) : (
            <>
              {usingBots.length > 0 && <div>{t('credentials.usedByBots', { bots: usingBots.join(', ') })}</div>}
              {credential.usedBy.schedules.length > 0 && (
                <div>
                  {t('credentials.usedBySchedules')}{' '}
                  {credential.usedBy.schedules.map((schedule, index) => (
                    <Fragment key={schedule.id}>
                      {index > 0 && ', '}
                      <a href="#/schedules">{schedule.name}</a>
                    </Fragment>
                  ))}
                </div>
              )}
            </>
          )}
        </td>
        <td className="nowrap" data-testid="credential-last-used">
          {credential.lastUsed ? (
            <>
              <time dateTime={new Date(credential.lastUsed.at).toISOString()} title={formatDateTime(credential.lastUsed.at)}>
                {formatShortTime(credential.lastUsed.at)}
              </time>
              <div className="cell-sub">
                <a href={jobHref(credential.lastUsed.jobId)}>{t('credentials.lastJob', { id: credential.lastUsed.jobId })}</a>
              </div>
            </>
          ) : (
            <span className="muted">{t('credentials.never')}</span>
          )}
        </td>
        <td className="row-actions">
          <div className="row-actions-inner">
            <button
              type="button"
              className="button small"
              data-testid="credential-edit"
              aria-label={t('credentials.editName', { name: credential.name })}
              disabled={editing}
              onClick={onEdit}
            >
              {t('credentials.edit')}
            </button>
            {confirming ? (
              <>
                <button type="button" className="button small danger" data-testid="credential-delete-confirm" disabled={busy} onClick={() => void remove()}>
                  {t('credentials.deleteConfirm')}
                </button>
                <button type="button" className="button small" disabled={busy} onClick={() => setConfirming(false)}>
                  {t('credentials.keep')}
                </button>
              </>
            ) : (
              <button
                type="button"
                className="button small"
                data-testid="credential-delete"
                aria-label={t('credentials.deleteName', { name: credential.name })}
                onClick={() => setConfirming(true)}
              >
                {t('credentials.delete')}
              </button>
            )}
          </div>
        </td>
      </tr>
      {error && (
        <tr className="admin-row-extra">
          <td colSpan={7}>
            <p className="field-error" role="alert" data-testid="credential-row-error">
              {error}
            </p>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/** For each credential slot of each bot, which entry it gets when a job does not choose. */
function CredentialDefaults() {
  const { t } = useTranslation();
  const { bots } = useBots();
  const withSlots = bots.filter((bot) => bot.credentials.length > 0);
  return (
    <section className="panel" data-testid="credential-defaults" aria-labelledby="credential-defaults-title">
      <h2 id="credential-defaults-title">{t('credentials.defaultsTitle')}</h2>
      <p className="muted small">{t('credentials.defaultsIntro')}</p>
      {withSlots.length === 0 ? (
        <p className="muted small">{t('credentials.noSlots')}</p>
      ) : (
        <table className="param-table defaults-table">
          <thead>
            <tr>
              <th>{t('job.bot')}</th>
              <th>{t('credentials.slot')}</th>
              <th>{t('credentials.defaultEntry')}</th>
            </tr>
          </thead>
          <tbody>{withSlots.flatMap((bot) => bot.credentials.map((slot) => <DefaultRow key={`${bot.id}/${slot.slot}`} bot={bot} slot={slot} />))}</tbody>
        </table>
      )}
    </section>
  );
}

function DefaultRow({ bot, slot }: { bot: BotSummary; slot: { slot: string; title: string } }) {
  const { t } = useTranslation();
  const { credentials, defaults } = useCredentials();
  const current = defaultFor(defaults, bot.id, slot.slot);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const allowed = credentialsFor(credentials, bot.id);

  async function choose(value: string): Promise<void> {
    setSaving(true);
    setError(null);
    try {
      await setCredentialDefault(bot.id, slot.slot, value === '' ? null : Number(value));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <tr data-testid={`credential-default-${bot.id}-${slot.slot}`}>
      <td>{bot.title}</td>
      <td>
        {slot.title} <code className="muted small">{slot.slot}</code>
      </td>
      <td>
        <select
          aria-label={t('credentials.defaultFor', { bot: bot.title, slot: slot.title })}
          value={current === null ? '' : String(current)}
          disabled={saving}
          onChange={(event) => void choose(event.target.value)}
        >
          <option value="">{t('credentials.noDefault')}</option>
          {allowed.map((credential) => (
            <option key={credential.id} value={credential.id}>
              {credential.name}
            </option>
          ))}
        </select>
        {allowed.length === 0 && <p className="field-hint">{t('credentials.noneAllowed', { bot: bot.title })}</p>}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
