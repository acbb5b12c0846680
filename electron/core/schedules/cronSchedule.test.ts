import { describe, expect, it } from 'vitest';
import { CronSyntaxError, describeCronSchedule, describeDst, formatWall, parseCronSchedule, runsAfter } from './cronSchedule.js';

describe('reading a cron expression', () => {
  it('reads five and six fields, names, ranges, steps and macros', () => {
    const weekdays = parseCronSchedule('0 2 * * MON-FRI');
    expect(weekdays.hasSeconds).toBe(false);
    expect(weekdays.seconds).toEqual([0]);
    expect(weekdays.daysOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(weekdays.wildcard).toBe(false);
    expect(parseCronSchedule('*/20 * * * * *').seconds).toEqual([0, 20, 40]);
    expect(parseCronSchedule('5/20 1-3,7 * JAN,dec 7').minutes).toEqual([5, 25, 45]);
    expect(parseCronSchedule('5/20 1-3,7 * JAN,dec 7').months).toEqual([1, 12]);
    expect(parseCronSchedule('0 0 * * 7').daysOfWeek).toEqual([0]);
    expect(parseCronSchedule('@daily').source).toBe('0 0 * * *');
  });

  it('tells fixed-time from wildcard schedules as Vixie cron does', () => {
    expect(parseCronSchedule('30 2 * * *').wildcard).toBe(false);
    expect(parseCronSchedule('0 1,13 * * *').wildcard).toBe(false);
    expect(parseCronSchedule('*/30 * * * *').wildcard).toBe(true);
    expect(parseCronSchedule('0 */2 * * *').wildcard).toBe(true);
    expect(parseCronSchedule('0 1/2 * * *').wildcard).toBe(true);
    expect(parseCronSchedule('*/10 30 2 * * *').wildcard).toBe(true);
  });

  it('refuses invalid expressions with the reason', () => {
    const reason = (expr: string) => {
      try {
        parseCronSchedule(expr);
        return 'accepted';
      } catch (err) {
        expect(err).toBeInstanceOf(CronSyntaxError);
        return (err as Error).message;
      }
    };
    expect(reason('')).toBe('The expression is empty');
    expect(reason('* * * *')).toMatch(/has 4 fields; use 5/);
    expect(reason('61 * * * *')).toBe('Minute 61 is out of range (0–59)');
    expect(reason('0 24 * * *')).toBe('Hour 24 is out of range (0–23)');
    expect(reason('0 0 0 * *')).toBe('Day of the month 0 is out of range (1–31)');
    expect(reason('0 0 * 13 *')).toBe('Month 13 is out of range (1–12)');
    expect(reason('0 0 * * 8')).toBe('Day of the week 8 is out of range (0–7)');
    expect(reason('*/0 * * * *')).toMatch(/step .* at least 1/);
    expect(reason('5-2 * * * *')).toBe('The range 5-2 runs backwards');
    expect(reason('a * * * *')).toBe('"a" is not a valid minute');
    // A negative number reads as a range with an empty start: say what was written, not "".
    expect(reason('-1 * * * *')).toBe('Minute -1 is out of range (0–59): cron has no negative values');
    expect(reason('0 -5 * * *')).toBe('Hour -5 is out of range (0–23): cron has no negative values');
    expect(reason('1- * * * *')).toBe('The range "1-" has no end: write it as from-to, e.g. 1-5');
    expect(reason('0 0 * * MON-')).toBe('The range "MON-" has no end: write it as from-to, e.g. 1-5');
    expect(reason('@sometimes')).toMatch(/Unknown shortcut/);
    expect(reason('1,,2 * * * *')).toMatch(/empty list item/);
  });
});

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

function wallRuns(expr: string, tz: string, fromIso: string, count: number): string[] {
  return runsAfter(parseCronSchedule(expr), tz, Date.parse(fromIso), { count }).map((r) => formatWall(r.at, tz));
}

function utcRuns(expr: string, tz: string, fromIso: string, count: number): string[] {
  return runsAfter(parseCronSchedule(expr), tz, Date.parse(fromIso), { count }).map((r) => new Date(r.at).toISOString());
}

describe('next runs across daylight-saving changes (Vixie cron rules)', () => {
  it('runs a daily 02:30 exactly once on the New York spring-forward day, at 03:00', () => {
    expect(wallRuns('30 2 * * *', NY, '2026-03-06T12:00:00Z', 4)).toEqual([
      '2026-03-07 02:30:00',
      '2026-03-08 03:00:00',
      '2026-03-09 02:30:00',
      '2026-03-10 02:30:00',
    ]);
    const runs = runsAfter(parseCronSchedule('30 2 * * *'), NY, Date.parse('2026-03-07T12:00:00Z'), { count: 1 });
    expect(runs[0]?.note).toMatch(/02:30 does not exist .* runs at 03:00/);
    expect(new Date(runs[0]!.at).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('runs a daily 01:30 exactly once on the New York fall-back day, the first time', () => {
    expect(utcRuns('30 1 * * *', NY, '2026-10-31T00:00:00Z', 3)).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 01:30 EST (06:30Z) is not run again
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('runs a daily 02:30 exactly once on both Berlin change days', () => {
    expect(utcRuns('30 2 * * *', BERLIN, '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z', // 02:30 skipped: runs at 03:00 CEST
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(utcRuns('30 2 * * *', BERLIN, '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z', // 02:30 CEST; 02:30 CET (01:30Z) is not run again
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('keeps the real-time interval of a */30 schedule through the repeated hour (New York)', () => {
    const runs = utcRuns('*/30 * * * *', NY, '2026-11-01T04:45:00Z', 6);
    expect(runs).toEqual([
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T06:00:00.000Z', // 01:00 EST
      '2026-11-01T06:30:00.000Z', // 01:30 EST
      '2026-11-01T07:00:00.000Z', // 02:00 EST
      '2026-11-01T07:30:00.000Z',
    ]);
  });

  it('keeps the real-time interval of a */30 schedule through the skipped hour (Berlin)', () => {
    expect(utcRuns('*/30 * * * *', BERLIN, '2026-03-29T00:15:00Z', 4)).toEqual([
      '2026-03-29T00:30:00.000Z', // 01:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST: 02:00 and 02:30 do not exist
      '2026-03-29T01:30:00.000Z',
      '2026-03-29T02:00:00.000Z',
    ]);
  });

  it('treats a stepped hour as a wildcard: every second hour skips the missing 02:00', () => {
    expect(wallRuns('0 */2 * * *', NY, '2026-03-08T04:30:00Z', 3)).toEqual(['2026-03-08 00:00:00', '2026-03-08 04:00:00', '2026-03-08 06:00:00']);
  });

  it('runs a skipped fixed slot and a real 03:00 slot once between them', () => {
    expect(wallRuns('0 2,3 * * *', NY, '2026-03-08T05:00:00Z', 2)).toEqual(['2026-03-08 03:00:00', '2026-03-09 02:00:00']);
  });

  it('handles six-field expressions with seconds', () => {
    expect(utcRuns('*/10 * * * * *', 'UTC', '2026-01-01T00:00:05Z', 3)).toEqual([
      '2026-01-01T00:00:10.000Z',
      '2026-01-01T00:00:20.000Z',
      '2026-01-01T00:00:30.000Z',
    ]);
  });

  it('combines restricted day-of-month and day-of-week with OR, as classic cron does', () => {
    // 1st of the month or any Monday, June 2026 (1 June is a Monday).
    expect(wallRuns('0 9 1 * MON', 'UTC', '2026-06-01T10:00:00Z', 3)).toEqual(['2026-06-08 09:00:00', '2026-06-15 09:00:00', '2026-06-22 09:00:00']);
    expect(wallRuns('0 9 * * 1-5', 'UTC', '2026-06-05T10:00:00Z', 2)).toEqual(['2026-06-08 09:00:00', '2026-06-09 09:00:00']);
  });

  it('finds 29 February and nothing for 30 February', () => {
    expect(wallRuns('0 0 29 2 *', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2028-02-29 00:00:00']);
    expect(runsAfter(parseCronSchedule('0 0 30 2 *'), 'UTC', Date.parse('2026-01-01T00:00:00Z'))).toEqual([]);
  });

  it('lists every run in a window, and is fast enough for every second of a day', () => {
    const from = Date.parse('2026-11-01T00:00:00Z');
    const runs = runsAfter(parseCronSchedule('* * * * * *'), NY, from, { count: 100_000, untilMs: from + 86_400_000 });
    expect(runs).toHaveLength(86_400);
    const gaps = new Set(runs.slice(1).map((r, i) => r.at - runs[i]!.at));
    expect([...gaps]).toEqual([1000]);
  });
});

const say = (expr: string) => describeCronSchedule(parseCronSchedule(expr));

describe('describing a cron expression in words', () => {
  it('reads the presets', () => {
    expect(say('0 2 * * 1-5')).toBe('At 02:00, Monday through Friday');
    expect(say('30 7 * * *')).toBe('At 07:30');
    // cronstrue's words (ours said "At minute 0 past every hour").
    expect(say('0 * * * *')).toBe('Every hour');
    expect(say('0 6 15 * *')).toBe('At 06:00, on day 15 of the month');
    expect(say('0 9 * * 1')).toBe('At 09:00, only on Monday');
  });

  it('reads steps, seconds, lists and months', () => {
    expect(say('*/15 * * * *')).toBe('Every 15 minutes');
    expect(say('*/10 * * * * *')).toBe('Every 10 seconds');
    expect(say('* * * * *')).toBe('Every minute');
    expect(say('0 8,12,18 * * *')).toBe('At 08:00, 12:00 and 18:00');
    // cronstrue's words (ours said "At minute 0 past every 2nd hour").
    expect(say('0 */2 * * *')).toBe('On the hour, every 2 hours');
    expect(say('0 0 1 1,7 *')).toBe('At 00:00, on day 1 of the month, only in January and July');
    expect(say('*/5 9-17 * * 1-5')).toBe('Every 5 minutes, between 09:00 and 17:59, Monday through Friday');
  });

  it('reads them in Portuguese (Brazil) too, with the daylight-saving rule', () => {
    expect(describeCronSchedule(parseCronSchedule('0 2 * * 1-5'), 'pt-BR')).toBe('Às 02:00, de segunda-feira a sexta-feira');
    expect(describeCronSchedule(parseCronSchedule('*/15 * * * *'), 'pt-BR')).toBe('A cada 15 minutos');
    expect(describeDst(parseCronSchedule('30 2 * * *'), 'pt-BR')).toMatch(/roda exatamente uma vez/);
    expect(describeDst(parseCronSchedule('*/30 * * * *'))).toMatch(/keeps its interval/);
  });
});
