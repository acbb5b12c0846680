/** A cron expression that could not be read, with the reason in the operator's words. */
export class CronSyntaxError extends Error {
  override name = 'CronSyntaxError';
}

/** A parsed five-field (or six, seconds first) cron expression. */
export interface CronExpression {
  /** The expression as written (macros expanded). */
  source: string;
  hasSeconds: boolean;
  seconds: readonly number[];
  minutes: readonly number[];
  hours: readonly number[];
  daysOfMonth: readonly number[];
  months: readonly number[];
  /** 0 = Sunday … 6 = Saturday. */
  daysOfWeek: readonly number[];
  /** Vixie cron: when both day fields are restricted, a day matches either; otherwise both. */
  domRestricted: boolean;
  dowRestricted: boolean;
  /**
   * Vixie cron's "wildcard job": a second, minute or hour field that starts with `*`, or a stepped
   * hour. Such a job keeps its real-time interval across a DST change; any other job is a
   * "fixed-time job" that runs exactly once on each change day.
   */
  wildcard: boolean;
  /** The raw text of each field, for descriptions. */
  fields: { second: string; minute: string; hour: string; dayOfMonth: string; month: string; dayOfWeek: string };
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** First value the names map to (1 for months, 0 for weekdays). */
  namesFrom?: number;
}

const SECOND: FieldSpec = { label: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { label: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { label: 'hour', min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { label: 'day of the month', min: 1, max: 31 };
const MONTH: FieldSpec = { label: 'month', min: 1, max: 12, names: MONTH_NAMES, namesFrom: 1 };
// 7 is Sunday too, as in every cron.
const DAY_OF_WEEK: FieldSpec = { label: 'day of the week', min: 0, max: 7, names: DAY_NAMES, namesFrom: 0 };

function readValue(text: string, spec: FieldSpec): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + (spec.namesFrom ?? 0);
  if (!/^\d+$/.test(text)) throw new CronSyntaxError(`"${text}" is not a valid ${spec.label}`);
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    throw new CronSyntaxError(`${capitalise(spec.label)} ${value} is out of range (${spec.min}–${spec.max})`);
  }
  return value;
}

function parseField(text: string, spec: FieldSpec): number[] {
  if (text === '') throw new CronSyntaxError(`The ${spec.label} field is empty`);
  const values = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') throw new CronSyntaxError(`The ${spec.label} field "${text}" has an empty list item`);
    const [range = '', stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronSyntaxError(`"${part}" has more than one "/"`);
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) {
        throw new CronSyntaxError(`The step in "${part}" must be a whole number of at least 1`);
      }
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      if (range === '?' && spec !== DAY_OF_MONTH && spec !== DAY_OF_WEEK) throw new CronSyntaxError(`"?" is only allowed in the day fields`);
      from = spec.min;
      to = spec === DAY_OF_WEEK ? 6 : spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = '', more] = range.split('-');
      // "-1" splits into an empty start: it is a negative number, and the operator should hear that.
      if (a === '' && /^\d+$/.test(b) && more === undefined) {
        throw new CronSyntaxError(`${capitalise(spec.label)} -${b} is out of range (${spec.min}–${spec.max}): cron has no negative values`);
      }
      if (more !== undefined || a === '') throw new CronSyntaxError(`"${range}" is not a valid range`);
      if (b === '') throw new CronSyntaxError(`The range "${range}" has no end: write it as from-to, e.g. 1-5`);
      from = readValue(a, spec);
      to = readValue(b, spec);
      if (to < from) throw new CronSyntaxError(`The range ${range} runs backwards`);
    } else {
      from = readValue(range, spec);
      // "5/15" means from 5 to the end in steps of 15.
      to = stepText !== undefined ? (spec === DAY_OF_WEEK ? 6 : spec.max) : from;
    }
    for (let v = from; v <= to; v += step) values.add(spec === DAY_OF_WEEK && v === 7 ? 0 : v);
  }
  return [...values].sort((a, b) => a - b);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Reads a cron expression: five fields, or six with seconds first, or a macro such as @daily. */
export function parseCron(expression: string): CronExpression {
  const trimmed = expression.trim();
  if (trimmed === '') throw new CronSyntaxError('The expression is empty');
  const macro = MACROS[trimmed.toLowerCase()];
  if (trimmed.startsWith('@') && !macro) throw new CronSyntaxError(`Unknown shortcut ${trimmed} (use @hourly, @daily, @weekly, @monthly or @yearly)`);
  const source = macro ?? trimmed.replace(/\s+/g, ' ');
  const parts = source.split(' ');
  if (parts.length !== 5 && parts.length !== 6) {
    throw new CronSyntaxError(
      `The expression has ${parts.length} field${parts.length === 1 ? '' : 's'}; use 5 (minute hour day month weekday) or 6 (second first)`,
    );
  }
  const hasSeconds = parts.length === 6;
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = (hasSeconds ? parts : ['0', ...parts]) as [string, string, string, string, string, string];
  const hourStepped = hour.includes('/');
  return {
    source,
    hasSeconds,
    seconds: parseField(second, SECOND),
    minutes: parseField(minute, MINUTE),
    hours: parseField(hour, HOUR),
    daysOfMonth: parseField(dayOfMonth, DAY_OF_MONTH),
    months: parseField(month, MONTH),
    daysOfWeek: parseField(dayOfWeek, DAY_OF_WEEK),
    domRestricted: !(dayOfMonth.startsWith('*') || dayOfMonth.startsWith('?')),
    dowRestricted: !(dayOfWeek.startsWith('*') || dayOfWeek.startsWith('?')),
    wildcard: second.startsWith('*') || minute.startsWith('*') || hour.startsWith('*') || hourStepped,
    fields: { second, minute, hour, dayOfMonth, month, dayOfWeek },
  };
}

/** True when the calendar day (month 1–12) matches the expression's day and month fields. */
export function dayMatches(cron: CronExpression, year: number, month: number, day: number): boolean {
  if (!cron.months.includes(month)) return false;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const domOk = cron.daysOfMonth.includes(day);
  const dowOk = cron.daysOfWeek.includes(weekday);
  if (cron.domRestricted && cron.dowRestricted) return domOk || dowOk;
  return domOk && dowOk;
}
