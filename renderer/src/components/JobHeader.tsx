import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { JobDetail } from '../../../electron/common/domain';
import { formatDateTime, formatTimeout } from '../format/time';
import { jobHref } from '../router/routes';
import { Actor } from './Actor';
import { JobActions } from './JobActions';
import { PriorityMark } from './PriorityMark';
import { WaitReason } from './WaitReason';
import { Duration } from './Duration';
import { ProgressBar, shownProgress } from './ProgressBar';
import { StateBadge } from './StateBadge';

/** The top of the Job screen: which bot, its state and progress, who started it, when, for how long. */
export function JobHeader({ job }: { job: JobDetail }) {
  const { t } = useTranslation();
  return (
    <header className="panel job-header">
      <div className="job-title-row">
        <h1>
          {t('job.title', { id: job.id })} <span className="job-bot">{job.botTitle}</span>
        </h1>
        <StateBadge state={job.state} testId="job-state" />
        {job.priority !== 'normal' && <PriorityMark priority={job.priority} />}
        <JobActions job={job} />
      </div>
      <JobStatusNotes job={job} />
      <dl className="facts">
        <Fact label={t('job.bot')}>
          <code>{job.botId}</code>
        </Fact>
        <Fact label={t('job.startedBy')}>
          <Actor name={job.createdBy} testId="job-started-by" />
        </Fact>
        <Fact label={t('job.created')}>{formatDateTime(job.createdAt)}</Fact>
        <Fact label={t('job.started')}>{job.startedAt === null ? '—' : formatDateTime(job.startedAt)}</Fact>
        <Fact label={t('job.finished')}>{job.finishedAt === null ? '—' : formatDateTime(job.finishedAt)}</Fact>
        <Fact label={t('job.duration')}>
          <Duration startedAt={job.startedAt} finishedAt={job.finishedAt} />
        </Fact>
        <Fact label={t('job.priority')}>
          <span data-testid="job-priority" data-priority={job.priority}>
            {t(`priority.${job.priority}`)}
          </span>
        </Fact>
        {job.timeoutMs !== null && (
          <Fact label={t('job.timeout')}>
            <span data-testid="job-timeout">{t('job.timeoutForJob', { timeout: formatTimeout(job.timeoutMs) })}</span>
          </Fact>
        )}
        {job.attempt > 1 && <Fact label={t('job.attempt')}>{job.attempt}</Fact>}
        {job.rerunOf !== null && (
          <Fact label={t('job.rerunOf')}>
            <a href={jobHref(job.rerunOf)} data-testid="job-rerun-of">
              {t('job.title', { id: job.rerunOf })}
            </a>
          </Fact>
        )}
        {job.reruns.length > 0 && (
          <Fact label={t('job.reruns')}>
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
  const { t } = useTranslation();
  if (job.state === 'scheduled' && job.runAt !== null) {
    const retry = job.attempt > 0;
    return (
      <p className="job-note" data-testid="job-run-at">
        <Trans
          i18nKey={retry ? 'job.retryRunsAt' : 'job.runsAt'}
          values={{ attempt: job.attempt + 1, time: formatDateTime(job.runAt) }}
          components={{ time: <time dateTime={new Date(job.runAt).toISOString()} /> }}
        />
        {retry && <span className="muted"> {t('job.backoff', { attempt: job.attempt })}</span>}
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
