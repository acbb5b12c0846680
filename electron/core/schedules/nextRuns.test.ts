import { describe, expect, it } from 'vitest';
import { parseCron } from './cron.js';
import { formatWall, runsAfter } from './nextRuns.js';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

function wallRuns(expr: string, tz: string, fromIso: string, count: number): string[] {
  return runsAfter(parseCron(expr), tz, Date.parse(fromIso), { count }).map((r) => formatWall(r.at, tz));
}

function utcRuns(expr: string, tz: string, fromIso: string, count: number): string[] {
  return runsAfter(parseCron(expr), tz, Date.parse(fromIso), { count }).map((r) => new Date(r.at).toISOString());
}

describe('next runs across daylight-saving changes (Vixie cron rules)', () => {
  it('runs a daily 02:30 exactly once on the New York spring-forward day, at 03:00', () => {
    expect(wallRuns('30 2 * * *', NY, '2026-03-06T12:00:00Z', 4)).toEqual([
      '2026-03-07 02:30:00',
      '2026-03-08 03:00:00',
      '2026-03-09 02:30:00',
      '2026-03-10 02:30:00',
    ]);
    const runs = runsAfter(parseCron('30 2 * * *'), NY, Date.parse('2026-03-07T12:00:00Z'), { count: 1 });
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
    expect(wallRuns('0 */2 * * *', NY, '2026-03-08T04:30:00Z', 3)).toEqual([
      '2026-03-08 00:00:00',
      '2026-03-08 04:00:00',
      '2026-03-08 06:00:00',
    ]);
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
    expect(wallRuns('0 9 1 * MON', 'UTC', '2026-06-01T10:00:00Z', 3)).toEqual([
      '2026-06-08 09:00:00',
      '2026-06-15 09:00:00',
      '2026-06-22 09:00:00',
    ]);
    expect(wallRuns('0 9 * * 1-5', 'UTC', '2026-06-05T10:00:00Z', 2)).toEqual(['2026-06-08 09:00:00', '2026-06-09 09:00:00']);
  });

  it('finds 29 February and nothing for 30 February', () => {
    expect(wallRuns('0 0 29 2 *', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2028-02-29 00:00:00']);
    expect(runsAfter(parseCron('0 0 30 2 *'), 'UTC', Date.parse('2026-01-01T00:00:00Z'))).toEqual([]);
  });

  it('lists every run in a window, and is fast enough for every second of a day', () => {
    const from = Date.parse('2026-11-01T00:00:00Z');
    const runs = runsAfter(parseCron('* * * * * *'), NY, from, { count: 100_000, untilMs: from + 86_400_000 });
    expect(runs).toHaveLength(86_400);
    const gaps = new Set(runs.slice(1).map((r, i) => r.at - runs[i]!.at));
    expect([...gaps]).toEqual([1000]);
  });
});
