import { Cron, CronDate, CronPattern, type CronOptions } from 'croner';
import cronstrue from 'cronstrue';
import 'cronstrue/locales/pt_BR.js';

// Our one door to croner (next runs in a zone, Vixie-style daylight-saving rules) and cronstrue
// (the expression in words). What stays ours: the operator's error messages, the notes on the runs
// a daylight-saving change moved, and a fast path for stretches where the zone's offset is steady.

/** A cron expression that could not be read, with the reason in the operator's words. */
export class CronSyntaxError extends Error {
  override name = 'CronSyntaxError';
}

/** A checked five-field (or six, seconds first) cron expression. */
export interface CronSchedule {
  /** The expression as written (shortcuts expanded). */
  source: string;
  hasSeconds: boolean;
  /**
   * Vixie cron's "wildcard job": a wildcard or step in the second, minute or hour field. It keeps
   * its real-time interval across a daylight-saving change; any other job is a fixed-time job that
   * runs exactly once on each change day.
   */
  wildcard: boolean;
  seconds: readonly number[];
  minutes: readonly number[];
  hours: readonly number[];
  daysOfMonth: readonly number[];
  months: readonly number[];
  /** 0 = Sunday … 6 = Saturday. */
  daysOfWeek: readonly number[];
}

/** One run of a schedule, with a note when a daylight-saving change moved or doubled it. */
export interface CronRun {
  at: number;
  note: string | null;
}

/** Languages the expression can be put in words in. */
export type CronLocale = 'en' | 'pt-BR';

// Vixie semantics: day-of-month and day-of-week OR-ed when both are restricted; "5/20" is 5 to the
// end in steps of 20; lists and ranges of hours are fixed-time jobs too.
const OPTIONS = { mode: '5-or-6-parts', sloppyRanges: true, fixedTimeRule: 'no-wildcard', domAndDow: false } as const satisfies CronOptions;

const parsed = new WeakMap<CronSchedule, { pattern: string; zoned: Map<string, Cron>; fixed: Map<number, Cron> }>();

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
  day?: boolean;
}

const FIELDS: readonly FieldSpec[] = [
  { label: 'second', min: 0, max: 59 },
  { label: 'minute', min: 0, max: 59 },
  { label: 'hour', min: 0, max: 23 },
  { label: 'day of the month', min: 1, max: 31, day: true },
  { label: 'month', min: 1, max: 12, names: ['', 'JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  // 7 is Sunday too, as in every cron.
  { label: 'day of the week', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], day: true },
];

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkValue(text: string, spec: FieldSpec): number {
  const named = text === '' ? -1 : (spec.names?.indexOf(text.toUpperCase()) ?? -1);
  if (named >= 0) return named;
  if (!/^\d+$/.test(text)) throw new CronSyntaxError(`"${text}" is not a valid ${spec.label}`);
  const value = Number(text);
  if (value < spec.min || value > spec.max) throw new CronSyntaxError(`${capitalise(spec.label)} ${value} is out of range (${spec.min}–${spec.max})`);
  return value;
}

/** Refuses what croner would refuse (or read differently), saying why in the operator's words. */
function checkField(text: string, spec: FieldSpec): void {
  for (const part of text.split(',')) {
    if (part === '') throw new CronSyntaxError(`The ${spec.label} field "${text}" has an empty list item`);
    const [range = '', step, extra] = part.split('/');
    if (extra !== undefined) throw new CronSyntaxError(`"${part}" has more than one "/"`);
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0))
      throw new CronSyntaxError(`The step in "${part}" must be a whole number of at least 1`);
    if (range === '*' || range === '?') {
      if (range === '?' && !spec.day) throw new CronSyntaxError('"?" is only allowed in the day fields');
    } else if (range.includes('-')) {
      const [a = '', b = '', more] = range.split('-');
      // "-1" splits into an empty start: it is a negative number, and the operator should hear that.
      if (a === '' && /^\d+$/.test(b) && more === undefined) {
        throw new CronSyntaxError(`${capitalise(spec.label)} -${b} is out of range (${spec.min}–${spec.max}): cron has no negative values`);
      }
      if (more !== undefined || a === '') throw new CronSyntaxError(`"${range}" is not a valid range`);
      if (b === '') throw new CronSyntaxError(`The range "${range}" has no end: write it as from-to, e.g. 1-5`);
      if (checkValue(b, spec) < checkValue(a, spec)) throw new CronSyntaxError(`The range ${range} runs backwards`);
    } else {
      checkValue(range, spec);
    }
  }
}

