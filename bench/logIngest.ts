import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Queue, Worker, type Job } from 'bullmq';
import { FINAL_STATES } from '../electron/common/domain.js';
import { openDatabase } from '../electron/core/store/database.js';
import { ChildProcessHost } from '../electron/headless/childProcessHost.js';
import { freshDir, startBenchCore, type BenchPaths, benchConnection } from './lib/benchCore.js';
import { REDIS_LABEL, type RedisServer } from './lib/peers.js';
import { Results, type BenchmarkResult } from './lib/results.js';
import { interleave, quantile, rate, until } from './lib/stats.js';

const OURS = 'RPA Desk: 2 bot workers → store → log.appended (FULL)';
const BARE = 'bare better-sqlite3, 1,000-row transactions (FULL)';
const M_RATE = 'lines stored and delivered';
const M_P99 = 'line latency p99 (bot write → subscriber)';
const M_P50 = 'line latency p50 (bot write → subscriber)';
const M_LOOP = 'main event loop delay p99';
const LINE = 'x'.repeat(100);

export interface LogIngestOptions {
  seconds: number;
  peerSeconds: number;
  reps: number;
  redis: RedisServer | undefined;
}

async function ours(paths: BenchPaths, r: Results, seconds: number): Promise<void> {
  const core = await startBenchCore(paths, new ChildProcessHost(paths.workerEntry), { durability: 'FULL', concurrency: 2 });
  let lines = 0;
  const latencies: number[] = [];
  let finished = 0;
  const offLog = core.events.on('log.appended', ({ lines: batch }) => {
    const now = Date.now();
    lines += batch.length;
    // One latency per batch would hide the spread inside it; sample every 10th line.
    for (let i = 0; i < batch.length; i += 10) latencies.push(now - (batch[i]?.at ?? now));
  });
  const offJob = core.events.on('job.updated', (job) => {
    if (FINAL_STATES.includes(job.state)) finished++;
  });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t = performance.now();
  for (let i = 0; i < 2; i++) {
    const reply = await core.router.handle('jobs.create', { botId: 'bench-log-flood', params: { seconds } }, benchConnection(core));
    if (!reply.ok) throw new Error(reply.error.message);
  }
  await until(() => finished >= 2, seconds * 1000 + 120_000, 'log flood jobs');
  const elapsed = performance.now() - t;
  loop.disable();
  offLog();
  offJob();
  r.add(M_RATE, OURS, 'lines/s', 'higher', rate(lines, elapsed));
  r.add(M_P50, OURS, 'ms', 'lower', quantile(latencies, 0.5));
  r.add(M_P99, OURS, 'ms', 'lower', quantile(latencies, 0.99));
  r.add(M_LOOP, OURS, 'ms', 'lower', loop.percentile(99) / 1e6);
  await core.close();
}

async function bare(paths: BenchPaths, r: Results, seconds: number): Promise<void> {
  const dir = freshDir(paths, 'ingest-bare');
  const { sqlite } = await openDatabase({ file: path.join(dir, 'rpa-desk.sqlite'), migrationsDir: paths.migrationsDir, durability: 'FULL' });
  sqlite.prepare("INSERT INTO jobs (bot_id, state, priority, params_json, created_by, created_at) VALUES ('b', 'running', 0, '{}', 'bench', 0)").run();
  const insert = sqlite.prepare('INSERT INTO log_lines (job_id, at, level, message) VALUES (1, ?, ?, ?)');
  const batch = sqlite.transaction(() => {
    for (let i = 0; i < 1000; i++) insert.run(Date.now(), 'INFO', LINE);
  });
  let lines = 0;
  const t = performance.now();
  while (performance.now() - t < seconds * 1000) {
    batch();
    lines += 1000;
  }
  r.add(M_RATE, BARE, 'lines/s', 'higher', rate(lines, performance.now() - t));
  sqlite.close();
}

async function bullmq(server: RedisServer, r: Results, seconds: number): Promise<void> {
  const label = `${REDIS_LABEL[server.mode]}, job.log() from 2 jobs`;
  const connection = { host: '127.0.0.1', port: server.port, maxRetriesPerRequest: null };
  const queue = new Queue('ingest', { connection });
  await queue.obliterate({ force: true });
  let lines = 0;
  let finished = 0;
  const worker = new Worker(
    'ingest',
    async (job: Job) => {
      const end = Date.now() + seconds * 1000;
      while (Date.now() < end) {
        // 100 calls in flight at once: ioredis pipelines them, the fairest use of job.log().
        await Promise.all(Array.from({ length: 100 }, () => job.log(LINE)));
        lines += 100;
      }
    },
    { connection, concurrency: 2 },
  );
  worker.on('completed', () => finished++);
  const t = performance.now();
  await queue.addBulk([
    { name: 'flood', data: {} },
    { name: 'flood', data: {} },
  ]);
  await until(() => finished >= 2, seconds * 1000 + 60_000, 'bullmq log jobs');
  r.add(M_RATE, label, 'lines/s', 'higher', rate(lines, performance.now() - t));
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
}

export async function runLogIngest(paths: BenchPaths, o: LogIngestOptions, log: (m: string) => void): Promise<BenchmarkResult> {
  const started = performance.now();
  const r = new Results('log-ingest', `2. Log ingestion (2 bots, ${o.seconds} s each run)`, OURS);
  r.notes.push(
    `Ours: two real worker processes (dist/worker.cjs) each running a bot that writes 100-byte lines as fast as it can for ${o.seconds} s, through the worker protocol, JobReporter, JobStore and out as log.appended.`,
    'Lines/s counts lines delivered to the subscriber over the whole job time (start-up included). Latency: line `at` (stamped in the bot process) to delivery, every 10th line.',
    `Peers run ${o.peerSeconds} s: they are rates, not affected by start-up. The bare insert uses a database made by our migrations, same durability (FULL, the app default).`,
  );
  const contenders = [OURS, 'bullmq', BARE];
  await interleave(
    o.reps,
    contenders,
    async (c) => {
      if (c === OURS) await ours(paths, r, o.seconds);
      else if (c === BARE) await bare(paths, r, o.peerSeconds);
      else if (o.redis) await bullmq(o.redis, r, o.peerSeconds);
    },
    log,
  );
  const bullLabel = o.redis ? `${REDIS_LABEL[o.redis.mode]}, job.log() from 2 jobs` : '';
  r.ratioTarget('lines/s ≥50% of the bare batched insert', [M_RATE, OURS], [M_RATE, BARE], 0.5);
  r.ratioTarget('lines/s ≥3x BullMQ job.log()', [M_RATE, OURS], [M_RATE, bullLabel], 3);
  r.limitTarget('main event loop p99 delay <20 ms', [M_LOOP, OURS], 20, 'ms', (v) => Math.max(...v));
  return r.finish((performance.now() - started) / 1000);
}
