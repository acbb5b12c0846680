import { dayMatches, type CronExpression } from './cron.js';
import { offsetAt, wallTimeAt } from './timeZone.js';

/** One run of a schedule, with a note when a daylight-saving change moved or thinned it. */
export interface CronRun {
  at: number;
  /** The wall-clock slot that produced this run, e.g. "02:30". */
  slot: string;
  note: string | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far ahead to look before deciding an expression never runs (covers 29 February). */
const HORIZON_DAYS = 8 * 366;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function slotName(cron: CronExpression, h: number, m: number, s: number): string {
  return cron.hasSeconds ? `${pad(h)}:${pad(m)}:${pad(s)}` : `${pad(h)}:${pad(m)}`;
}

function insertSorted(runs: CronRun[], run: CronRun): void {
  let i = runs.length;
  while (i > 0 && (runs[i - 1]?.at ?? 0) > run.at) i--;
  const same = runs[i - 1];
  // Two slots landing on one instant (a skipped 02:00 moved onto 03:00) run once.
  if (same && same.at === run.at) {
    if (!same.note && run.note) runs[i - 1] = { ...same, note: run.note };
    return;
  }
  runs.splice(i, 0, run);
}

/**
 * The runs of `cron` in `timeZone` strictly after `afterMs` (and at or before `untilMs`), soonest
 * first, at most `count`. Daylight-saving changes follow Vixie cron: a fixed-time schedule whose
 * slot is skipped runs at the instant the clocks jump (02:30 → 03:00) and a repeated slot runs once,
 * the first time; a wildcard schedule keeps its real-time interval (skipped slots do not exist,
 * repeated slots run both times).
 */
export function runsAfter(
  cron: CronExpression,
  timeZone: string,
  afterMs: number,
  options: { count?: number; untilMs?: number } = {},
): CronRun[] {
  const count = options.count ?? 1;
  const untilMs = options.untilMs ?? Number.POSITIVE_INFINITY;
  const runs: CronRun[] = [];
  const start = wallTimeAt(afterMs - DAY, timeZone);
  let dayUtc = Date.UTC(start.year, start.month - 1, start.day);
  const lastDay = Math.min(dayUtc + HORIZON_DAYS * DAY, Number.isFinite(untilMs) ? untilMs + 2 * DAY : Number.POSITIVE_INFINITY);
  const full = () => runs.length >= count;

  for (; dayUtc <= lastDay; dayUtc += DAY) {
    const date = new Date(dayUtc);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    if (!dayMatches(cron, year, month, day)) continue;
    // Every instant of this local day lies in [dayUtc - 14 h, dayUtc + 36 h]; at most one change inside.
    const offA = offsetAt(dayUtc - 14 * HOUR, timeZone);
    const offB = offsetAt(dayUtc + 36 * HOUR, timeZone);
    const offMin = Math.min(offA, offB);
    const offMax = Math.max(offA, offB);
    const steady = offA === offB;
    const change = steady ? 0 : changeInstant(timeZone, dayUtc - 14 * HOUR, dayUtc + 36 * HOUR, offA);

    for (const hour of cron.hours) {
      const hourWall = dayUtc + hour * HOUR;
      if (hourWall + HOUR - 1000 - offMin <= afterMs) continue;
      if (hourWall - offMax > untilMs) return runs.slice(0, count);
      for (const minute of cron.minutes) {
        const minuteWall = hourWall + minute * 60_000;
        if (minuteWall + 59_000 - offMin <= afterMs) continue;
        for (const second of cron.seconds) {
          const wallMs = minuteWall + second * 1000;
          const lowest = wallMs - offMax;
          if (lowest > untilMs) return runs.slice(0, count);
          const last = runs[count - 1];
          if (full() && last && lowest > last.at) return runs.slice(0, count);
          if (wallMs - offMin <= afterMs) continue;
          const slot = slotName(cron, hour, minute, second);
          if (steady) {
            const at = wallMs - offA;
            if (at > afterMs && at <= untilMs) insertSorted(runs, { at, slot, note: null });
            continue;
          }
          for (const run of resolveSlot(cron, timeZone, wallMs, { change, offA, offB }, slot)) {
            if (run.at > afterMs && run.at <= untilMs) insertSorted(runs, run);
          }
        }
      }
    }
  }
  return runs.slice(0, count);
}

/** The first instant (whole second) in (lo, hi] at which the zone's offset is no longer `before`. */
function changeInstant(timeZone: string, loMs: number, hiMs: number, before: number): number {
  let lo = Math.floor(loMs / 1000);
  let hi = Math.ceil(hiMs / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * 1000, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi * 1000;
}

/** Places one wall-clock slot on a day with one offset change at `change` (offA before, offB after). */
function resolveSlot(
  cron: CronExpression,
  timeZone: string,
  wallMs: number,
  day: { change: number; offA: number; offB: number },
  slot: string,
): CronRun[] {
  const offsetOf = (t: number) => (t < day.change ? day.offA : day.offB);
  const instants = [...new Set([wallMs - day.offA, wallMs - day.offB])].filter((t) => offsetOf(t) === wallMs - t).sort((a, b) => a - b);
  const [first, second] = instants;
  if (first === undefined) {
    if (cron.wildcard) return [];
    const jumpedTo = wallTimeAt(day.change, timeZone);
    return [{ at: day.change, slot, note: `${slot} does not exist on this day (clocks go forward); runs at ${pad(jumpedTo.hour)}:${pad(jumpedTo.minute)} instead` }];
  }
  if (second === undefined) return [{ at: first, slot, note: null }];
  if (cron.wildcard) {
    return [
      { at: first, slot, note: `${slot} happens twice on this day (clocks go back); runs both times` },
      { at: second, slot, note: `${slot} again, after the clocks went back` },
    ];
  }
  return [{ at: first, slot, note: `${slot} happens twice on this day (clocks go back); runs once, the first time` }];
}

/** The wall time of an instant in a zone, as `YYYY-MM-DD HH:MM:SS`, for tests and logs. */
export function formatWall(utcMs: number, timeZone: string): string {
  const w = wallTimeAt(utcMs, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}
