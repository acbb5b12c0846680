import type { AuditEntry } from '../../../electron/common/approvalContract';
import { formatDateTime } from '../format/time';
import { approvalHref } from '../router/routes';
import { useJobHuman } from '../stores/approvals';
import { decisionText } from './ApprovalBits';

/** Who did what to the open job, oldest first: created, cancelled, approved, handed back. */
export function JobAudit() {
  const entries = useJobHuman((state) => state.audit);
  const status = useJobHuman((state) => state.status);
  const oldestFirst = [...entries].sort((a, b) => a.at - b.at || a.id - b.id);
  return (
    <section className="panel" data-testid="job-audit">
      <h2>Audit trail</h2>
      {oldestFirst.length === 0 ? (
        <p className="muted small">{status === 'loading' ? 'Loading…' : status === 'failed' ? 'The audit trail could not be loaded.' : 'Nothing recorded yet.'}</p>
      ) : (
        <ol className="history audit-list">
          {oldestFirst.map((entry) => (
            <li key={entry.id} className="history-item audit-entry" data-testid="audit-entry" data-action={entry.action}>
              <span className="audit-what">
                <strong className="audit-actor">{entry.actor}</strong> {actionText(entry)}{' '}
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

function actionText(entry: AuditEntry): string {
  const d = entry.detail;
  const title = typeof d.title === 'string' ? ` “${d.title}”` : '';
  switch (entry.action) {
    case 'job.created':
      return 'started the job';
    case 'job.rerun':
      return 'started this job as a rerun';
    case 'job.cancelled':
      return typeof d.from === 'string' ? `cancelled the job (it was ${d.from})` : 'cancelled the job';
    case 'job.run_now':
      return 'ran the job now';
    case 'job.rescheduled':
      return typeof d.runAt === 'number' ? `rescheduled the job to ${formatDateTime(d.runAt)}` : 'rescheduled the job';
    case 'approval.decided':
      return `${decisionText(typeof d.decision === 'string' ? d.decision : null).toLowerCase()}${title}`;
    case 'approval.timed_out':
      return `closed${title}: it timed out`;
    case 'handoff.continue':
      return `handed the browser back${title}`;
    case 'handoff.abort':
      return `aborted at the hand-off${title}`;
    default:
      return entry.action;
  }
}

const SHOWN_IN_TEXT = new Set(['title', 'decision', 'from', 'runAt', 'approvalId', 'comment', 'selectedRows', 'botId']);

function worthShowing(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function AuditDetail({ entry }: { entry: AuditEntry }) {
  const d = entry.detail;
  const comment = typeof d.comment === 'string' && d.comment ? d.comment : null;
  const rows = Array.isArray(d.selectedRows) ? (d.selectedRows as unknown[]).filter((n): n is number => typeof n === 'number') : null;
  const approvalId = typeof d.approvalId === 'number' ? d.approvalId : null;
  const rest = Object.entries(d).filter(([key, value]) => !SHOWN_IN_TEXT.has(key) && worthShowing(value));
  if (!comment && !rows && approvalId === null && rest.length === 0) return null;
  return (
    <div className="history-reason audit-detail">
      {comment && <p className="audit-comment">“{comment}”</p>}
      {rows && rows.length > 0 && <p>Rows {rows.map((n) => n + 1).join(', ')}</p>}
      {rest.length > 0 && (
        <p className="muted">
          {rest.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' · ')}
        </p>
      )}
      {approvalId !== null && (
        <a href={approvalHref(approvalId)} className="small">
          {entry.action.startsWith('handoff.') ? 'Hand-off' : 'Approval'} #{approvalId}
        </a>
      )}
    </div>
  );
}
