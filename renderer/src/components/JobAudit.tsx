import { useTranslation } from 'react-i18next';
import { actionText } from '../audit/auditText';
import { formatDateTime } from '../format/time';
import { useJobAudit } from '../queries/approvals';
import { Actor } from './Actor';
import { AuditDetails } from './AuditDetails';

/** Who did what to the open job, oldest first: created, cancelled, approved, handed back. */
export function JobAudit({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  const { entries, status } = useJobAudit(jobId);
  const oldestFirst = [...entries].sort((a, b) => a.at - b.at || a.id - b.id);
  return (
    <section className="panel" data-testid="job-audit">
      <h2>{t('audit.title')}</h2>
      {oldestFirst.length === 0 ? (
        <p className="muted small">{status === 'loading' ? t('common.loading') : status === 'failed' ? t('audit.loadFailed') : t('audit.empty')}</p>
      ) : (
        <ol className="history audit-list">
          {oldestFirst.map((entry) => (
            <li key={entry.id} className="history-item audit-entry" data-testid="audit-entry" data-action={entry.action}>
              <span className="audit-what">
                <strong className="audit-actor">
                  <Actor name={entry.actor} />
                </strong>{' '}
                {actionText(t, entry)} <code className="audit-action">{entry.action}</code>
              </span>
              <time className="history-time" dateTime={new Date(entry.at).toISOString()}>
                {formatDateTime(entry.at)}
              </time>
              <AuditDetails entry={entry} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
