import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobSummary } from '../../../electron/common/domain';
import { formatDateTime, formatShortTime } from '../format/time';
import { jobHref } from '../router/routes';
import { navigate } from '../router/useRoute';
import { Actor } from './Actor';
import { Duration } from './Duration';
import { ProgressBar, shownProgress } from './ProgressBar';
import { PriorityMark } from './PriorityMark';
import { StateBadge } from './StateBadge';
import { WaitReason } from './WaitReason';

/** One job in the Jobs table; the whole row opens the job. Memoised: live updates replace one row. */
export const JobRow = memo(function JobRow({ job }: { job: JobSummary }) {
  // Subscribed here too: memo would otherwise keep a row in the old language.
  const { t } = useTranslation();
  return (
    <tr className="job-row" data-testid={`job-row-${job.id}`} onClick={() => navigate(jobHref(job.id))}>
      <td className="numeric">
        <a href={jobHref(job.id)} onClick={(event) => event.stopPropagation()}>
          #{job.id}
        </a>
      </td>
      <td>
        <div className="cell-title">
          {job.botTitle}
          {job.priority !== 'normal' && <PriorityMark priority={job.priority} />}
        </div>
        {job.step && job.state === 'running' && <div className="cell-sub">{job.step}</div>}
      </td>
      <td>
        <span data-testid="job-state">
          <StateBadge state={job.state} />
        </span>
        {job.state === 'queued' && job.waitReason && <WaitReason reason={job.waitReason} className="cell-sub wait-reason" />}
        {job.state === 'scheduled' && job.runAt !== null && (
          <div className="cell-sub" data-testid="job-run-at" title={formatDateTime(job.runAt)}>
            {job.attempt > 0 ? t('jobs.retryAt', { time: formatShortTime(job.runAt) }) : t('jobs.runsAt', { time: formatShortTime(job.runAt) })}
          </div>
        )}
        {job.state === 'running' && job.cancelRequestedBy !== null && <div className="cell-sub">{t('jobs.stopping')}</div>}
      </td>
      <td className="progress-cell">
        <ProgressBar value={shownProgress(job)} state={job.state} />
      </td>
      <td>
        <Actor name={job.createdBy} />
      </td>
      <td className="nowrap">{formatDateTime(job.createdAt)}</td>
      <td className="numeric nowrap">
        <Duration startedAt={job.startedAt} finishedAt={job.finishedAt} />
      </td>
    </tr>
  );
});
