import { describe, expect, it } from 'vitest';
import { CronSyntaxError, parseCron } from './cron.js';

describe('reading a cron expression', () => {
  it('reads five and six fields, names, ranges, steps and macros', () => {
    const weekdays = parseCron('0 2 * * MON-FRI');
    expect(weekdays.hasSeconds).toBe(false);
    expect(weekdays.seconds).toEqual([0]);
    expect(weekdays.daysOfWeek).toEqual([1, 2, 3, 4, 5]);
    expect(weekdays.wildcard).toBe(false);
    expect(parseCron('*/20 * * * * *').seconds).toEqual([0, 20, 40]);
    expect(parseCron('5/20 1-3,7 * JAN,dec 7').minutes).toEqual([5, 25, 45]);
    expect(parseCron('5/20 1-3,7 * JAN,dec 7').months).toEqual([1, 12]);
    expect(parseCron('0 0 * * 7').daysOfWeek).toEqual([0]);
    expect(parseCron('@daily').source).toBe('0 0 * * *');
  });

  it('tells fixed-time from wildcard schedules as Vixie cron does', () => {
    expect(parseCron('30 2 * * *').wildcard).toBe(false);
    expect(parseCron('0 1,13 * * *').wildcard).toBe(false);
    expect(parseCron('*/30 * * * *').wildcard).toBe(true);
    expect(parseCron('0 */2 * * *').wildcard).toBe(true);
    expect(parseCron('0 1/2 * * *').wildcard).toBe(true);
    expect(parseCron('*/10 30 2 * * *').wildcard).toBe(true);
  });

  it('refuses invalid expressions with the reason', () => {
    const reason = (expr: string) => {
      try {
        parseCron(expr);
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
