import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ApprovalDetail, ApprovalStatus, ApprovalSummary } from '../../../electron/common/approvalContract';
import { formatShortTime } from '../format/time';

/** Where an approval stands, as a pill. */
export function ApprovalStatusBadge({ status }: { status: ApprovalStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge approval-status-${status}`} data-testid="approval-status" data-status={status}>
      {t(`approvalStatus.${status}`)}
    </span>
  );
}

/** Approval or hand-off. */
export function KindTag({ kind }: { kind: ApprovalSummary['kind'] }) {
  const { t } = useTranslation();
  return (
    <span className={`tag tag-kind-${kind}`} data-testid="approval-kind" data-kind={kind}>
      {t(`approvalKind.${kind}`)}
    </span>
  );
}

/** A decision in words: "Approved", "Rejected", a custom choice's label, "Continued". */
export function decisionText(t: TFunction, decision: string | null, choices?: readonly { id: string; label: string }[]): string {
  switch (decision) {
    case null:
      return '—';
    case 'approved':
    case 'rejected':
    case 'continue':
    case 'abort':
    case 'timed_out':
    case 'cancelled':
      return t(`decision.${decision}`);
    default:
      // A custom choice's label is the bot's own text, shown as the bot wrote it.
      return choices?.find((choice) => choice.id === decision)?.label ?? decision;
  }
}

/** How an approval ended: "Approved by Ana Souza at 10:02", "Timed out", "Closed: job was cancelled"; `actorName` turns the recorded user name into a display name. */
export function outcomeText(
  t: TFunction,
  approval: ApprovalSummary & { comment?: string | null; choices?: ApprovalDetail['choices'] },
  actorName: (actor: string) => string = (actor) => actor,
): string {
  switch (approval.status) {
    case 'pending':
      return t('outcome.pending');
    case 'timed_out':
      return approval.decidedAt ? t('outcome.timedOutAt', { time: formatShortTime(approval.decidedAt) }) : t('outcome.timedOut');
    case 'cancelled':
      return t('outcome.closed', { reason: closedReason(t, approval.comment ?? null) });
    case 'decided': {
      const decision = decisionText(t, approval.decision, approval.choices);
      const { decidedAt } = approval;
      const decidedBy = approval.decidedBy ? actorName(approval.decidedBy) : null;
      if (decidedBy && decidedAt) return t('outcome.decidedByAt', { decision, user: decidedBy, time: formatShortTime(decidedAt) });
      if (decidedBy) return t('outcome.decidedBy', { decision, user: decidedBy });
      if (decidedAt) return t('outcome.decidedAt', { decision, time: formatShortTime(decidedAt) });
      return decision;
    }
  }
}

// The core closes a request with "Job 12 cancelled" when its job ends first.
function closedReason(t: TFunction, comment: string | null): string {
  if (!comment) return t('outcome.jobEnded');
  const match = /^Job \d+ (\w+)$/.exec(comment);
  const state = match?.[1];
  if (state === 'succeeded' || state === 'failed' || state === 'cancelled' || state === 'interrupted') {
    return t('outcome.jobWas', { state: t(`jobState.${state}`) });
  }
  // Any other comment is main's own text (translated there in a later step).
  return match ? t('outcome.jobWas', { state }) : comment;
}
