const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** A wall-clock time in some zone; month 1–12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** True when Intl knows the IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The workstation's own zone. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Wall times already read, per zone, by whole second; cleared when this many pile up. */
const MAX_CACHED_PER_ZONE = 4_096;
const wallTimes = new Map<string, Map<number, Readonly<WallTime>>>();

/**
 * The wall-clock time in `timeZone` at the instant `utcMs` (to the second). Remembered per whole
 * second, which is exact: Intl's formatToParts costs tens of microseconds, and a thousand schedules
 * due together ask about the same few instants (the edges of the same day) a thousand times.
 */
export function wallTimeAt(utcMs: number, timeZone: string): Readonly<WallTime> {
  const second = Math.floor(utcMs / 1000);
  let zone = wallTimes.get(timeZone);
  if (!zone) wallTimes.set(timeZone, (zone = new Map<number, Readonly<WallTime>>()));
  const cached = zone.get(second);
  if (cached) return cached;
  const parts = formatter(timeZone).formatToParts(new Date(second * 1000));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Object.freeze({ year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') });
  if (zone.size >= MAX_CACHED_PER_ZONE) zone.clear();
  zone.set(second, wall);
  return wall;
}

/** Milliseconds since the epoch of a wall time read as if it were UTC. */
export function wallAsUtc(w: Readonly<WallTime>): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at an instant, in milliseconds (local minus UTC). */
export function offsetAt(utcMs: number, timeZone: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return wallAsUtc(wallTimeAt(whole, timeZone)) - whole;
}
