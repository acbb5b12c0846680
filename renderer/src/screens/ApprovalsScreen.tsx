import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalSummary } from '../../../electron/common/approvalContract';
import { call } from '../api/client';
import { ApprovalStatusBadge, KindTag, decisionText } from '../components/ApprovalBits';
import { BotFilter } from '../components/BotFilter';
import { formatDateTime } from '../format/time';
import { approvalHref, jobHref } from '../router/routes';
import { navigate } from '../router/useRoute';
import { setInboxFilter, useInbox, usePendingApprovals } from '../queries/approvals';
import { useAppInfo } from '../queries/appInfo';
import { useBots } from '../queries/botList';
import { requestNotificationPermission, useNotifications } from '../stores/approvalAlerts';
import { useInboxView, type InboxTab } from '../stores/approvalInbox';
import { useActorName } from '../queries/directory';
import { usePermission } from '../stores/session';
import { showError } from '../stores/toasts';
import '../styles/jobcontrol.css';
import '../styles/approvals.css';

const TABS: readonly InboxTab[] = ['pending', 'decided', 'all'];

interface BulkResult {
  approvalId: number;
  ok: boolean;
  message: string;
}

/** Everything bots asked people, newest first: pending ones to decide, decided ones to look back on. */
export function ApprovalsScreen() {
  const { t } = useTranslation();
  const { tab, botId } = useInboxView();
  const { approvals, status, hasMore, loadingMore, refetch, loadMore } = useInbox();
  const { pendingCount } = usePendingApprovals();
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const [bulkError, setBulkError] = useState<string | null>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const [sending, setSending] = useState(false);
  const mayDecide = usePermission('approvals.decide');

  // The bot filter lists the bots: load them with the rows.
  useBots();

  // Only rows that can still be decided together stay ticked.
  const bulkIds = new Set(mayDecide ? approvals.filter((a) => a.allowBulk && a.status === 'pending').map((a) => a.id) : []);
  const selected = [...checked].filter((id) => bulkIds.has(id));

  function toggle(id: number): void {
    setChecked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function decideSelected(decision: 'approved' | 'rejected'): Promise<void> {
    const text = comment.trim();
    if (decision === 'rejected' && !text) {
      setBulkError(t('approval.rejectNeedsComment'));
      return;
    }
    setBulkError(null);
    setSending(true);
    try {
      const answer = await call('approvals.decideMany', { approvalIds: selected, decision, ...(text ? { comment: text } : {}) });
      setResults(answer.results);
      setChecked(new Set());
      setRejecting(false);
      setComment('');
      // The events follow; reload so every row shows its outcome even if one is missed.
      refetch();
    } catch (err) {
      showError(err, t('approvals.bulkFailed'));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="screen approvals-screen" data-testid="approvals-screen">
      <header className="screen-header">
        <h1>{t('nav.approvals')}</h1>
        <NotificationButton />
        <button type="button" className="button" onClick={refetch} disabled={status === 'loading'}>
          {t('common.refresh')}
        </button>
      </header>
      <div className="filters approvals-filters">
        <div className="tabs" role="tablist" aria-label={t('approvals.status')}>
          {TABS.map((item) => (
            <button
              key={item}
              type="button"
              role="tab"
              aria-selected={tab === item}
              className={tab === item ? 'tab active' : 'tab'}
              data-testid={`approvals-tab-${item}`}
              onClick={() => setInboxFilter(item, botId)}
            >
              {t(`approvals.tab.${item}`)}
              {item === 'pending' && pendingCount > 0 && <span className="tab-count">{pendingCount}</span>}
            </button>
          ))}
        </div>
        <BotFilter testId="approvals-filter-bot" value={botId} onChange={(id) => setInboxFilter(tab, id)} />
      </div>

      {bulkIds.size > 0 && (
        <div className="panel bulk-bar" data-testid="bulk-bar">
          <span className="muted small" data-testid="bulk-count">
            {t('approvals.selected', { count: selected.length })}
          </span>
          <button
            type="button"
            className="button primary small"
            data-testid="bulk-approve"
            disabled={selected.length === 0 || sending}
            onClick={() => void decideSelected('approved')}
          >
            {t('approvals.approveSelected')}
          </button>
          <button
            type="button"
            className="button danger small"
            data-testid="bulk-reject"
            disabled={selected.length === 0 || sending}
            onClick={() => (rejecting ? void decideSelected('rejected') : setRejecting(true))}
          >
            {rejecting ? t('approvals.confirmReject') : t('approvals.rejectSelected')}
          </button>
          {rejecting && (
            <>
              <input
                type="text"
                className="bulk-comment"
                data-testid="bulk-comment"
                placeholder={t('approvals.rejectPlaceholder')}
                aria-label={t('approvals.rejectComment')}
                maxLength={2_000}
                value={comment}
                autoFocus
                onChange={(event) => setComment(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') void decideSelected('rejected');
                  if (event.key === 'Escape') setRejecting(false);
                }}
              />
              <button type="button" className="button small" onClick={() => setRejecting(false)}>
                {t('common.cancel')}
              </button>
            </>
          )}
          {bulkError && (
            <span className="field-error" role="alert" data-testid="bulk-error">
              {bulkError}
            </span>
          )}
        </div>
      )}
      {results && (
        <div className="panel bulk-results" data-testid="bulk-results">
          <ul>
            {results.map((result) => (
              <li key={result.approvalId} className={result.ok ? 'bulk-ok' : 'bulk-failed'} data-testid={`bulk-result-${result.approvalId}`}>
                {/* The message is main's; translated there in a later step. */}
                <a href={approvalHref(result.approvalId)}>#{result.approvalId}</a> {result.message}
              </li>
            ))}
          </ul>
          <button type="button" className="toast-close" aria-label={t('common.dismiss')} onClick={() => setResults(null)}>
            ×
          </button>
        </div>
      )}

      <div className="panel table-panel">
        <table className="jobs-table approvals-table" data-testid="approvals-table">
          <thead>
            <tr>
              <th className="select-cell" aria-label={t('approvals.select')} />
              <th>{t('approvals.request')}</th>
              <th>{t('jobs.job')}</th>
              <th>{t('approvals.kind')}</th>
              <th>{t('approvals.status')}</th>
              <th>{t('approvals.asked')}</th>
              <th>{t('approvals.timesOut')}</th>
            </tr>
          </thead>
          <tbody>
            {approvals.map((approval) => (
              <ApprovalRow key={approval.id} approval={approval} checked={checked.has(approval.id)} onToggle={toggle} mayDecide={mayDecide} />
            ))}
          </tbody>
        </table>
        {approvals.length === 0 && <p className="empty">{emptyMessage(t, status, tab, botId)}</p>}
      </div>
      {hasMore && (
        <div className="load-more">
          <button type="button" className="button" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? t('common.loading') : t('common.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}

function ApprovalRow({
  approval,
  checked,
  onToggle,
  mayDecide,
}: {
  approval: ApprovalSummary;
  checked: boolean;
  onToggle: (id: number) => void;
  mayDecide: boolean;
}) {
  const { t } = useTranslation();
  const actorName = useActorName();
  const bulk = mayDecide && approval.allowBulk && approval.status === 'pending';
  return (
    <tr
      className={`job-row approval-row status-${approval.status}`}
      data-testid={`approval-row-${approval.id}`}
      onClick={() => navigate(approvalHref(approval.id))}
    >
      <td className="select-cell" onClick={(event) => event.stopPropagation()}>
        {bulk && (
          <input
            type="checkbox"
            aria-label={t('approvals.selectOne', { id: approval.id })}
            data-testid={`approval-select-${approval.id}`}
            checked={checked}
            onChange={() => onToggle(approval.id)}
          />
        )}
      </td>
      <td>
        <div className="cell-title">
          <a href={approvalHref(approval.id)} onClick={(event) => event.stopPropagation()}>
            {approval.title}
          </a>
        </div>
        <div className="cell-sub">{approval.botTitle}</div>
      </td>
      <td>
        <a href={jobHref(approval.jobId)} onClick={(event) => event.stopPropagation()} data-testid="approval-job">
          #{approval.jobId}
        </a>
      </td>
      <td>
        <KindTag kind={approval.kind} />
      </td>
      <td>
        <ApprovalStatusBadge status={approval.status} />
        {approval.status === 'decided' && (
          <div className="cell-sub" data-testid="approval-decision">
            {approval.decidedBy
              ? t('outcome.decidedBy', { decision: decisionText(t, approval.decision), user: actorName(approval.decidedBy) })
              : decisionText(t, approval.decision)}
          </div>
        )}
      </td>
      <td className="nowrap">{formatDateTime(approval.createdAt)}</td>
      <td className="nowrap">{approval.timeoutAt === null ? <span className="muted">—</span> : formatDateTime(approval.timeoutAt)}</td>
    </tr>
  );
}

/** Asks for desktop notifications; shown until the browser allows or refuses them. */
function NotificationButton() {
  const { t } = useTranslation();
  const permission = useNotifications((state) => state.permission);
  // In Electron the app shows desktop notifications itself.
  const electron = useAppInfo()?.mode === 'electron';
  if (electron || permission === 'granted' || permission === 'unsupported') return null;
  if (permission === 'denied') return <span className="muted small">{t('approvals.notificationsBlocked')}</span>;
  return (
    <button type="button" className="button small" data-testid="enable-notifications" onClick={() => void requestNotificationPermission()}>
      {t('approvals.enableNotifications')}
    </button>
  );
}

function emptyMessage(t: TFunction, status: string, tab: InboxTab, botId: string | null): string {
  if (status === 'loading') return t('approvals.loading');
  if (status === 'failed') return t('approvals.loadFailed');
  // Whole sentences per case: "for this bot" goes in a different place in each language.
  const scope = botId ? 'forBot' : 'all';
  return t(`approvals.empty.${tab}.${scope}`);
}
