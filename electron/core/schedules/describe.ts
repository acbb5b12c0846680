import type { CronExpression } from './cron.js';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function ordinal(n: number): string {
  const rem = n % 100;
  if (rem >= 11 && rem <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** "*" → null, "*\/n" → n, anything else → undefined. */
function everyStep(field: string): number | null | undefined {
  if (field === '*' || field === '?') return null;
  const m = /^\*\/(\d+)$/.exec(field);
  return m ? Number(m[1]) : undefined;
}

/** Consecutive values as ranges: [1,2,3,5] → ["1–3", "5"] with `name` applied to each end. */
function ranges(values: readonly number[], name: (v: number) => string, through: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === (values[j] ?? 0) + 1) j++;
    const a = values[i] ?? 0;
    const b = values[j] ?? 0;
    out.push(j - i >= 2 ? `${name(a)} ${through} ${name(b)}` : j > i ? `${name(a)}, ${name(b)}` : name(a));
    i = j + 1;
  }
  return out;
}

/** Hours as spans of the clock: [9..17] → "between 09:00 and 17:59". */
function hourSpans(hours: readonly number[]): string {
  const spans: string[] = [];
  for (let i = 0; i < hours.length; ) {
    let j = i;
    while (j + 1 < hours.length && hours[j + 1] === (hours[j] ?? 0) + 1) j++;
    spans.push(`${pad(hours[i] ?? 0)}:00 and ${pad(hours[j] ?? 0)}:59`);
    i = j + 1;
  }
  return spans.length === 1 ? `between ${spans[0]}` : `in the hours ${list(hours.map((h) => pad(h)))}`;
}

function timePart(cron: CronExpression): string {
  const { second, minute, hour } = cron.fields;
  const secStep = everyStep(second);
  const minStep = everyStep(minute);
  const hourStep = everyStep(hour);
  const secondsText =
    !cron.hasSeconds || second === '0'
      ? ''
      : secStep === null
        ? 'every second'
        : secStep !== undefined
          ? `every ${secStep} seconds`
          : `at second ${list(cron.seconds.map(String))}`;
  const fixedSeconds = !cron.hasSeconds || cron.seconds.length === 1;
  // A handful of exact times reads best as a list of clock times.
  if (fixedSeconds && secStep === undefined && minStep === undefined && hourStep === undefined && cron.minutes.length * cron.hours.length <= 6) {
    const s = cron.hasSeconds && second !== '0' ? `:${pad(cron.seconds[0] ?? 0)}` : '';
    const times = cron.hours.flatMap((h) => cron.minutes.map((m) => `${pad(h)}:${pad(m)}${s}`));
    return `At ${list(times)}`;
  }
  let minutesText: string;
  if (minStep === null) minutesText = secondsText ? '' : 'every minute';
  else if (minStep !== undefined) minutesText = `every ${minStep} minutes`;
  else minutesText = `at minute ${list(ranges(cron.minutes, String, 'through'))}`;
  let hoursText: string;
  if (hourStep === null) hoursText = '';
  else if (hourStep !== undefined) hoursText = `past every ${ordinal(hourStep)} hour`;
  else hoursText = hourSpans(cron.hours);
  if (minutesText.startsWith('at minute') && hourStep === null) hoursText = 'past every hour';
  const text = [secondsText, minutesText, hoursText].filter(Boolean).join(', ').replace(', past', ' past');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function dayPart(cron: CronExpression): string {
  const parts: string[] = [];
  const dom = cron.domRestricted ? `on day ${list(ranges(cron.daysOfMonth, String, 'through'))} of the month` : '';
  const dow = cron.dowRestricted ? list(ranges(cron.daysOfWeek, (d) => DAY_NAMES[d] ?? String(d), 'through')) : '';
  if (dom && dow) parts.push(`${dom} and on ${dow}`);
  else if (dom) parts.push(dom);
  else if (dow) parts.push(cron.daysOfWeek.length === 1 ? `only on ${dow}` : dow);
  if (cron.months.length < 12) parts.push(`only in ${list(ranges(cron.months, (m) => MONTH_NAMES[m - 1] ?? String(m), 'through'))}`);
  return parts.join(', ');
}

/** The expression in words, e.g. "At 02:00, Monday through Friday". */
export function describeCron(cron: CronExpression): string {
  return [timePart(cron), dayPart(cron)].filter(Boolean).join(', ');
}

/** What the schedule does on the days the clocks change, in the operator's words. */
export function describeDst(cron: CronExpression): string {
  return cron.wildcard
    ? 'On daylight-saving change days it keeps its interval in real time: slots in a skipped hour do not happen, slots in a repeated hour happen twice.'
    : 'On daylight-saving change days it runs exactly once: a time that is skipped runs when the clocks jump forward, a time that is repeated runs the first time only.';
}
