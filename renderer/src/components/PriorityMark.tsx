import type { Priority } from '../../../electron/common/domain';

/** A small marker for a job that does not have normal priority. */
export function PriorityMark({ priority }: { priority: Priority }) {
  if (priority === 'normal') return null;
  return (
    <span className={`priority-mark priority-${priority}`} data-testid="job-priority-mark" title={`${priority} priority`}>
      {priority === 'high' ? '↑ high' : '↓ low'}
    </span>
  );
}
