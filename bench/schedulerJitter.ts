// Fire lateness of our scheduler: N schedules all due at the same second, real clock, real SQLite
// (jobs are created and committed; no workers start). Not a test. Run it alone with:
//   npx esbuild bench/schedulerJitter.ts --bundle --platform=node --format=esm --packages=external \
//     --outfile=node_modules/.cache/schedulerJitter.mjs && node node_modules/.cache/schedulerJitter.mjs [N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventBus } from '../electron/core/events/eventBus.js';
import { JobStore } from '../electron/core/jobs/jobStore.js';
import { systemClock } from '../electron/core/schedules/clock.js';
import { Scheduler } from '../electron/core/schedules/scheduler.js';
import { ScheduleStore } from '../electron/core/schedules/scheduleStore.js';
import { openDatabase, type Durability } from '../electron/core/store/database.js';

/** What one run measured: lateness of each fire after its slot (job committed and announced), in ms. */
export interface SchedulerJitter {
  schedules: number;
  durability: Durability;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  missed: number;
  doubled: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/** Creates `schedules` schedules due at the same second about 3 s ahead and measures how late each fires. */
export async function measureSchedulerJitter(options: { schedules?: number; durability?: Durability; migrationsDir?: string } = {}): Promise<SchedulerJitter> {
  const n = options.schedules ?? 1_000;
  const durability = options.durability ?? 'FULL';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpa-sched-bench-'));
  const { db, sqlite } = await openDatabase({
    file: path.join(dir, 'db.sqlite'),
    migrationsDir: options.migrationsDir ?? path.resolve('migrations'),
    durability,
  });
  const events = new EventBus();
  const jobs = new JobStore(db, sqlite, (id) => id);
  const scheduler = new Scheduler({
    store: new ScheduleStore(db, sqlite),
    createJob: (input) => jobs.createJob(input),
    validateParams: (_botId, params) => params,
    botTitle: (id) => id,
    kick: () => undefined,
    events,
    clock: systemClock,
    maintenance: { cleanup: () => '', backup: () => Promise.resolve('') },
    logError: (message, err) => console.error(message, err),
    builtins: false,
  });
  scheduler.start();
  const due = Math.ceil((Date.now() + 3_000) / 1000) * 1000;
  const d = new Date(due);
  const cron = `${d.getUTCSeconds()} ${d.getUTCMinutes()} ${d.getUTCHours()} * * *`;
  const fires = new Map<number, number>();
  const lateness: number[] = [];
  const bySchedule = new Map<number, number>();
  events.on('job.updated', (job) => {
    lateness.push(Date.now() - due);
    fires.set(job.id, (fires.get(job.id) ?? 0) + 1);
  });
  for (let i = 0; i < n; i++) {
    const s = scheduler.create(
      { name: `s${i}`, kind: 'bot', botId: 'bench', params: {}, cron, timeZone: 'UTC', enabled: true, missedPolicy: 'skip', overlap: 'parallel', settings: {} },
      'bench',
    );
    bySchedule.set(s.id, 0);
  }
  await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now()) + 2_500));
  scheduler.stop();
  const rows = sqlite.prepare('SELECT schedule_id AS id, count(*) AS n FROM jobs GROUP BY schedule_id').all() as { id: number; n: number }[];
  for (const row of rows) bySchedule.set(row.id, row.n);
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const sorted = [...lateness].sort((a, b) => a - b);
  const counts = [...bySchedule.values()];
  return {
    schedules: n,
    durability,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    missed: counts.filter((c) => c === 0).length,
    doubled: counts.filter((c) => c > 1).length,
  };
}

const entry = process.argv[1] ?? '';
if (/schedulerJitter\.(m?js|cjs|ts)$/.test(entry)) {
  const n = Number(process.argv[2] ?? 1_000);
  measureSchedulerJitter({ schedules: n })
    .then((r) => console.log(JSON.stringify(r)))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
