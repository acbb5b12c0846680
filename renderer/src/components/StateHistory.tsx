import { useTranslation } from 'react-i18next';
import type { JobTransition } from '../../../electron/common/domain';
import { formatDateTime } from '../format/time';
import { StateBadge } from './StateBadge';

/** Every state change of a job, oldest first, with when and why. */
export function StateHistory({ transitions }: { transitions: readonly JobTransition[] }) {
  const { t } = useTranslation();
  if (transitions.length === 0) return <p className="muted small">{t('history.empty')}</p>;
  return (
    <ol className="history" data-testid="job-history">
      {transitions.map((transition, index) => (
        <li key={`${transition.at}-${index}`} className="history-item">
          <div className="history-states">
            {transition.from && (
              <>
                <StateBadge state={transition.from} />
                <span className="arrow" aria-label={t('history.to')}>
                  →
                </span>
              </>
            )}
            <StateBadge state={transition.to} />
          </div>
          <time className="history-time" dateTime={new Date(transition.at).toISOString()}>
            {formatDateTime(transition.at)}
          </time>
          {/* The reason is main's text; it is translated there in a later step. */}
          {transition.reason && <p className="history-reason">{transition.reason}</p>}
        </li>
      ))}
    </ol>
  );
}
