import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ApprovalSummary } from '../../../electron/common/approvalContract';
import { call } from '../api/client';
import { jobHref } from '../router/routes';
import { applyApprovalUpdate, usePendingApprovals } from '../queries/approvals';
import { usePermission } from '../stores/session';
import { showError } from '../stores/toasts';
import '../styles/approvals.css';

/** A bar at the top of every screen while a bot has handed its browser to the operator. */
export function HandoffBanner() {
  const pending = usePendingApprovals().pending;
  const handoffs = pending.filter((approval) => approval.kind === 'handoff');
  if (handoffs.length === 0) return null;
  return (
    <div className="handoff-banners">
      {handoffs.map((handoff) => (
        <HandoffRow key={handoff.id} handoff={handoff} />
      ))}
    </div>
  );
}

function HandoffRow({ handoff }: { handoff: ApprovalSummary }) {
  const { t } = useTranslation();
  const [sending, setSending] = useState(false);
  const mayDecide = usePermission('approvals.decide');
  async function resolve(action: 'continue' | 'abort'): Promise<void> {
    setSending(true);
    try {
      applyApprovalUpdate(await call('handoffs.resolve', { approvalId: handoff.id, action }));
    } catch (err) {
      showError(err, action === 'continue' ? t('handoff.continueFailed') : t('handoff.abortFailed'));
      setSending(false);
    }
  }
  return (
    <div className="handoff-banner" role="alert" data-testid="handoff-banner" data-approval-id={handoff.id}>
      <span className="handoff-tag">{t('approvalKind.handoff')}</span>
      <div className="handoff-text">
        {/* The bot's own texts go in as elements, never as values Trans would parse for tags. */}
        <Trans
          i18nKey="handoff.needsYou"
          values={{ id: handoff.jobId }}
          components={{
            bot: <strong>{handoff.botTitle}</strong>,
            message: <span data-testid="handoff-message">{handoff.title}</span>,
            job: <a href={jobHref(handoff.jobId)} data-testid="handoff-job" />,
          }}
        />
      </div>
      {mayDecide && (
        <>
          <button type="button" className="button small primary" data-testid="handoff-continue" disabled={sending} onClick={() => void resolve('continue')}>
            {t('handoff.continue')}
          </button>
          <button type="button" className="button small" data-testid="handoff-abort" disabled={sending} onClick={() => void resolve('abort')}>
            {t('handoff.abort')}
          </button>
        </>
      )}
    </div>
  );
}