function flags(values: readonly number[], from = 0): number[] {
  const out: number[] = [];
  values.forEach((on, i) => {
    if (on) out.push(i + from);
  });
  return out;
}

/** Reads a cron expression: five fields, or six with seconds first, or a shortcut such as @daily. */
export function parseCronSchedule(expression: string): CronSchedule {
  const trimmed = expression.trim();
  if (trimmed === '') throw new CronSyntaxError('The expression is empty');
  let source = trimmed.replace(/\s+/g, ' ');
  if (source.startsWith('@')) {
    let expanded = source;
    try {
      expanded = new CronPattern(source).pattern;
    } catch {
      // Falls through to the message below (@reboot, typos).
    }
    if (expanded.startsWith('@')) throw new CronSyntaxError(`Unknown shortcut ${trimmed} (use @hourly, @daily, @weekly, @monthly or @yearly)`);
    source = expanded;
  }
  const parts = source.split(' ');
  if (parts.length !== 5 && parts.length !== 6) {
    throw new CronSyntaxError(
      `The expression has ${parts.length} field${parts.length === 1 ? '' : 's'}; use 5 (minute hour day month weekday) or 6 (second first)`,
    );
  }
  const hasSeconds = parts.length === 6;
  (hasSeconds ? parts : ['0', ...parts]).forEach((text, i) => checkField(text, FIELDS[i]!));
  let pattern: CronPattern;
  try {
    pattern = new CronPattern(source, undefined, OPTIONS);
  } catch (err) {
    throw new CronSyntaxError(`The expression does not read: ${(err as Error).message.replace(/^CronPattern: /, '')}`);
  }
  const schedule: CronSchedule = {
    source,
    hasSeconds,
    wildcard: !pattern.isFixedTime,
    seconds: flags(pattern.second),
    minutes: flags(pattern.minute),
    hours: flags(pattern.hour),
    daysOfMonth: flags(pattern.day, 1),
    months: flags(pattern.month, 1),
    daysOfWeek: flags(pattern.dayOfWeek),
  };
  parsed.set(schedule, { pattern: source, zoned: new Map(), fixed: new Map() });
  return schedule;
}

/** True when the IANA zone name is known. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The workstation's own zone. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function wallAt(utcMs: number, timeZone: string): CronDate {
  return new CronDate(new Date(Math.floor(utcMs / 1000) * 1000), timeZone);
}

/** Offsets already read, per zone, by whole second; cleared when this many pile up. */
const MAX_CACHED_PER_ZONE = 4_096;
const offsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset from UTC at an instant, in milliseconds (local minus UTC). Remembered per whole
 * second: Intl costs tens of microseconds, and a thousand schedules due together ask about the
 * same few instants a thousand times.
 */
function offsetAt(utcMs: number, timeZone: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map<number, number>()));
  const cached = zone.get(whole);
  if (cached !== undefined) return cached;
  const w = wallAt(whole, timeZone);
  const offset = Date.UTC(w.year, w.month, w.day, w.hour, w.minute, w.second) - whole;
  if (zone.size >= MAX_CACHED_PER_ZONE) zone.clear();
  zone.set(whole, offset);
  return offset;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The wall time of an instant in a zone, as `YYYY-MM-DD HH:MM:SS`, for tests and logs. */
