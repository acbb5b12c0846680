import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalDetail } from '../../../electron/common/approvalContract';
import { RpaError } from '../../../electron/common/errors';
import { call } from '../api/client';
import { ApprovalFiles } from '../components/ApprovalFiles';
import { ApprovalStatusBadge, KindTag, outcomeText } from '../components/ApprovalBits';
import { NotFound } from '../components/NotFound';
import { formatDateTime } from '../format/time';
import { jobHref } from '../router/routes';
import { applyApprovalUpdate, reloadApproval, useApproval } from '../queries/approvals';
import { useActorName } from '../queries/directory';
import { usePermission } from '../stores/session';
import { errorMessage, showError } from '../stores/toasts';
import '../styles/approvals.css';

/** One approval or hand-off: what the bot asks, its table and files, and the operator's answer. */
export function ApprovalScreen({ approvalId }: { approvalId: number }) {
  const { t } = useTranslation();
  const { detail, status } = useApproval(approvalId);

  return (
    <section className="screen approval-screen" data-testid="approval-screen">
      <nav className="breadcrumb" aria-label={t('common.breadcrumb')}>
        <a href="#/approvals">{t('nav.approvals')}</a>
        <span aria-hidden="true">/</span>
        <span>#{approvalId}</span>
      </nav>
      {status === 'not_found' ? (
        <NotFound message={t('notFound.approval', { id: String(approvalId) })} />
      ) : !detail ? (
        <p className="muted">{status === 'failed' ? t('approval.loadFailed', { id: approvalId }) : t('approval.loading')}</p>
      ) : (
        <ApprovalBody key={detail.id} detail={detail} />
      )}
    </section>
  );
}

