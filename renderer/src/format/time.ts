const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A moment as the operator reads it: local date and time. */
export function formatDateTime(ms: number): string {
  return dateTime.format(ms);
}

/** Local time of day with milliseconds, HH:MM:SS.mmm, for log lines. */
export function formatClock(ms: number): string {
  const at = new Date(ms);
  return `${pad(at.getHours(), 2)}:${pad(at.getMinutes(), 2)}:${pad(at.getSeconds(), 2)}.${pad(at.getMilliseconds(), 3)}`;
}

/** A length of time: "850 ms", "42s", "3m 07s", "1h 04m"; exactly zero is "0s". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad(seconds % 60, 2)}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${pad(minutes % 60, 2)}m`;
}

/** A bot's time limit in round words: "90 s", "10 min", "2 h". */
export function formatTimeout(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1_000)} s`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
