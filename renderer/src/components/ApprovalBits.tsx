import type { ApprovalDetail, ApprovalStatus, ApprovalSummary } from '../../../electron/common/approvalContract';
import { formatShortTime } from '../format/localTime';

const STATUS_TEXT: Record<ApprovalStatus, string> = {
  pending: 'pending',
  decided: 'decided',
  timed_out: 'timed out',
  cancelled: 'closed',
};

/** Where an approval stands, as a pill. */
export function ApprovalStatusBadge({ status }: { status: ApprovalStatus }) {
  return (
    <span className={`badge approval-status-${status}`} data-testid="approval-status" data-status={status}>
      {STATUS_TEXT[status]}
    </span>
  );
}

/** Approval or hand-off. */
export function KindTag({ kind }: { kind: ApprovalSummary['kind'] }) {
  return (
    <span className={`tag tag-kind-${kind}`} data-testid="approval-kind">
      {kind === 'handoff' ? 'hand-off' : 'approval'}
    </span>
  );
}

/** A decision in words: "Approved", "Rejected", a custom choice's label, "Continued". */
export function decisionText(decision: string | null, choices?: readonly { id: string; label: string }[]): string {
  switch (decision) {
    case null:
      return '—';
    case 'approved':
      return 'Approved';
    case 'rejected':
      return 'Rejected';
    case 'continue':
      return 'Continued';
    case 'abort':
      return 'Aborted';
    case 'timed_out':
      return 'Timed out';
    case 'cancelled':
      return 'Closed';
    default:
      return choices?.find((choice) => choice.id === decision)?.label ?? decision;
  }
}

/** How an approval ended: "Approved by ana at 10:02", "Timed out", "Closed: job was cancelled". */
export function outcomeText(approval: ApprovalSummary & { comment?: string | null; choices?: ApprovalDetail['choices'] }): string {
  switch (approval.status) {
    case 'pending':
      return 'Waiting for a decision';
    case 'timed_out':
      return approval.decidedAt ? `Timed out at ${formatShortTime(approval.decidedAt)}` : 'Timed out';
    case 'cancelled':
      return `Closed: ${closedReason(approval.comment ?? null)}`;
    case 'decided': {
      const by = approval.decidedBy ? ` by ${approval.decidedBy}` : '';
      const at = approval.decidedAt ? ` at ${formatShortTime(approval.decidedAt)}` : '';
      return `${decisionText(approval.decision, approval.choices)}${by}${at}`;
    }
  }
}

// The core closes a request with "Job 12 cancelled" when its job ends first.
function closedReason(comment: string | null): string {
  if (!comment) return 'its job ended';
  const match = /^Job \d+ (\w+)$/.exec(comment);
  return match ? `job was ${match[1]}` : comment;
}
