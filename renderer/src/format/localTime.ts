/** What a `datetime-local` input with `step="1"` shows for `ms`: local "YYYY-MM-DDTHH:MM:SS". */
export function toDateTimeLocal(ms: number): string {
  const at = new Date(ms);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** Epoch ms of a `datetime-local` value read as local time; null when empty or not a time. */
export function fromDateTimeLocal(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hours, minutes, seconds, millis] = match;
  const at = new Date(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds ?? 0),
    Number((millis ?? '0').padEnd(3, '0')),
  );
  const ms = at.getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Epoch ms of local midnight starting a `date` input's day, or of its last millisecond with `endOfDay`. */
export function fromDateInput(value: string, endOfDay: boolean): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, year, month, day] = match;
  const at = endOfDay
    ? new Date(Number(year), Number(month) - 1, Number(day), 23, 59, 59, 999)
    : new Date(Number(year), Number(month) - 1, Number(day), 0, 0, 0, 0);
  const ms = at.getTime();
  return Number.isFinite(ms) ? ms : null;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
