import { useTranslation } from 'react-i18next';
import type { JobAttempt } from '../../../electron/common/domain';
import { formatDateTime, formatDuration } from '../format/time';
import { StateBadge } from './StateBadge';

/** Every try of a job that was tried more than once: when, how it ended and why. */
export function JobAttempts({ attempts }: { attempts: readonly JobAttempt[] }) {
  const { t } = useTranslation();
  return (
    <table className="attempts-table">
      <thead>
        <tr>
          <th className="numeric">#</th>
          <th>{t('attempts.started')}</th>
          <th>{t('attempts.ended')}</th>
          <th>{t('attempts.outcome')}</th>
          <th>{t('attempts.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((attempt) => (
          <tr key={attempt.attempt} data-testid="job-attempt">
            <td className="numeric">{attempt.attempt}</td>
            <td className="nowrap">{formatDateTime(attempt.startedAt)}</td>
            <td className="nowrap">
              {attempt.finishedAt === null ? (
                <span className="muted">—</span>
              ) : (
                <>
                  {formatDateTime(attempt.finishedAt)}
                  <span className="muted small"> ({formatDuration(attempt.finishedAt - attempt.startedAt)})</span>
                </>
              )}
            </td>
            <td>{attempt.outcome ? <StateBadge state={attempt.outcome} /> : <span className="muted">{t('jobState.running')}</span>}</td>
            <td className="attempt-why">
              {attempt.reason && <div className="attempt-reason">{attempt.reason}</div>}
              {/* Reasons and errors are main's words; they are translated there in a later step. */}
              {attempt.error && <div className="attempt-error">{attempt.error}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
