import { formatDuration } from '../format/time';
import { useNow } from '../hooks/useNow';

/** How long a job has run; ticks every second while it is still running. */
export function Duration({ startedAt, finishedAt }: { startedAt: number | null; finishedAt: number | null }) {
  const running = startedAt !== null && finishedAt === null;
  const now = useNow(running);
  if (startedAt === null) return <span className="muted">—</span>;
  // A ticking duration counts whole seconds; milliseconds would only show how stale the tick is.
  const elapsed = finishedAt === null ? Math.floor((now - startedAt) / 1_000) * 1_000 : finishedAt - startedAt;
  return <span className="duration">{formatDuration(elapsed)}</span>;
}
