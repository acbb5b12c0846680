import { useTranslation } from 'react-i18next';
import { approvalHref } from '../router/routes';
import { useJobApprovals } from '../queries/approvals';
import { ApprovalStatusBadge, KindTag, outcomeText } from './ApprovalBits';
import { formatDateTime } from '../format/time';
import { useActorName } from '../queries/directory';

/** The approvals and hand-offs of the open job, each linking to its screen. */
export function JobApprovals({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  const approvals = useJobApprovals(jobId);
  const actorName = useActorName();
  if (approvals.length === 0) return null;
  return (
    <section className="panel" data-testid="job-approvals">
      <h2>{t('nav.approvals')}</h2>
      <ul className="job-approval-list">
        {approvals.map((approval) => (
          <li key={approval.id} className="job-approval" data-testid="job-approval">
            <a href={approvalHref(approval.id)} className="job-approval-title">
              {approval.title}
            </a>
            <span className="job-approval-meta">
              <KindTag kind={approval.kind} />
              <ApprovalStatusBadge status={approval.status} />
            </span>
            <span className="muted small job-approval-outcome">
              {approval.status === 'pending' ? t('jobApprovals.asked', { time: formatDateTime(approval.createdAt) }) : outcomeText(t, approval, actorName)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
