import type { JobTransition } from '../../../electron/common/domain';
import { formatDateTime } from '../format/time';
import { StateBadge } from './StateBadge';

/** Every state change of a job, oldest first, with when and why. */
export function StateHistory({ transitions }: { transitions: readonly JobTransition[] }) {
  if (transitions.length === 0) return <p className="muted small">No state changes recorded.</p>;
  return (
    <ol className="history" data-testid="job-history">
      {transitions.map((transition, index) => (
        <li key={`${transition.at}-${index}`} className="history-item">
          <div className="history-states">
            {transition.from && (
              <>
                <StateBadge state={transition.from} />
                <span className="arrow" aria-label="to">→</span>
              </>
            )}
            <StateBadge state={transition.to} />
          </div>
          <time className="history-time" dateTime={new Date(transition.at).toISOString()}>
            {formatDateTime(transition.at)}
          </time>
          {transition.reason && <p className="history-reason">{transition.reason}</p>}
        </li>
      ))}
    </ol>
  );
}
