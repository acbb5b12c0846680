import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { builtPaths, tempDir } from '../../../test/helpers/paths.js';
import type { ScheduleSummary } from '../../common/schedules.js';
import { EventBus } from '../events/eventBus.js';
import { JobStore } from '../jobs/jobStore.js';
import { openDatabase, type Db } from '../store/database.js';
import { ManualClock } from './clock.js';
import { formatWall } from './cronSchedule.js';
import { Scheduler, type ScheduleFields } from './scheduler.js';
import { ScheduleStore } from './scheduleStore.js';

// The scheduler over a real SQLite file with a clock the test moves: jobs are created (and stay
// queued: no dispatcher here), so what fired and when is read back from the job store.

const H = 3_600_000;
const opened: Database.Database[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

interface Rig {
  clock: ManualClock;
  scheduler: Scheduler;
  jobs: JobStore;
  store: ScheduleStore;
  sqlite: Database.Database;
  db: Db;
  file: string;
}

async function rig(startIso: string | number, file = path.join(tempDir(), 'db.sqlite')): Promise<Rig> {
  const clock = new ManualClock(typeof startIso === 'number' ? startIso : Date.parse(startIso));
  const { db, sqlite } = await openDatabase({ file, migrationsDir: builtPaths.migrationsDir, durability: 'NORMAL' });
  opened.push(sqlite);
  const jobs = new JobStore(
    db,
    sqlite,
    (id) => id,
    () => clock.now(),
  );
  const store = new ScheduleStore(db, sqlite);
  const scheduler = new Scheduler({
    store,
    createJob: (input) => jobs.createJob(input),
    validateParams: (_botId, params) => params,
    botTitle: (id) => id,
    kick: () => undefined,
    events: new EventBus(),
    clock,
    maintenance: { cleanup: () => 'cleaned', backup: () => Promise.resolve('backed up') },
    logError: (message, err) => {
      throw new Error(`${message}: ${String(err)}`);
    },
    builtins: false,
  });
  scheduler.start();
  return { clock, scheduler, jobs, store, sqlite, db, file };
}

function fields(cron: string, timeZone: string, more: Partial<ScheduleFields> = {}): ScheduleFields {
  return {
    name: 'test',
    kind: 'bot',
    botId: 'echo',
    params: {},
    cron,
    timeZone,
    enabled: true,
    missedPolicy: 'skip',
    overlap: 'parallel',
    settings: {},
    ...more,
  };
}

function firedAt(r: Rig, timeZone: string): string[] {
  return r.jobs
    .listJobs({ limit: 500 })
    .jobs.map((j) => j.createdAt)
    .sort((a, b) => a - b)
    .map((at) => formatWall(at, timeZone));
}

describe('firing schedules across daylight-saving changes', () => {
  it('fires a daily 02:30 exactly once on both New York change days', async () => {
    const r = await rig('2026-03-07T12:00:00Z');
    r.scheduler.create(fields('30 2 * * *', 'America/New_York'), 'ana');
    await r.clock.advanceTo(Date.parse('2026-03-10T12:00:00Z'));
    expect(firedAt(r, 'America/New_York')).toEqual(['2026-03-08 03:00:00', '2026-03-09 02:30:00', '2026-03-10 02:30:00']);
  });

  it('fires a daily 01:30 once on the New York fall-back day', async () => {
    const r = await rig('2026-10-31T12:00:00Z');
    r.scheduler.create(fields('30 1 * * *', 'America/New_York'), 'ana');
    await r.clock.advanceTo(Date.parse('2026-11-02T12:00:00Z'));
    expect(firedAt(r, 'America/New_York')).toEqual(['2026-11-01 01:30:00', '2026-11-02 01:30:00']);
    expect(new Date(r.jobs.listJobs({}).jobs.at(-1)!.createdAt).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('fires a daily 02:30 once on both Berlin change days, and */30 keeps its interval through them', async () => {
    const r = await rig('2026-10-24T12:00:00Z');
    r.scheduler.create(fields('30 2 * * *', 'Europe/Berlin'), 'ana');
    r.scheduler.create(fields('*/30 2 * * *', 'Europe/Berlin', { name: 'half-hourly at two' }), 'ana');
    await r.clock.advanceTo(Date.parse('2026-10-25T12:00:00Z'));
    const daily = r.jobs
      .listJobs({})
      .jobs.filter((j) => j.createdAt % (30 * 60_000) === 0)
      .map((j) => new Date(j.createdAt).toISOString())
      .sort();
    // 02:00 CEST, 02:30 CEST (daily too), 02:00 CET, 02:30 CET: the wildcard runs the repeated hour twice, the daily once.
    expect(daily).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:30:00.000Z',
    ]);

    const spring = await rig('2026-03-28T12:00:00Z');
    spring.scheduler.create(fields('30 2 * * *', 'Europe/Berlin'), 'ana');
    await spring.clock.advanceTo(Date.parse('2026-03-30T12:00:00Z'));
    expect(firedAt(spring, 'Europe/Berlin')).toEqual(['2026-03-29 03:00:00', '2026-03-30 02:30:00']);
  });
});

describe('a restart in the middle of a slot', () => {
  it('never fires a slot twice when the app stops right after firing it', async () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const a = await rig('2026-06-01T09:59:30Z', file);
    a.scheduler.create(fields('0 * * * * *', 'UTC'), 'ana');
    await a.clock.advanceTo(Date.parse('2026-06-01T10:00:00.000Z'));
    expect(a.jobs.listJobs({}).jobs).toHaveLength(1);
    a.scheduler.stop();
    a.sqlite.close();
    opened.splice(opened.indexOf(a.sqlite), 1);

    const b = await rig('2026-06-01T10:00:02Z', file);
    expect(b.jobs.listJobs({}).jobs).toHaveLength(1);
    await b.clock.advanceTo(Date.parse('2026-06-01T10:01:30Z'));
    expect(firedAt(b, 'UTC')).toEqual(['2026-06-01 10:00:00', '2026-06-01 10:01:00']);
    expect(b.store.allMisses(1)).toEqual([]);
  });

  it('fires the slot once after a crash just before it, when back within the grace period', async () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const a = await rig('2026-06-01T09:59:30Z', file);
    a.scheduler.create(fields('0 * * * * *', 'UTC'), 'ana');
    await a.clock.advanceTo(Date.parse('2026-06-01T09:59:59.900Z'));
    a.scheduler.stop();
    a.sqlite.close();
    opened.splice(opened.indexOf(a.sqlite), 1);

    const b = await rig('2026-06-01T10:00:05Z', file);
    expect(b.jobs.listJobs({}).jobs).toHaveLength(1);
    await b.clock.advance(30_000);
    expect(b.jobs.listJobs({}).jobs).toHaveLength(1);
    expect(b.store.allMisses(1)).toEqual([]);
  });
});