function ApprovalBody({ detail }: { detail: ApprovalDetail }) {
  const { t } = useTranslation();
  const rowCount = detail.table?.rows.length ?? 0;
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set(detail.selectedRows ?? Array.from({ length: rowCount }, (_, i) => i)));
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const open = detail.status === 'pending';
  const selectable = detail.table?.selectable === true;
  const mayDecide = usePermission('approvals.decide');
  const actorName = useActorName();

  // Once decided, the table shows the rows that were chosen.
  useEffect(() => {
    if (!open && detail.selectedRows) setSelected(new Set(detail.selectedRows));
  }, [open, detail.selectedRows]);

  async function decide(decision: string): Promise<void> {
    const text = comment.trim();
    if (decision === 'rejected' && !text) {
      setError(t('approval.rejectNeedsComment'));
      return;
    }
    if (decision === 'approved' && selectable && selected.size === 0) {
      setError(t('approval.selectRow'));
      return;
    }
    setError(null);
    setSending(true);
    try {
      const summary = await call('approvals.decide', {
        approvalId: detail.id,
        decision,
        ...(text ? { comment: text } : {}),
        ...(selectable && decision === 'approved' ? { selectedRows: [...selected].sort((a, b) => a - b) } : {}),
      });
      applyApprovalUpdate(summary);
    } catch (err) {
      const fieldMessage = err instanceof RpaError ? err.fields?.comment : undefined;
      setError(fieldMessage ? `${errorMessage(err)}: ${fieldMessage}` : errorMessage(err));
      showError(err, t('approval.decideFailed'));
      reloadApproval(detail.id);
    } finally {
      setSending(false);
    }
  }

  function toggle(index: number): void {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  }

  function toggleAll(): void {
    setSelected((current) => (current.size === rowCount ? new Set() : new Set(Array.from({ length: rowCount }, (_, i) => i))));
  }

  return (
    <>
      <header className="panel approval-header">
        <div className="approval-title-row">
          <h1 data-testid="approval-title">{detail.title}</h1>
          <KindTag kind={detail.kind} />
          <ApprovalStatusBadge status={detail.status} />
        </div>
        <dl className="facts">
          <div className="fact">
            <dt>{t('job.bot')}</dt>
            <dd data-testid="approval-bot">{detail.botTitle}</dd>
          </div>
          <div className="fact">
            <dt>{t('jobs.job')}</dt>
            <dd>
              <a href={jobHref(detail.jobId)} data-testid="approval-job">
                {t('job.title', { id: detail.jobId })}
              </a>
            </dd>
          </div>
          <div className="fact">
            <dt>{t('approvals.asked')}</dt>
            <dd>{formatDateTime(detail.createdAt)}</dd>
          </div>
          {detail.timeoutAt !== null && (
            <div className="fact">
              <dt>{t('approvals.timesOut')}</dt>
              <dd data-testid="approval-timeout">{formatDateTime(detail.timeoutAt)}</dd>
            </div>
          )}
        </dl>
        {detail.summary && <p className="approval-summary">{detail.summary}</p>}
      </header>

      <div className="approval-grid">
        <div className="approval-main">
          {detail.fields.length > 0 && (
            <section className="panel">
              <h2>{t('approval.details')}</h2>
              <dl className="key-values approval-fields" data-testid="approval-fields">
                {detail.fields.map((field, index) => (
                  <div className="key-value" key={index}>
                    <dt>{field.label}</dt>
                    <dd>{field.value}</dd>
                  </div>
                ))}
              </dl>
            </section>
          )}

          {detail.table && (
            <section className="panel table-panel approval-table-panel">
              <div className="approval-table-header">
                <h2>{t('approval.rows')}</h2>
                {selectable && (
                  <span className="muted small" data-testid="approval-selected-count">
                    {t('approval.selectedCount', { selected: selected.size, count: rowCount })}
                  </span>
                )}
              </div>
              <table className="jobs-table approval-table" data-testid="approval-table">
                <thead>
                  <tr>
                    {selectable && (
                      <th className="select-cell">
                        <input
                          type="checkbox"
                          aria-label={t('approval.selectAll')}
                          data-testid="approval-select-all"
                          checked={rowCount > 0 && selected.size === rowCount}
                          disabled={!open || !mayDecide}
                          onChange={toggleAll}
                        />
                      </th>
                    )}
                    {detail.table.columns.map((column, index) => (
                      <th key={index}>{column}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {detail.table.rows.map((row, rowIndex) => (
                    <tr key={rowIndex} className={selectable && !selected.has(rowIndex) ? 'row-unselected' : undefined}>
                      {selectable && (
                        <td className="select-cell">
                          <input
                            type="checkbox"
                            aria-label={t('approval.selectRowNumber', { row: rowIndex + 1 })}
                            data-testid="approval-row-select"
                            checked={selected.has(rowIndex)}
                            disabled={!open || !mayDecide}
                            onChange={() => toggle(rowIndex)}
                          />
                        </td>
                      )}
                      {row.map((cell, cellIndex) => (
                        <td key={cellIndex} className={typeof cell === 'number' ? 'numeric' : undefined}>
                          {cell}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}

          <ApprovalFiles files={detail.files} />
        </div>
        <aside className="approval-side">
          {!open && (
            <section
              className={`approval-outcome outcome-${detail.status} ${detail.decision === 'rejected' || detail.decision === 'abort' ? 'outcome-negative' : ''}`}
              data-testid="approval-outcome"
            >
              <strong>{outcomeText(t, detail, actorName)}</strong>
              {detail.comment && detail.status === 'decided' && <p className="outcome-comment">“{detail.comment}”</p>}
              {selectable && detail.selectedRows && detail.decision === 'approved' && (
                <p className="outcome-rows">{t('approval.rowsChosen', { chosen: detail.selectedRows.length, count: rowCount })}</p>
              )}
            </section>
          )}

          {open && !mayDecide && (
            <p className="panel muted small" data-testid="approval-no-permission">
              {t('approval.mayNotDecide')}
            </p>
          )}
          {detail.kind === 'approval' && (mayDecide || !open) && (
            <section className="panel approval-decision">
              <h2>{t('approval.decision')}</h2>
              <label className="field">
                <span>
                  {t('approval.comment')} {open && <span className="muted small">{t('approval.commentRequired')}</span>}
                </span>
                <textarea
                  data-testid="approval-comment"
                  className="approval-comment"
                  rows={3}
                  maxLength={2_000}
                  value={open ? comment : (detail.comment ?? '')}
                  disabled={!open || sending}
                  onChange={(event) => {
                    setComment(event.target.value);
                    if (error && event.target.value.trim()) setError(null);
                  }}
                />
              </label>
              {error && (
                <p className="field-error" role="alert" data-testid="approval-error">
                  {error}
                </p>
              )}
              {mayDecide && (
                <div className="form-actions">
                  <button type="button" className="button primary" data-testid="approve" disabled={!open || sending} onClick={() => void decide('approved')}>
                    {selectable ? t('approval.approveCount', { selected: selected.size, count: rowCount }) : t('approval.approve')}
                  </button>
                  <button type="button" className="button danger" data-testid="reject" disabled={!open || sending} onClick={() => void decide('rejected')}>
                    {t('approval.reject')}
                  </button>
                  {detail.choices.map((choice) => (
                    <button
                      key={choice.id}
                      type="button"
                      className="button"
                      data-testid={`choice-${choice.id}`}
                      disabled={!open || sending}
                      onClick={() => void decide(choice.id)}
                    >
                      {choice.label}
                    </button>
                  ))}
                </div>
              )}
            </section>
          )}
          {detail.kind === 'handoff' && open && mayDecide && <HandoffActions approvalId={detail.id} />}
        </aside>
      </div>
    </>
  );
}

/** A hand-off opened as an approval: the same Continue / Abort as the banner. */
function HandoffActions({ approvalId }: { approvalId: number }) {
  const { t } = useTranslation();
  const [sending, setSending] = useState(false);
  async function resolve(action: 'continue' | 'abort'): Promise<void> {
    setSending(true);
    try {
      applyApprovalUpdate(await call('handoffs.resolve', { approvalId, action }));
    } catch (err) {
      showError(err, t('handoff.resolveFailed'));
      reloadApproval(approvalId);
    } finally {
      setSending(false);
    }
  }
  return (
    <section className="panel approval-decision">
      <h2>{t('approvalKind.handoff')}</h2>
      <p className="muted small">{t('handoff.explain')}</p>
      <div className="form-actions">
        <button type="button" className="button primary" disabled={sending} onClick={() => void resolve('continue')}>
          {t('handoff.continue')}
        </button>
        <button type="button" className="button danger" disabled={sending} onClick={() => void resolve('abort')}>
          {t('handoff.abort')}
        </button>
      </div>
    </section>
  );
}
