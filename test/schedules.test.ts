import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSummary } from '../electron/common/domain.js';
import type { SchedulePreview, ScheduleSummary } from '../electron/common/schedules.js';
import type { Core } from '../electron/core/app.js';
import { ManualClock } from '../electron/core/schedules/clock.js';
import { asTester, call, startTestCore, waitForJob } from './helpers/testCore.js';

// Schedules on a real core: a SQLite file, real worker processes running the `nap` fixture bot,
// and a scheduler clock the test moves, so three slots come due in a moment of real time.

let core: Core;
const clock = new ManualClock(Date.parse('2026-06-01T12:00:05Z'));

beforeAll(async () => {
  core = await startTestCore({ clock, concurrency: 4 });
});
afterAll(async () => {
  await core.close();
});

async function reply(command: string, input: unknown) {
  return core.router.handle(command, input, asTester(core));
}

function jobsOf(name: string): JobSummary[] {
  return core.store
    .listJobs({ limit: 500 })
    .jobs.filter((j) => j.createdBy === `schedule:${name}`)
    .sort((a, b) => a.id - b.id);
}

async function until(check: () => boolean, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('Timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('schedules on a real core', () => {
  it('seeds the built-in maintenance schedules', async () => {
    const list = await call<ScheduleSummary[]>(core, 'schedules.list', {});
    expect(list.map((s) => [s.kind, s.settings])).toEqual([
      ['cleanup', { olderThanDays: 90 }],
      ['backup', { keep: 7 }],
    ]);
    const deleting = await reply('schedules.delete', { scheduleId: list[0]!.id });
    expect(deleting).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses an invalid expression with the reason, in preview and on save, and saves nothing', async () => {
    const preview = await call<SchedulePreview>(core, 'schedules.preview', { cron: '61 * * * *', timeZone: 'UTC' });
    expect(preview).toEqual({ valid: false, error: 'Minute 61 is out of range (0–59)' });
    const saved = await reply('schedules.create', { name: 'bad', botId: 'nap', params: {}, cron: '61 * * * *', timeZone: 'UTC' });
    expect(saved).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'Minute 61 is out of range (0–59)', fields: { cron: 'Minute 61 is out of range (0–59)' } },
    });
    const never = await reply('schedules.create', { name: 'bad', botId: 'nap', params: {}, cron: '0 0 30 2 *', timeZone: 'UTC' });
    expect(never).toMatchObject({ ok: false, error: { message: expect.stringMatching(/never runs/) } });
    const zone = await reply('schedules.create', { name: 'bad', botId: 'nap', params: {}, cron: '0 2 * * *', timeZone: 'Mars/Olympus' });
    expect(zone).toMatchObject({ ok: false, error: { fields: { timeZone: expect.stringMatching(/Unknown time zone/) } } });
    const params = await reply('schedules.create', { name: 'bad', botId: 'nap', params: { ms: -1 }, cron: '0 2 * * *', timeZone: 'UTC' });
    expect(params).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(await call<ScheduleSummary[]>(core, 'schedules.list', {})).toHaveLength(2);
  });

  it('previews an expression in words with its next runs', async () => {
    const preview = await call<SchedulePreview>(core, 'schedules.preview', { cron: '0 2 * * 1-5', timeZone: 'America/New_York' });
    expect(preview).toMatchObject({ valid: true, description: 'At 02:00, Monday through Friday' });
    expect(preview.valid && preview.nextRuns).toHaveLength(5);
  });

  it('applies each overlap policy to a bot that runs longer than the interval', async () => {
    const base = { botId: 'nap', params: { ms: 2500 }, cron: '*/10 * * * * *', timeZone: 'UTC' };
    const created: Record<string, ScheduleSummary> = {};
    for (const overlap of ['skip', 'queue', 'parallel'] as const) {
      created[overlap] = await call<ScheduleSummary>(core, 'schedules.create', { ...base, name: overlap, overlap });
    }
    expect(created.skip?.nextRuns.map((r) => new Date(r.at).toISOString())).toEqual([
      '2026-06-01T12:00:10.000Z',
      '2026-06-01T12:00:20.000Z',
      '2026-06-01T12:00:30.000Z',
      '2026-06-01T12:00:40.000Z',
      '2026-06-01T12:00:50.000Z',
    ]);
    // Three slots come due within a few milliseconds of real time: the first run is still going.
    await clock.advance(5_000);
    await clock.advance(10_000);
    await clock.advance(10_000);
    for (const s of Object.values(created)) await call(core, 'schedules.setEnabled', { scheduleId: s.id, enabled: false });

    expect(jobsOf('skip')).toHaveLength(1);
    expect(jobsOf('parallel')).toHaveLength(3);
    expect(jobsOf('queue')).toHaveLength(1);
    const skip = await call<ScheduleSummary>(core, 'schedules.get', { scheduleId: created.skip!.id });
    expect(skip.counters).toMatchObject({ runs: 1, skippedOverlap: 2 });
    const queued = await call<ScheduleSummary>(core, 'schedules.get', { scheduleId: created.queue!.id });
    expect(queued.counters.queued).toBe(2);

    await until(() => jobsOf('queue').length === 3);
    const queue = jobsOf('queue');
    for (const job of queue) await waitForJob(core, job.id);
    const parallel = jobsOf('parallel');
    for (const job of parallel) await waitForJob(core, job.id);
    const ended = (jobs: JobSummary[]) => jobs.map((j) => core.store.getSummary(j.id)!);
    const q = ended(queue);
    expect(q.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // Queued runs wait for the previous one: no two overlap.
    expect(q[1]!.startedAt!).toBeGreaterThanOrEqual(q[0]!.finishedAt!);
    expect(q[2]!.startedAt!).toBeGreaterThanOrEqual(q[1]!.finishedAt!);
    // Parallel runs overlap.
    const p = ended(parallel);
    expect(p[1]!.startedAt!).toBeLessThan(p[0]!.finishedAt!);

    const after = await call<ScheduleSummary>(core, 'schedules.get', { scheduleId: created.queue!.id });
    expect(after.counters).toMatchObject({ runs: 3, succeeded: 3, failed: 0, queued: 0 });
    expect(after.lastRun).toMatchObject({ state: 'succeeded', jobId: q[2]!.id });
    expect(after.nextRuns).toEqual([]);
  });

  it('runs a schedule now on request, whatever its slot', async () => {
    const list = await call<ScheduleSummary[]>(core, 'schedules.list', {});
    const skip = list.find((s) => s.name === 'skip')!;
    await call(core, 'schedules.runNow', { scheduleId: skip.id });
    const jobs = jobsOf('skip');
    expect(jobs).toHaveLength(1);
    const manual = core.store.listJobs({ limit: 5 }).jobs[0]!;
    expect(manual.createdBy).toBe('tester (run now)');
    await waitForJob(core, manual.id);
  });

  it('records every scheduled run in the audit trail as the schedule, through the scheduler', async () => {
    type Entries = { entries: { actor: string; action: string; targetId: number; channel: string | null; detail: Record<string, unknown> }[] };
    const fired = jobsOf('parallel');
    const created = await call<Entries>(core, 'audit.search', { action: 'job.created', actor: 'schedule:parallel' });
    expect(created.entries.map((e) => e.targetId).sort((a, b) => a - b)).toEqual(fired.map((j) => j.id));
    for (const entry of created.entries) expect(entry).toMatchObject({ actor: 'schedule:parallel', channel: 'scheduler', detail: { botId: 'nap' } });
    // Run now is the operator's act, through the operator's door.
    const manual = core.store.listJobs({ limit: 5 }).jobs.find((j) => j.createdBy === 'tester (run now)')!;
    const byHand = await call<Entries>(core, 'audit.search', { action: 'job.created', actor: 'tester (run now)' });
    expect(byHand.entries.map((e) => e.targetId)).toEqual([manual.id]);
    expect(byHand.entries[0]?.channel).not.toBe('scheduler');
  });
});
