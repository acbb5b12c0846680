import { useTranslation } from 'react-i18next';
import type { Priority } from '../../../electron/common/domain';

/** A small marker for a job that does not have normal priority. */
export function PriorityMark({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  if (priority === 'normal') return null;
  return (
    <span className={`priority-mark priority-${priority}`} data-testid="job-priority-mark" title={t('priority.title', { priority: t(`priority.${priority}`) })}>
      {priority === 'high' ? `↑ ${t('priority.high')}` : `↓ ${t('priority.low')}`}
    </span>
  );
}
