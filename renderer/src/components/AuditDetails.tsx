import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../electron/common/auditContract';
import { changedFields, recordedValues, shown } from '../audit/auditText';
import { approvalHref, jobHref } from '../router/routes';

// Said in the action's words already, or shown below in their own form. `channel` has its own
// column on the Audit screen (sign-in failures repeat it in their detail), and their `reason` is in words.
const SHOWN_IN_TEXT = new Set(['title', 'decision', 'from', 'runAt', 'approvalId', 'jobId', 'comment', 'selectedRows', 'botId', 'before', 'after', 'channel']);

function worthShowing(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** What an audit entry recorded beyond its action: a comment, chosen rows, before → after of an edit, the rest as recorded. */
export function AuditDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const d = entry.detail;
  const comment = typeof d.comment === 'string' && d.comment ? d.comment : null;
  const rows = Array.isArray(d.selectedRows) ? (d.selectedRows as unknown[]).filter((n): n is number => typeof n === 'number') : null;
  const approvalId = typeof d.approvalId === 'number' ? d.approvalId : null;
  // A job the action led to or came from (a credential used, a schedule run), unless it is the target itself.
  const jobId = typeof d.jobId === 'number' && !(entry.targetType === 'job' && entry.targetId === d.jobId) ? d.jobId : null;
  const changes = changedFields(d);
  const values = recordedValues(d);
  const inWords = (key: string) => SHOWN_IN_TEXT.has(key) || (key === 'reason' && entry.action === 'session.sign_in_failed');
  const rest = Object.entries(d).filter(([key, value]) => !inWords(key) && worthShowing(value));
  if (!comment && !rows && approvalId === null && jobId === null && changes.length === 0 && values.length === 0 && rest.length === 0) return null;
  return (
    <div className="history-reason audit-detail">
      {comment && <p className="audit-comment">“{comment}”</p>}
      {rows && rows.length > 0 && <p>{t('audit.rows', { count: rows.length, rows: rows.map((n) => n + 1).join(', ') })}</p>}
      {changes.length > 0 && (
        <ul className="audit-changes" aria-label={t('auditScreen.changes')} data-testid="audit-changes">
          {changes.map(([key, before, after]) => (
            <li key={key}>
              {key && <code>{key}</code>} <span className="audit-before">{before}</span>{' '}
              <span className="arrow" aria-label={t('history.to')}>
                →
              </span>{' '}
              <span className="audit-after">{after}</span>
            </li>
          ))}
        </ul>
      )}
      {values.length > 0 && (
        <p className="audit-values" data-testid="audit-values">
          {values.map(([key, value]) => `${key}: ${value}`).join(' · ')}
        </p>
      )}
      {rest.length > 0 && <p className="muted">{rest.map(([key, value]) => `${key}: ${shown(value)}`).join(' · ')}</p>}
      {jobId !== null && (
        <a href={jobHref(jobId)} className="small">
          {t('auditScreen.targetName.job', { id: jobId })}
        </a>
      )}
      {approvalId !== null && (
        <a href={approvalHref(approvalId)} className="small">
          {entry.action.startsWith('handoff.') ? t('audit.handoffLink', { id: approvalId }) : t('audit.approvalLink', { id: approvalId })}
        </a>
      )}
    </div>
  );
}
