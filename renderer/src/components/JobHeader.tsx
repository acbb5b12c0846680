import type { ReactNode } from 'react';
import type { JobDetail } from '../../../electron/common/domain';
import { formatDateTime, formatTimeout } from '../format/time';
import { jobHref } from '../router/routes';
import { JobActions } from './JobActions';
import { PriorityMark } from './PriorityMark';
import { WaitReason } from './WaitReason';
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
        {job.priority !== 'normal' && <PriorityMark priority={job.priority} />}
        <JobActions job={job} />
      </div>
      <JobStatusNotes job={job} />
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
        <Fact label="Priority">
          <span data-testid="job-priority">{job.priority}</span>
        </Fact>
        {job.timeoutMs !== null && (
          <Fact label="Timeout">
            <span data-testid="job-timeout">{formatTimeout(job.timeoutMs)} (set for this job)</span>
          </Fact>
        )}
        {job.attempt > 1 && <Fact label="Attempt">{job.attempt}</Fact>}
        {job.rerunOf !== null && (
          <Fact label="Rerun of">
            <a href={jobHref(job.rerunOf)} data-testid="job-rerun-of">
              Job #{job.rerunOf}
            </a>
          </Fact>
        )}
        {job.reruns.length > 0 && (
          <Fact label="Reruns">
            <span className="link-list" data-testid="job-reruns">
              {job.reruns.map((id) => (
                <a key={id} href={jobHref(id)}>
                  #{id}
                </a>
              ))}
            </span>
          </Fact>
        )}
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

/** Why the job is not running yet: when it will, or what it waits for. */
function JobStatusNotes({ job }: { job: JobDetail }) {
  if (job.state === 'scheduled' && job.runAt !== null) {
    const retry = job.attempt > 0;
    return (
      <p className="job-note" data-testid="job-run-at">
        {retry ? `Retry ${job.attempt + 1} runs at ` : 'Runs at '}
        <time dateTime={new Date(job.runAt).toISOString()}>{formatDateTime(job.runAt)}</time>
        {retry && <span className="muted"> (waiting out the backoff after attempt {job.attempt})</span>}
      </p>
    );
  }
  if (job.state === 'queued' && job.waitReason) {
    return (
      <p className="job-note warning">
        <WaitReason reason={job.waitReason} />
      </p>
    );
  }
  return null;
}
