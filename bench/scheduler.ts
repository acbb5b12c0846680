import { Cron } from 'croner';
import cron from 'node-cron';
import { FINAL_STATES } from '../electron/common/domain.js';
import { ChildProcessHost } from '../electron/headless/childProcessHost.js';
import { startBenchCore, type BenchPaths, benchConnection } from './lib/benchCore.js';
import { measureSchedulerJitter } from './schedulerJitter.js';
import { Results, type BenchmarkResult } from './lib/results.js';
import { epochNow, interleave, quantile, sleep, until } from './lib/stats.js';

const OURS = 'RPA Desk scheduler (jobs committed, FULL)';
const NODE_CRON = 'node-cron';
const CRONER = 'croner';

export interface SchedulerOptions {
  schedules: number;
  reps: number;
}

/** Schedules `n` callbacks all due at the same second, ~3 s ahead; returns per-fire lateness and counts. */
async function fireAll(kind: string, n: number): Promise<{ lateness: number[]; missed: number; doubled: number }> {
  const due = Math.ceil((Date.now() + 3_000) / 1000) * 1000;
  const d = new Date(due);
  const expr = `${d.getSeconds()} ${d.getMinutes()} ${d.getHours()} * * *`;
  const fires = new Array<number>(n).fill(0);
  const lateness: number[] = [];
  const stops: (() => void)[] = [];
  for (let i = 0; i < n; i++) {
    const callback = (): void => {
      lateness.push(epochNow() - due);
      fires[i] = (fires[i] ?? 0) + 1;
    };
    if (kind === NODE_CRON) {
      const task = cron.schedule(expr, callback);
      stops.push(() => void task.stop());
    } else {
      const job = new Cron(expr, callback);
      stops.push(() => job.stop());
    }
  }
  await sleep(due - Date.now() + 2_500);
  for (const stop of stops) stop();
  return { lateness, missed: fires.filter((f) => f === 0).length, doubled: fires.filter((f) => f > 1).length };
}

/**
 * Benchmark 2's load in this process: a core with two bot workers logging 100-byte lines flat out,
 * so main is busy storing and publishing log lines while the schedules fire.
 */
async function startLogFlood(paths: BenchPaths, seconds: number): Promise<() => Promise<void>> {
  const core = await startBenchCore(paths, new ChildProcessHost(paths.workerEntry), { durability: 'FULL', concurrency: 2 });
  let finished = 0;
  let lines = 0;
  const offJob = core.events.on('job.updated', (job) => {
    if (FINAL_STATES.includes(job.state)) finished++;
  });
  const offLog = core.events.on('log.appended', ({ lines: batch }) => {
    lines += batch.length;
  });
  for (let i = 0; i < 2; i++) {
    const reply = await core.router.handle('jobs.create', { botId: 'bench-log-flood', params: { seconds } }, benchConnection(core));
    if (!reply.ok) throw new Error(reply.error.message);
  }
  // Measure only once lines are streaming.
  await until(() => lines > 10_000, 30_000, 'log flood started');
  return async () => {
    await until(() => finished >= 2, seconds * 1000 + 60_000, 'log flood jobs');
    offJob();
    offLog();
    await core.close();
  };
}

async function measure(paths: BenchPaths, r: Results, contender: string, n: number, loaded: boolean): Promise<void> {
  const suffix = loaded ? ', during log ingestion' : ', idle';
  // The flood outlasts the measurement (~3 s lead + 2.5 s of fires).
  const stopFlood = loaded ? await startLogFlood(paths, 8) : null;
  try {
    if (contender === OURS) {
      const j = await measureSchedulerJitter({ schedules: n, durability: 'FULL', migrationsDir: paths.migrationsDir });
      r.add(`lateness p50${suffix}`, OURS, 'ms', 'lower', j.p50Ms);
      r.add(`lateness p99${suffix}`, OURS, 'ms', 'lower', j.p99Ms);
      r.add(`lateness max${suffix}`, OURS, 'ms', 'lower', j.maxMs);
      r.add(`missed or doubled fires${suffix}`, OURS, 'fires', 'lower', j.missed + j.doubled);
    } else {
      const { lateness, missed, doubled } = await fireAll(contender, n);
      r.add(`lateness p50${suffix}`, contender, 'ms', 'lower', quantile(lateness, 0.5));
      r.add(`lateness p99${suffix}`, contender, 'ms', 'lower', quantile(lateness, 0.99));
      r.add(`lateness max${suffix}`, contender, 'ms', 'lower', Math.max(...lateness));
      r.add(`missed or doubled fires${suffix}`, contender, 'fires', 'lower', missed + doubled);
    }
  } finally {
    await stopFlood?.();
  }
}

export async function runScheduler(paths: BenchPaths, o: SchedulerOptions, log: (m: string) => void): Promise<BenchmarkResult> {
  const started = performance.now();
  const r = new Results('scheduler', `4. Scheduler (${o.schedules.toLocaleString('en-US')} schedules due in the same second)`, OURS);
  r.notes.push(
    'Ours: the real Scheduler over a real SQLite file at FULL (schedules made through `scheduler.create`); a fire counts when its job is committed and `job.updated` announced (lateness = that time − the due second). Workers are not started.',
    'node-cron and croner: the callback only records the time. Ours does what a fire really does: works out the missed-run policy, checks overlap, inserts the job with its first transition and updates the schedule, 100 schedules per commit.',
    'Every schedule is a six-field cron expression for one second ~3 s ahead. "During log ingestion": two bot workers of benchmark 2 log flat out into a core in the same process while the schedules fire.',
  );
  for (const loaded of [false, true]) {
    await interleave(o.reps, [OURS, NODE_CRON, CRONER], (c) => measure(paths, r, c, o.schedules, loaded), log);
  }
  for (const suffix of [', idle', ', during log ingestion']) {
    r.limitTarget(`ours: p99 lateness ≤10 ms${suffix}`, [`lateness p99${suffix}`, OURS], 10, 'ms', (v) => Math.max(...v), true);
    r.limitTarget(`ours: no fire missed or doubled${suffix}`, [`missed or doubled fires${suffix}`, OURS], 0, 'fires', (v) => Math.max(...v), true);
  }
  return r.finish((performance.now() - started) / 1000);
}
