import { useTranslation } from 'react-i18next';
import type { JobState } from '../../../electron/common/domain';

/** A job state as a coloured pill in the operator's language; the raw state stays in `data-state`. */
export function StateBadge({ state, testId }: { state: JobState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge state-${state}`} data-testid={testId} data-state={state}>
      {t(`jobState.${state}`)}
    </span>
  );
}
