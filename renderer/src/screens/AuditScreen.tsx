import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry, AuditVerification } from '../../../electron/common/auditContract';
import { actionText } from '../audit/auditText';
import { Actor } from '../components/Actor';
import { AuditDetails } from '../components/AuditDetails';
import { AuditFilters } from '../components/AuditFilters';
import { formatAuditTime, formatNumber } from '../format/time';
import { approvalHref, jobHref } from '../router/routes';
import { exportAudit, showAuditFrom, useAuditTrail } from '../queries/audit';
import { useAuditView, verifyAudit } from '../stores/auditView';
import { showError, showInfo } from '../stores/toasts';
import '../styles/admin.css';

/** The whole audit trail (admins): who did what, through which door, filtered, exported, and checked for tampering. */
export function AuditScreen() {
  const { t } = useTranslation();
  const { entries, status, hasMore, loadingMore, refetch, loadMore } = useAuditTrail();
  const filterVersion = useAuditView((state) => state.filterVersion);
  const verification = useAuditView((state) => state.verification);
  const verifying = useAuditView((state) => state.verifying);
  const [exporting, setExporting] = useState(false);
  const badId = verification?.firstBad?.id ?? null;

  async function exportCsv(): Promise<void> {
    setExporting(true);
    try {
      const { csv, rows, truncated } = await exportAudit();
      download(csv, `rpa-desk-audit-${today()}.csv`);
      if (truncated) showInfo(t('auditScreen.exportTruncated', { count: rows }));
      else showInfo(t('auditScreen.exported', { count: rows }));
    } catch (err) {
      showError(err, t('errors.auditExport'));
    } finally {
      setExporting(false);
    }
  }

  return (
    <section className="screen" data-testid="audit-screen">
      <header className="screen-header">
        <h1>{t('nav.audit')}</h1>
        <button type="button" className="button" onClick={refetch} disabled={status === 'loading'}>
          {t('common.refresh')}
        </button>
        <button type="button" className="button" data-testid="audit-export" disabled={exporting} onClick={() => void exportCsv()}>
          {exporting ? t('auditScreen.exporting') : t('auditScreen.export')}
        </button>
        <button type="button" className="button primary" data-testid="audit-verify" disabled={verifying} onClick={() => void verifyAudit()}>
          {verifying ? t('auditScreen.verifying') : t('auditScreen.verify')}
        </button>
      </header>
      {verification && <VerificationResult verification={verification} shown={entries.some((entry) => entry.id === badId)} />}
      <AuditFilters key={filterVersion} />
      <div className="panel table-panel admin-table-panel">
        <table className="jobs-table admin-table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('auditScreen.time')}</th>
              <th>{t('auditScreen.user')}</th>
              <th>{t('auditScreen.channel')}</th>
              <th>{t('auditScreen.target')}</th>
              <th>{t('auditScreen.actionAndDetails')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} bad={entry.id === badId} />
            ))}
          </tbody>
        </table>
        {entries.length === 0 && (
          <p className="empty">{status === 'failed' ? t('audit.loadFailed') : status === 'ready' ? t('auditScreen.noMatch') : t('common.loading')}</p>
        )}
      </div>
      {hasMore && (
        <div className="load-more">
          <button type="button" className="button" data-testid="audit-load-more" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t('common.loading') : t('common.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}

function VerificationResult({ verification, shown }: { verification: AuditVerification; shown: boolean }) {
  const { t } = useTranslation();
  const bad = verification.firstBad;
  if (verification.ok || !bad) {
    return (
      <p className="verify-result verify-ok" role="status" data-testid="audit-verify-result" data-ok="true">
        {t('auditScreen.chainIntact', { count: verification.checked, checked: formatNumber(verification.checked) })}
      </p>
    );
  }
  return (
    <div className="verify-result verify-bad" role="alert" data-testid="audit-verify-result" data-ok="false" data-bad-id={bad.id}>
      <p>
        {bad.problem === 'removed_after' && bad.id === 0 ? (
          <strong>{t('auditScreen.chainEmptied')}</strong>
        ) : (
          <>
            <strong>{t('auditScreen.chainBroken', { id: bad.id })}</strong> {t(`auditScreen.problem.${bad.problem}`)}
          </>
        )}
      </p>
      {/* main's own explanation of what it found. */}
      <p className="small">{bad.message}</p>
      <p className="small muted">{t('auditScreen.checkedBefore', { count: verification.checked, checked: formatNumber(verification.checked) })}</p>
      {bad.id === 0 ? null : shown ? (
        <button
          type="button"
          className="button small"
          data-testid="audit-go-to-bad"
          onClick={() => document.getElementById(`audit-row-${bad.id}`)?.scrollIntoView({ block: 'center' })}
        >
          {t('auditScreen.goToRow', { id: bad.id })}
        </button>
      ) : (
        <button type="button" className="button small" data-testid="audit-show-bad" onClick={() => showAuditFrom(bad.id)}>
          {t('auditScreen.showRow', { id: bad.id })}
        </button>
      )}
    </div>
  );
}

function AuditRow({ entry, bad }: { entry: AuditEntry; bad: boolean }) {
  const { t } = useTranslation();
  return (
    <tr
      id={`audit-row-${entry.id}`}
      className={bad ? 'audit-row audit-row-bad' : 'audit-row'}
      data-testid={`audit-row-${entry.id}`}
      data-action={entry.action}
      data-bad={bad ? 'true' : undefined}
      aria-describedby={bad ? `audit-bad-${entry.id}` : undefined}
    >
      <td className="nowrap">
        <time dateTime={new Date(entry.at).toISOString()}>{formatAuditTime(entry.at)}</time>
        <div className="cell-sub">#{entry.id}</div>
        {bad && (
          <div id={`audit-bad-${entry.id}`} className="bad-mark">
            {t('auditScreen.badRow')}
          </div>
        )}
      </td>
      <td>
        <Actor name={entry.actor} testId="audit-actor" />
      </td>
      <td>{entry.channel ? <span className="tag">{t(`auditScreen.channelName.${entry.channel}`)}</span> : <span className="muted">—</span>}</td>
      <td className="nowrap">
        <AuditTarget entry={entry} t={t} />
      </td>
      <td className="audit-action-cell">
        <span className="audit-words">{actionText(t, entry)}</span> <code className="audit-action">{entry.action}</code>
        <AuditDetails entry={entry} />
      </td>
    </tr>
  );
}

function AuditTarget({ entry, t }: { entry: AuditEntry; t: TFunction }) {
  const { targetType, targetId } = entry;
  if (targetType === 'vault') return <span>{t('auditScreen.targetName.vault')}</span>;
  if (targetId === 0) return <span className="muted">—</span>;
  const label = t(`auditScreen.targetName.${targetType}`, { id: targetId });
  switch (targetType) {
    case 'job':
      return <a href={jobHref(targetId)}>{label}</a>;
    case 'approval':
      return <a href={approvalHref(targetId)}>{label}</a>;
    case 'schedule':
      return <a href="#/schedules">{label}</a>;
    case 'user':
      return <a href="#/users">{label}</a>;
    case 'credential':
      return <a href="#/credentials">{label}</a>;
    default:
      return <span>{label}</span>;
  }
}

/** Hands `csv` to the browser as a file download, with a BOM so spreadsheet programs read it as UTF-8. */
function download(csv: string, fileName: string): void {
  const text = csv.startsWith('\uFEFF') ? csv : `\uFEFF${csv}`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a moment later: some browsers start reading the blob only after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function today(): string {
  const at = new Date();
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}
