import type { ReactNode } from 'react';
import type { JobDetail } from '../../../electron/common/domain';
import { formatDateTime } from '../format/time';
import { Duration } from './Duration';
import { ProgressBar, shownProgress } from './ProgressBar';
import { StateBadge } from './StateBadge';

/** The top of the Job screen: which bot, its state and progress, who started it, when, for how long. */
export function JobHeader({ job }: { job: JobDetail }) {
  return (
    <header className="panel job-header">
      <div className="job-title-row">
        <h1>
          Job #{job.id} <span className="job-bot">{job.botTitle}</span>
        </h1>
        <StateBadge state={job.state} testId="job-state" />
      </div>
      <dl className="facts">
        <Fact label="Bot">
          <code>{job.botId}</code>
        </Fact>
        <Fact label="Started by">{job.createdBy}</Fact>
        <Fact label="Created">{formatDateTime(job.createdAt)}</Fact>
        <Fact label="Started">{job.startedAt === null ? '—' : formatDateTime(job.startedAt)}</Fact>
        <Fact label="Finished">{job.finishedAt === null ? '—' : formatDateTime(job.finishedAt)}</Fact>
        <Fact label="Duration">
          <Duration startedAt={job.startedAt} finishedAt={job.finishedAt} />
        </Fact>
      </dl>
      <div className="job-progress-row">
        <ProgressBar value={shownProgress(job)} state={job.state} testId="job-progress" />
        <p className="job-step" data-testid="job-step">
          {job.step ?? ''}
        </p>
      </div>
    </header>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
