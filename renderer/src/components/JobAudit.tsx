import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../electron/common/approvalContract';
import { JOB_STATES } from '../../../electron/common/domain';
import { formatDateTime } from '../format/time';
import { approvalHref } from '../router/routes';
import { useJobHuman } from '../stores/approvals';

/** Who did what to the open job, oldest first: created, cancelled, approved, handed back. */
export function JobAudit() {
  const { t } = useTranslation();
  const entries = useJobHuman((state) => state.audit);
  const status = useJobHuman((state) => state.status);
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
                <strong className="audit-actor">{entry.actor}</strong> {actionText(t, entry)}{' '}
                <code className="audit-action">{entry.action}</code>
              </span>
              <time className="history-time" dateTime={new Date(entry.at).toISOString()}>
                {formatDateTime(entry.at)}
              </time>
              <AuditDetail entry={entry} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function actionText(t: TFunction, entry: AuditEntry): string {
  const d = entry.detail;
  // A request's title is the bot's text; with none, the sentence simply leaves it out.
  const title = typeof d.title === 'string' ? t('audit.quotedTitle', { title: d.title }) : '';
  switch (entry.action) {
    case 'job.created':
      return t('audit.created');
    case 'job.rerun':
      return t('audit.rerun');
    case 'job.cancelled':
      return typeof d.from === 'string' ? t('audit.cancelledFrom', { state: stateLabel(t, d.from) }) : t('audit.cancelled');
    case 'job.run_now':
      return t('audit.runNow');
    case 'job.rescheduled':
      return typeof d.runAt === 'number' ? t('audit.rescheduledTo', { time: formatDateTime(d.runAt) }) : t('audit.rescheduled');
    case 'approval.decided':
      if (d.decision === 'approved') return t('audit.approved', { title });
      if (d.decision === 'rejected') return t('audit.rejected', { title });
      // A custom choice's label is the bot's text.
      return t('audit.chose', { choice: typeof d.decision === 'string' ? d.decision : '—', title });
    case 'approval.timed_out':
      return t('audit.timedOut', { title });
    case 'handoff.continue':
      return t('audit.handedBack', { title });
    case 'handoff.abort':
      return t('audit.abortedHandoff', { title });
    default:
      return entry.action;
  }
}

function stateLabel(t: TFunction, state: string): string {
  const known = JOB_STATES.find((candidate) => candidate === state);
  return known ? t(`jobState.${known}`) : state;
}

const SHOWN_IN_TEXT = new Set(['title', 'decision', 'from', 'runAt', 'approvalId', 'comment', 'selectedRows', 'botId']);

function worthShowing(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function AuditDetail({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const d = entry.detail;
  const comment = typeof d.comment === 'string' && d.comment ? d.comment : null;
  const rows = Array.isArray(d.selectedRows) ? (d.selectedRows as unknown[]).filter((n): n is number => typeof n === 'number') : null;
  const approvalId = typeof d.approvalId === 'number' ? d.approvalId : null;
  const rest = Object.entries(d).filter(([key, value]) => !SHOWN_IN_TEXT.has(key) && worthShowing(value));
  if (!comment && !rows && approvalId === null && rest.length === 0) return null;
  return (
    <div className="history-reason audit-detail">
      {comment && <p className="audit-comment">“{comment}”</p>}
      {rows && rows.length > 0 && <p>{t('audit.rows', { count: rows.length, rows: rows.map((n) => n + 1).join(', ') })}</p>}
      {rest.length > 0 && (
        <p className="muted">
          {rest.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' · ')}
        </p>
      )}
      {approvalId !== null && (
        <a href={approvalHref(approvalId)} className="small">
          {entry.action.startsWith('handoff.') ? t('audit.handoffLink', { id: approvalId }) : t('audit.approvalLink', { id: approvalId })}
        </a>
      )}
    </div>
  );
}
