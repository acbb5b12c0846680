import type { JobState } from '../../../electron/common/domain';

/** A job state as a coloured pill; the text is the raw state, as tests and logs spell it. */
export function StateBadge({ state, testId }: { state: JobState; testId?: string }) {
  return (
    <span className={`badge state-${state}`} data-testid={testId}>
      {state}
    </span>
  );
}
