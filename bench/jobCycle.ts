import { fork } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Queue, Worker } from 'bullmq';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { better, defineQueue, defineWorker } from 'plainjob';
import { FINAL_STATES } from '../electron/common/domain.js';
import type { Core } from '../electron/core/app.js';
import { JobStore } from '../electron/core/jobs/jobStore.js';
import * as schema from '../electron/core/store/schema.js';
import type { Durability } from '../electron/core/store/database.js';
import { InProcessHost, freshDir, startBenchCore, type BenchPaths, benchConnection } from './lib/benchCore.js';
import { REDIS_LABEL, type RedisMode, type RedisServer } from './lib/peers.js';
import { Results, type BenchmarkResult } from './lib/results.js';
import { epochNow, interleave, quantile, rate, sleep, until } from './lib/stats.js';

const OURS_NORMAL = 'RPA Desk store+dispatcher, NORMAL (in-process host)';
const OURS_FULL = 'RPA Desk store+dispatcher, FULL (in-process host)';
const PLAIN_IN = 'plainjob, in-process worker';
const PLAIN_FORK = 'plainjob, 2 forked workers';
const BARE_NORMAL = 'bare better-sqlite3 loop, NORMAL';
const BARE_FULL = 'bare better-sqlite3 loop, FULL';
const M_ENQ = 'enqueue, one awaited at a time';
const M_BATCH = 'enqueue, batched (1,000 per call/transaction)';
const M_C1 = 'drain, concurrency 1';
const M_C100 = 'drain, concurrency 100';
const BATCH = 1000;
const silent = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

export interface JobCycleOptions {
  jobs: number;
  reps: number;
  rampStepMs: number;
  redis: RedisServer[];
}

function countFinal(core: Core): { count: () => number; off: () => void } {
  let n = 0;
  const off = core.events.on('job.updated', (job) => {
    if (FINAL_STATES.includes(job.state)) n++;
  });
  return { count: () => n, off };
}

