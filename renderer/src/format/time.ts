import { dateFormat, numberFormat } from './intl';

/** A moment as the operator reads it: local date and time, in the language in use. */
export function formatDateTime(ms: number): string {
  return dateFormat({ dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
}

/** A moment exactly but compactly, for rows of a trail: "12/1/26, 10:08:04 PM" (as the language writes it). */
export function formatAuditTime(ms: number): string {
  return dateFormat({ dateStyle: 'short', timeStyle: 'medium' }).format(ms);
}

/** Local time of day with milliseconds, 24-hour HH:MM:SS.mmm in every language, for log lines. */
export function formatClock(ms: number): string {
  return dateFormat({ hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23' }).format(ms);
}

/** A moment soon: "14:05" today, "Mar 3, 14:05" on another day. */
export function formatShortTime(ms: number): string {
  const at = new Date(ms);
  const today = new Date();
  const sameDay = at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate();
  return sameDay
    ? dateFormat({ hour: '2-digit', minute: '2-digit' }).format(at)
    : dateFormat({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(at);
}

/** A length of time in narrow units: "850 ms", "42 s", "3 min 07 s", "1 h 04 min" (as the language writes them); zero is "0 s". */
export function formatDuration(ms: number): string {
  if (ms <= 0) return unit('second', 'narrow').format(0);
  if (ms < 1_000) return unit('millisecond', 'narrow').format(Math.round(ms));
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 60) return unit('second', 'narrow').format(seconds);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${unit('minute', 'narrow').format(minutes)} ${unit('second', 'narrow', 2).format(seconds % 60)}`;
  const hours = Math.floor(minutes / 60);
  return `${unit('hour', 'narrow').format(hours)} ${unit('minute', 'narrow', 2).format(minutes % 60)}`;
}

/** A bot's time limit in round words: "90 sec", "10 min", "2 hr" (as the language writes them). */
export function formatTimeout(ms: number): string {
  if (ms % 3_600_000 === 0) return unit('hour', 'short').format(ms / 3_600_000);
  if (ms % 60_000 === 0) return unit('minute', 'short').format(ms / 60_000);
  return unit('second', 'short').format(Math.round(ms / 1_000));
}

/** A whole percentage: "42%" (or "42 %" where the language spaces it). */
export function formatPercent(percent: number): string {
  return numberFormat({ style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

function unit(name: string, unitDisplay: 'narrow' | 'short', minimumIntegerDigits = 1): Intl.NumberFormat {
  return numberFormat({ style: 'unit', unit: name, unitDisplay, minimumIntegerDigits });
}

/** A plain number with the language's grouping: "10,080" or "10.080". */
export function formatNumber(value: number): string {
  return numberFormat({}).format(value);
}

/** Two moments as one range, sharing what they share: "Mar 3, 2:00 – 4:00 PM". */
export function formatDateRange(fromMs: number, toMs: number): string {
  return dateFormat({ dateStyle: 'medium', timeStyle: 'medium' }).formatRange(fromMs, toMs);
}