export function formatWall(utcMs: number, timeZone: string): string {
  const w = wallAt(utcMs, timeZone);
  return `${w.year}-${pad(w.month + 1)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

function cronFor(schedule: CronSchedule, key: { timeZone: string } | { offsetMinutes: number }): Cron {
  const state = parsed.get(schedule);
  if (!state) throw new TypeError('Not a schedule read by parseCronSchedule');
  if ('timeZone' in key) {
    let cron = state.zoned.get(key.timeZone);
    if (!cron) state.zoned.set(key.timeZone, (cron = new Cron(state.pattern, { ...OPTIONS, paused: true, timezone: key.timeZone })));
    return cron;
  }
  let cron = state.fixed.get(key.offsetMinutes);
  if (!cron) state.fixed.set(key.offsetMinutes, (cron = new Cron(state.pattern, { ...OPTIONS, paused: true, utcOffset: key.offsetMinutes })));
  return cron;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** No zone changes its offset twice within a day, nor by more than this. */
const MAX_SHIFT = 3 * HOUR;

/** A change of the zone's offset: from `before` to `after` at the instant `at` (whole second). */
interface OffsetChange {
  at: number;
  before: number;
  after: number;
}

/** The change of offset in (loMs, hiMs], if the ends differ (at most one change lies within a day). */
function changeIn(loMs: number, hiMs: number, timeZone: string): OffsetChange | null {
  const before = offsetAt(loMs, timeZone);
  const after = offsetAt(hiMs, timeZone);
  if (before === after) return null;
  let lo = Math.floor(loMs / 1000);
  let hi = Math.ceil(hiMs / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid * 1000, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return { at: hi * 1000, before, after };
}

/** Around a change, wall times are skipped or repeated for this long either side of it. */
function reach(change: OffsetChange): number {
  return Math.abs(change.after - change.before);
}

/**
 * The runs of `schedule` in `timeZone` strictly after `afterMs` (and at or before `untilMs`),
 * soonest first, at most `count`. Croner places them, following Vixie cron on daylight-saving
 * days: a fixed-time schedule whose time is skipped runs when the clocks jump (02:30 → 03:00) and a
 * repeated time runs once, the first time; a wildcard schedule keeps its real-time interval.
 * Croner reads the zone with Intl at every step (~0.1 ms a run): away from a change, where no wall
 * time is skipped or repeated, the same runs come from croner at the fixed UTC offset, 25 times faster.
 */
export function runsAfter(schedule: CronSchedule, timeZone: string, afterMs: number, options: { count?: number; untilMs?: number } = {}): CronRun[] {
  const count = options.count ?? 1;
  const untilMs = options.untilMs ?? Number.POSITIVE_INFINITY;
  const runs: CronRun[] = [];
  const zoned = cronFor(schedule, { timeZone });
  let cursor = afterMs;
  while (runs.length < count) {
    const offset = offsetAt(cursor, timeZone);
    const prev = changeIn(cursor - DAY, cursor, timeZone);
    const next = changeIn(cursor, cursor + DAY, timeZone);
    let near = prev && cursor < prev.at + reach(prev) ? prev : null;
    if (!near && offset % 60_000 === 0) {
      // Steady until the next change's skipped or repeated wall times begin.
      const steadyUntil = Math.min(next ? next.at - reach(next) - 1 : cursor + DAY - MAX_SHIFT, untilMs);
      const fixed = cronFor(schedule, { offsetMinutes: offset / 60_000 });
      const before = runs.length;
      let at = fixed.nextRun(new Date(cursor))?.getTime();
      while (at !== undefined && at <= steadyUntil && runs.length < count) {
        runs.push({ at, note: null });
        cursor = at;
        at = fixed.nextRun(new Date(cursor))?.getTime();
      }
      if (runs.length > before) continue;
      // Nothing ever, or nothing before the end while the offset holds: the zone agrees.
      if (at === undefined || (at > untilMs && steadyUntil === untilMs)) break;
      near = next;
    }
    // Near a change (or far from the next run): croner in the zone, one run at a time.
    const stretchEnd = near ? near.at + reach(near) : cursor;
    do {
      const at = zoned.nextRun(new Date(cursor))?.getTime();
      if (at === undefined || at > untilMs) return runs;
      const change = near && at <= stretchEnd ? near : changeIn(at - MAX_SHIFT, at + MAX_SHIFT, timeZone);
      runs.push({ at, note: change ? noteFor(schedule, timeZone, at, change) : null });
      cursor = at;
    } while (cursor < stretchEnd && runs.length < count);
  }
  return runs;
}

function slotName(schedule: CronSchedule, h: number, m: number, s: number): string {
  return schedule.hasSeconds ? `${pad(h)}:${pad(m)}:${pad(s)}` : `${pad(h)}:${pad(m)}`;
}

/** What the daylight-saving `change` near the run at `at` did to it, if anything. */
function noteFor(schedule: CronSchedule, timeZone: string, at: number, change: OffsetChange): string | null {
  const offset = at < change.at ? change.before : change.after;
  const wallMs = at + offset;
  const second = Math.floor(wallMs / 1000) % 86_400;
  const slot = slotName(schedule, Math.floor(second / 3600), Math.floor(second / 60) % 60, second % 60);
  const shift = change.before - change.after;
  if (shift > 0) {
    // Clocks go back: wall times in the last `shift` before the change come round again after it.
    const first = at < change.at && at >= change.at - shift;
    const again = at >= change.at && at < change.at + shift;
    if (first)
      return schedule.wildcard
        ? `${slot} happens twice on this day (clocks go back); runs both times`
        : `${slot} happens twice on this day (clocks go back); runs once, the first time`;
    return again ? `${slot} again, after the clocks went back` : null;
  }
  // Clocks go forward at `change.at`: a fixed-time slot in the skipped wall times runs at that instant.
  if (schedule.wildcard || at !== change.at) return null;
  const to = second;
  const from = to + shift / 1000;
  for (const h of schedule.hours) {
    for (const m of schedule.minutes) {
      for (const s of schedule.seconds) {
        const t = h * 3600 + m * 60 + s;
        if (t >= from && t < to) return `${slotName(schedule, h, m, s)} does not exist on this day (clocks go forward); runs at ${slot.slice(0, 5)} instead`;
      }
    }
  }
  return null;
}

/** The expression in words, e.g. "At 02:00, Monday through Friday" or "Às 02:00, de segunda-feira a sexta-feira". */
export function describeCronSchedule(schedule: CronSchedule, locale: CronLocale = 'en'): string {
  return cronstrue.toString(schedule.source, { use24HourTimeFormat: true, locale: locale === 'pt-BR' ? 'pt_BR' : 'en' });
}

const DST_NOTES: Record<CronLocale, { wildcard: string; fixed: string }> = {
  en: {
    wildcard:
      'On daylight-saving change days it keeps its interval in real time: slots in a skipped hour do not happen, slots in a repeated hour happen twice.',
    fixed:
      'On daylight-saving change days it runs exactly once: a time that is skipped runs when the clocks jump forward, a time that is repeated runs the first time only.',
  },
  'pt-BR': {
    wildcard:
      'Nos dias de mudança do horário de verão, mantém o intervalo em tempo real: horários numa hora pulada não acontecem, horários numa hora repetida acontecem duas vezes.',
    fixed:
      'Nos dias de mudança do horário de verão, roda exatamente uma vez: um horário pulado roda quando o relógio adianta, um horário repetido roda só na primeira vez.',
  },
};

/** What the schedule does on the days the clocks change, in the operator's words. */
export function describeDst(schedule: CronSchedule, locale: CronLocale = 'en'): string {
  return schedule.wildcard ? DST_NOTES[locale].wildcard : DST_NOTES[locale].fixed;
}