async function ours(paths: BenchPaths, r: Results, label: string, durability: Durability, jobs: number): Promise<void> {
  // Concurrency 1: queue every job through the router while the one claimed job is held, then drain.
  {
    const host = new InProcessHost();
    host.pause();
    const core = await startBenchCore(paths, host, { durability, concurrency: 1 });
    const done = countFinal(core);
    let t = performance.now();
    for (let i = 0; i < jobs; i++) {
      const reply = await core.router.handle('jobs.create', { botId: 'bench-noop', params: {} }, benchConnection(core));
      if (!reply.ok) throw new Error(reply.error.message);
    }
    r.add(M_ENQ, label, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
    t = performance.now();
    host.resume();
    await until(() => done.count() >= jobs, 600_000, 'drain c1', 1);
    r.add(M_C1, label, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
    done.off();
    await core.close();
  }
  // Concurrency 100: queue in batches straight through JobStore (the contract has no batch command).
  {
    const host = new InProcessHost();
    host.pause();
    const dataDir = freshDir(paths, 'cycle');
    const core = await startBenchCore(paths, host, { durability, concurrency: 100, dataDir });
    const done = countFinal(core);
    const sqlite = new Database(path.join(dataDir, 'rpa-desk.sqlite'));
    sqlite.pragma(`synchronous = ${durability}`);
    const store = new JobStore(drizzle(sqlite, { schema }), sqlite, () => 'Bench no-op');
    const insertBatch = sqlite.transaction((n: number) => {
      for (let i = 0; i < n; i++) store.createJob({ botId: 'bench-noop', params: {}, createdBy: 'bench' });
    });
    let t = performance.now();
    for (let i = 0; i < jobs; i += BATCH) insertBatch(Math.min(BATCH, jobs - i));
    r.add(M_BATCH, label, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
    sqlite.close();
    t = performance.now();
    host.resume();
    core.dispatcher.kick();
    await until(() => done.count() >= jobs, 600_000, 'drain c100', 1);
    r.add(M_C100, label, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
    done.off();
    await core.close();
  }
}

async function plainjob(paths: BenchPaths, r: Results, jobs: number): Promise<void> {
  const dir = freshDir(paths, 'plainjob');
  {
    const queue = defineQueue({ connection: better(new Database(path.join(dir, 'a.sqlite'))), logger: silent });
    let t = performance.now();
    for (let i = 0; i < jobs; i++) queue.add('noop', {});
    r.add(M_ENQ, PLAIN_IN, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
    let done = 0;
    const worker = defineWorker('noop', () => undefined, { queue, logger: silent, pollIntervall: 10, onCompleted: () => done++ });
    t = performance.now();
    void worker.start();
    await until(() => done >= jobs, 600_000, 'plainjob drain', 1);
    r.add(M_C1, PLAIN_IN, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
    await worker.stop();
    queue.close();
  }
  {
    const file = path.join(dir, 'b.sqlite');
    const queue = defineQueue({ connection: better(new Database(file)), logger: silent });
    const t0 = performance.now();
    for (let i = 0; i < jobs; i += BATCH)
      queue.addMany(
        'noop',
        Array.from({ length: Math.min(BATCH, jobs - i) }, () => ({})),
      );
    r.add(M_BATCH, PLAIN_IN, 'jobs/s', 'higher', rate(jobs, performance.now() - t0));
    const counts = [0, 0];
    const children = [0, 1].map((i) => {
      const child = fork(path.join(paths.tmpDir, 'plainjobWorker.mjs'), [file], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      let ready = false;
      child.on('message', (m: { ready?: boolean; done?: number }) => {
        if (m.ready) ready = true;
        if (typeof m.done === 'number') counts[i] = m.done;
      });
      return { child, isReady: () => ready };
    });
    await until(() => children.every((c) => c.isReady()), 30_000, 'plainjob workers');
    const t = performance.now();
    for (const c of children) c.child.send({ type: 'go' });
    await until(() => (counts[0] ?? 0) + (counts[1] ?? 0) >= jobs, 600_000, 'plainjob forked drain', 2);
    r.add(M_C100, PLAIN_FORK, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
    for (const c of children) c.child.send({ type: 'stop' });
    await Promise.all(children.map((c) => new Promise((resolve) => (c.child.exitCode !== null ? resolve(null) : c.child.once('exit', resolve)))));
    queue.close();
  }
}

async function bullmq(redis: RedisServer, r: Results, jobs: number): Promise<void> {
  const label = REDIS_LABEL[redis.mode];
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const queue = new Queue('cycle', { connection });
  await queue.obliterate({ force: true });
  for (const [metric, concurrency] of [
    [M_C1, 1],
    [M_C100, 100],
  ] as const) {
    let t = performance.now();
    if (concurrency === 1) {
      for (let i = 0; i < jobs; i++) await queue.add('noop', {});
      r.add(M_ENQ, label, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
    } else {
      for (let i = 0; i < jobs; i += BATCH) await queue.addBulk(Array.from({ length: Math.min(BATCH, jobs - i) }, () => ({ name: 'noop', data: {} })));
      r.add(M_BATCH, label, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
    }
    let done = 0;
    t = performance.now();
    const worker = new Worker('cycle', () => Promise.resolve(), { connection, concurrency });
    worker.on('completed', () => done++);
    await until(() => done >= jobs, 600_000, `bullmq drain c${concurrency}`, 1);
    r.add(metric, label, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
    await worker.close();
  }
  await queue.obliterate({ force: true });
  await queue.close();
}

function bare(paths: BenchPaths, r: Results, label: string, durability: Durability, jobs: number): void {
  const sqlite = new Database(path.join(freshDir(paths, 'bare'), 'bare.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${durability}`);
  sqlite.exec(`CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT NOT NULL, params TEXT NOT NULL, created_at INTEGER NOT NULL,
    started_at INTEGER, finished_at INTEGER);
    CREATE INDEX jobs_queue ON jobs (id) WHERE state = 'queued';`);
  const insert = sqlite.prepare("INSERT INTO jobs (state, params, created_at) VALUES ('queued', '{}', ?)");
  const claim = sqlite.prepare(
    "UPDATE jobs SET state = 'running', started_at = ? WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1) RETURNING id",
  );
  const finish = sqlite.prepare("UPDATE jobs SET state = 'succeeded', finished_at = ? WHERE id = ?");
  let t = performance.now();
  for (let i = 0; i < jobs; i++) insert.run(Date.now());
  r.add(M_ENQ, label, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
  const drain = (): number => {
    const start = performance.now();
    for (;;) {
      const row = claim.get(Date.now()) as { id: number } | undefined;
      if (!row) break;
      finish.run(Date.now(), row.id);
    }
    return rate(jobs, performance.now() - start);
  };
  r.add(M_C1, label, 'jobs/s', 'higher', drain());
  const batch = sqlite.transaction((n: number) => {
    for (let i = 0; i < n; i++) insert.run(Date.now());
  });
  t = performance.now();
  for (let i = 0; i < jobs; i += BATCH) batch(Math.min(BATCH, jobs - i));
  r.add(M_BATCH, label, 'jobs/s', 'higher', rate(jobs, performance.now() - t));
  // One process, one connection: "concurrency" changes nothing for a synchronous loop.
  r.add(M_C100, label, 'jobs/s', 'higher', drain());
  sqlite.close();
}

/** Offers jobs at rising steady rates and reports enqueue-to-start p99 at each; returns the best rate under 50 ms. */
async function steadyRate(paths: BenchPaths, durability: Durability, stepMs: number): Promise<{ best: number; steps: string[] }> {
  const host = new InProcessHost();
  const core = await startBenchCore(paths, host, { durability, concurrency: 100 });
  const enqueuedAt = new Map<number, number>();
  let lat: number[] = [];
  // jobs.create may start the job before it returns (it kicks the dispatcher), so either side may come first.
  const startedAt = new Map<number, number>();
  host.onStart = (jobId) => {
    const at = enqueuedAt.get(jobId);
    if (at !== undefined) {
      lat.push(epochNow() - at);
      enqueuedAt.delete(jobId);
    } else startedAt.set(jobId, epochNow());
  };
  let best = 0;
  const steps: string[] = [];
  for (const perSecond of [50, 100, 250, 500, 1000, 2000, 3000, 4000, 6000, 8000, 12000]) {
    lat = [];
    const tick = 10;
    const started = performance.now();
    let sent = 0;
    while (performance.now() - started < stepMs) {
      const due = Math.floor(((performance.now() - started) * perSecond) / 1000);
      while (sent < due) {
        sent++;
        const at = epochNow();
        const reply = await core.router.handle('jobs.create', { botId: 'bench-noop', params: {} }, benchConnection(core));
        if (!reply.ok) continue;
        const id = (reply.result as { id: number }).id;
        const started = startedAt.get(id);
        if (started === undefined) enqueuedAt.set(id, at);
        else {
          lat.push(started - at);
          startedAt.delete(id);
        }
      }
      await sleep(tick);
    }
    const achieved = rate(sent, performance.now() - started);
    await sleep(200);
    const p99 = quantile(lat, 0.99);
    const ok = p99 < 50 && achieved >= perSecond * 0.95 && enqueuedAt.size === 0;
    steps.push(`${durability} ${perSecond}/s offered: ${achieved.toFixed(0)}/s sent, enqueue-to-start p99 ${p99.toFixed(1)} ms${ok ? '' : ' ✗'}`);
    if (!ok) break;
    best = perSecond;
    enqueuedAt.clear();
  }
  await core.close();
  return { best, steps };
}

export async function runJobCycle(paths: BenchPaths, o: JobCycleOptions, log: (m: string) => void): Promise<BenchmarkResult> {
  const started = performance.now();
  const r = new Results('job-cycle', `1. Job cycle (${o.jobs.toLocaleString('en-US')} no-op jobs)`, OURS_NORMAL);
  r.notes.push(
    'Ours: `startCore()` with an in-process WorkerHost (no fork per job): the cost of router + JobStore + Dispatcher + BotPool bookkeeping.',
    'Ours enqueue one at a time = `router.handle("jobs.create")` awaited; batched = `JobStore.createJob` ×1,000 in one transaction (the contract has no batch command).',
    'Drain = time from releasing the queue until every job is final (`job.updated` events). plainjob has no concurrency setting: its c100 row is 2 forked workers.',
    'The bare loop claims with one UPDATE…RETURNING and finishes with one UPDATE, one commit each; it is synchronous, so its c1 and c100 rows are the same loop.',
  );
  const contenders = [OURS_NORMAL, OURS_FULL, PLAIN_IN, ...o.redis.map((s) => REDIS_LABEL[s.mode]), BARE_NORMAL, BARE_FULL];
  await interleave(
    o.reps,
    contenders,
    async (c) => {
      if (c === OURS_NORMAL) await ours(paths, r, c, 'NORMAL', o.jobs);
      else if (c === OURS_FULL) await ours(paths, r, c, 'FULL', o.jobs);
      else if (c === PLAIN_IN) await plainjob(paths, r, o.jobs);
      else if (c === BARE_NORMAL) bare(paths, r, c, 'NORMAL', o.jobs);
      else if (c === BARE_FULL) bare(paths, r, c, 'FULL', o.jobs);
      else {
        const server = o.redis.find((s) => REDIS_LABEL[s.mode] === c);
        if (server) await bullmq(server, r, o.jobs);
      }
    },
    log,
  );
  for (let rep = 0; rep < o.reps; rep++) {
    for (const durability of ['NORMAL', 'FULL'] as const) {
      log(`  steady rate round ${rep + 1}/${o.reps}: ${durability}`);
      const { best, steps } = await steadyRate(paths, durability, o.rampStepMs);
      r.add('highest steady rate with enqueue-to-start p99 < 50 ms (c100)', durability === 'NORMAL' ? OURS_NORMAL : OURS_FULL, 'jobs/s', 'higher', best);
      if (rep === 0) r.extra.push(...steps);
    }
  }
  const none: RedisMode = 'none';
  const bNone = REDIS_LABEL[none];
  r.ratioTarget('drain c1 ≥1.5x plainjob', [M_C1, OURS_NORMAL], [M_C1, PLAIN_IN], 1.5);
  r.ratioTarget('drain c1 ≥4x BullMQ (no persistence)', [M_C1, OURS_NORMAL], [M_C1, bNone], 4);
  r.ratioTarget('drain c100 ≥1.3x BullMQ (no persistence)', [M_C100, OURS_NORMAL], [M_C100, bNone], 1.3);
  r.ratioTarget('drain c1 ≥65% of the bare-SQL loop (NORMAL)', [M_C1, OURS_NORMAL], [M_C1, BARE_NORMAL], 0.65);
  r.ratioTarget('drain c1 at FULL ≥1.5x BullMQ AOF always', [M_C1, OURS_FULL], [M_C1, REDIS_LABEL.always], 1.5);
  r.ratioTarget('drain c100 at FULL ≥1.5x BullMQ AOF always', [M_C100, OURS_FULL], [M_C100, REDIS_LABEL.always], 1.5);
  return r.finish((performance.now() - started) / 1000);
}
