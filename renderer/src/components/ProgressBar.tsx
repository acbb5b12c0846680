import type { JobState, JobSummary } from '../../../electron/common/domain';
import { formatPercent } from '../format/time';

interface ProgressBarProps {
  value: number | null;
  /** Tints the bar: green when done, red when failed, grey when stopped. */
  state: JobState;
  testId?: string;
}

/** A 0..1 progress as a bar with its percentage; null (nothing reported yet) shows an empty bar. */
export function ProgressBar({ value, state, testId }: ProgressBarProps) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress progress-${state}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      data-testid={testId}
    >
      <div className="progress-track">
        <div className="progress-fill" style={{ width: `${percent ?? 0}%` }} />
      </div>
      <span className="progress-text">{percent === null ? '—' : formatPercent(percent)}</span>
    </div>
  );
}

/** The progress to show for a job: a bot that succeeded is done even if it last said 80%. */
export function shownProgress(job: JobSummary): number | null {
  return job.state === 'succeeded' ? 1 : job.progress;
}