describe('runs missed while the app was closed for three days', () => {
  async function closedForThreeDays(more: Partial<ScheduleFields>): Promise<{ r: Rig; summary: ScheduleSummary }> {
    const file = path.join(tempDir(), 'db.sqlite');
    const a = await rig('2026-06-01T08:30:00Z', file);
    a.scheduler.create(fields('0 * * * *', 'UTC', more), 'ana');
    a.scheduler.stop();
    a.sqlite.close();
    opened.splice(opened.indexOf(a.sqlite), 1);
    const r = await rig('2026-06-04T08:32:00Z', file);
    return { r, summary: r.scheduler.get(1) };
  }

  it('skip: runs nothing and lists the 72 missed runs', async () => {
    const { r, summary } = await closedForThreeDays({ missedPolicy: 'skip' });
    expect(r.jobs.listJobs({}).jobs).toHaveLength(0);
    expect(summary.misses).toEqual([
      {
        detectedAt: Date.parse('2026-06-04T08:32:00Z'),
        reason: 'app_closed',
        missed: 72,
        caughtUp: 0,
        firstSlotAt: Date.parse('2026-06-01T09:00:00Z'),
        lastSlotAt: Date.parse('2026-06-04T08:00:00Z'),
      },
    ]);
    await r.clock.advanceTo(Date.parse('2026-06-04T09:00:01Z'));
    expect(firedAt(r, 'UTC')).toEqual(['2026-06-04 09:00:00']);
  });

  it('run once: one catch-up run however many were missed', async () => {
    const { r, summary } = await closedForThreeDays({ missedPolicy: 'run_once' });
    expect(firedAt(r, 'UTC')).toEqual(['2026-06-04 08:32:00']);
    expect(r.jobs.listJobs({}).jobs[0]?.createdBy).toBe('schedule:test');
    expect(summary.misses[0]).toMatchObject({ reason: 'app_closed', missed: 72, caughtUp: 1 });
    expect(summary.counters.runs).toBe(1);
  });

  it('run all within 6 hours: one run for each slot of the last 6 hours', async () => {
    const { r, summary } = await closedForThreeDays({ missedPolicy: 'run_all', missedWithinHours: 6 });
    expect(r.jobs.listJobs({}).jobs).toHaveLength(6);
    expect(summary.misses[0]).toMatchObject({ missed: 72, caughtUp: 6 });
  });
});

