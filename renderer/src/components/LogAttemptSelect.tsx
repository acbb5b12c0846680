import { setLogAttempt, useJobLog } from '../stores/jobLog';

/** Narrows the log to one try of the job, or shows every try. */
export function LogAttemptSelect({ attempts }: { attempts: readonly number[] }) {
  const attempt = useJobLog((state) => state.attempt);
  return (
    <label className="inline-field">
      Attempt
      <select
        data-testid="log-attempt"
        value={attempt === null ? '' : String(attempt)}
        onChange={(event) => setLogAttempt(event.target.value === '' ? null : Number(event.target.value))}
      >
        <option value="">All attempts</option>
        {attempts.map((number) => (
          <option key={number} value={number}>
            Attempt {number}
          </option>
        ))}
      </select>
    </label>
  );
}