describe('sleep and wake', () => {
  it('notices a two-hour sleep from the wall clock jumping and catches up by policy', async () => {
    const r = await rig('2026-06-01T10:01:00Z');
    r.scheduler.create(fields('*/10 * * * *', 'UTC', { missedPolicy: 'run_once' }), 'ana');
    await r.clock.advance(60_000);
    r.clock.sleep(2 * H);
    // Nothing runs while asleep; the next watchdog tick after waking sees the jump.
    expect(r.jobs.listJobs({}).jobs).toHaveLength(0);
    await r.clock.advance(10_000);
    expect(r.jobs.listJobs({}).jobs).toHaveLength(1);
    expect(r.scheduler.get(1).misses[0]).toMatchObject({ reason: 'sleep', missed: 12, caughtUp: 1 });
    await r.clock.advanceTo(Date.parse('2026-06-01T12:10:00Z'));
    expect(firedAt(r, 'UTC')).toEqual(['2026-06-01 12:02:10', '2026-06-01 12:10:00']);
  });

  it('handles what came due at once when the shell reports a resume', async () => {
    const r = await rig('2026-06-01T10:05:00Z');
    r.scheduler.create(fields('*/10 * * * *', 'UTC', { missedPolicy: 'skip' }), 'ana');
    r.clock.sleep(2 * H);
    r.scheduler.wake();
    expect(r.scheduler.get(1).misses[0]).toMatchObject({ reason: 'sleep', missed: 12, caughtUp: 0 });
    expect(r.jobs.listJobs({}).jobs).toHaveLength(0);
  });
});

describe('editing and overlap bookkeeping', () => {
  it('does not count the time a schedule was disabled as missed, and skips a run while the last is queued', async () => {
    const r = await rig('2026-06-01T10:00:30Z');
    r.scheduler.create(fields('0 * * * * *', 'UTC', { overlap: 'skip', missedPolicy: 'run_all' }), 'ana');
    await r.clock.advance(60_000);
    expect(r.jobs.listJobs({}).jobs).toHaveLength(1);
    await r.clock.advance(60_000);
    // The first job is still queued (no dispatcher here): the second slot is skipped and counted.
    expect(r.jobs.listJobs({}).jobs).toHaveLength(1);
    expect(r.scheduler.get(1).counters.skippedOverlap).toBe(1);
    r.scheduler.setEnabled(1, false);
    expect(r.scheduler.get(1).nextRuns).toEqual([]);
    await r.clock.advance(10 * 60_000);
    r.scheduler.setEnabled(1, true);
    await r.clock.advance(1000);
    expect(r.scheduler.get(1).misses).toEqual([]);
  });

  it('runs the maintenance tasks in-process and records their outcome', async () => {
    const r = await rig('2026-06-01T03:00:00Z');
    const row = r.store.insert({
      name: 'Backup',
      kind: 'backup',
      cron: '15 3 * * *',
      timeZone: 'UTC',
      settingsJson: '{"keep":3}',
      createdBy: 'RPA Desk',
      createdAt: r.clock.now(),
      updatedAt: r.clock.now(),
      lastSlotAt: r.clock.now(),
    });
    r.scheduler.stop();
    r.scheduler.start();
    await r.clock.advanceTo(Date.parse('2026-06-01T03:16:00Z'));
    const summary = r.scheduler.get(row.id);
    expect(summary.lastRun).toMatchObject({ state: 'succeeded', message: 'backed up', jobId: null });
    expect(summary.counters).toMatchObject({ runs: 1, succeeded: 1, failed: 0 });
  });
});
