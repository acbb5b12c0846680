// The benchmark suite: `npm run bench [-- --quick] [--only=id,id] [--jobs=N] [--reps=N] [--samples=N]`. Brings up its own peers on
// 127.0.0.1, runs each benchmark's contenders interleaved, writes bench/results/latest.{md,json} and a PNG per benchmark.
import fs from 'node:fs';
import path from 'node:path';
import { resolveBrowserSettings } from '../electron/core/bots/browserSettings.js';
import { benchPaths } from './lib/benchCore.js';
import { writeCharts } from './lib/chart.js';
import { ensureRedisServer, startRedis, type RedisMode, type RedisServer } from './lib/peers.js';
import { printResult, runInfo, writeReports } from './lib/report.js';
import type { BenchmarkResult } from './lib/results.js';
import { runDispatch } from './dispatch.js';
import { runHistory } from './history.js';
import { runJobCycle } from './jobCycle.js';
import { runLogIngest } from './logIngest.js';
import { runLogTail } from './logTail.js';
import { runScheduler } from './scheduler.js';

// The browser the product itself would drive here (RPA_BROWSER_PATH, else what it finds).
const browser = resolveBrowserSettings();
const CHROMIUM = browser.executablePath ?? 'chromium';
const CHROMIUM_ARGS = [...new Set([...browser.args, '--no-sandbox', '--disable-gpu'])];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const want = (id: string): boolean => !only || only.includes(id);
const numArg = (name: string): number | undefined => {
  const v = args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return v ? Number(v) : undefined;
};
const log = (m: string): void => console.log(m);

const paths = benchPaths();
const started = new Date();
const results: BenchmarkResult[] = [];
const redis: RedisServer[] = [];

async function main(): Promise<void> {
  console.log(`RPA Desk benchmarks${quick ? ' (quick)' : ''}`);
  if (want('job-cycle') || want('log-ingest') || want('dispatch')) {
    const bin = ensureRedisServer();
    for (const mode of ['none', 'everysec', 'always'] as RedisMode[]) redis.push(await startRedis(bin, mode, path.join(paths.tmpDir, 'redis', mode)));
  }
  const redisNone = redis.find((s) => s.mode === 'none');
  const steps: [string, () => Promise<BenchmarkResult>][] = [
    [
      'job-cycle',
      () =>
        runJobCycle(
          paths,
          { jobs: numArg('jobs') ?? (quick ? 1_000 : 32_000), reps: numArg('reps') ?? (quick ? 1 : 3), rampStepMs: quick ? 500 : 1_500, redis },
          log,
        ),
    ],
    [
      'log-ingest',
      () =>
        runLogIngest(
          paths,
          { seconds: numArg('seconds') ?? (quick ? 5 : 30), peerSeconds: quick ? 3 : 10, reps: numArg('ingest-reps') ?? (quick ? 1 : 2), redis: redisNone },
          log,
        ),
    ],
    ['dispatch', () => runDispatch(paths, { samples: numArg('samples') ?? (quick ? 20 : 1_000), reps: quick ? 1 : 2, redis: redisNone }, log)],
    ['scheduler', () => runScheduler(paths, { schedules: 1_000, reps: quick ? 1 : 3 }, log)],
    ['history', () => runHistory(paths, { jobs: quick ? 100_000 : 1_000_000, lines: quick ? 1_000_000 : 10_000_000 }, log)],
    ['log-tail', () => runLogTail(paths, { lines: quick ? 10_000 : 100_000, perSecond: 1_000, executablePath: CHROMIUM, args: CHROMIUM_ARGS }, log)],
  ];
  for (const [id, run] of steps) {
    if (!want(id)) continue;
    console.log(`\n-- ${id}`);
    try {
      const result = await run();
      results.push(result);
      printResult(result);
    } catch (err) {
      console.error(`Benchmark ${id} failed:`, err);
      results.push({
        id,
        title: id,
        reference: '',
        notes: [`Failed: ${err instanceof Error ? err.message : String(err)}`],
        measurements: [],
        targets: [],
        extra: [],
        seconds: 0,
      });
    }
  }
}

async function finish(): Promise<void> {
  await Promise.all(redis.map((s) => s.stop()));
  const dir = path.join(paths.repoRoot, 'bench', 'results');
  const written = writeReports(dir, runInfo(quick, started), results);
  try {
    await writeCharts(dir, results, CHROMIUM, CHROMIUM_ARGS);
  } catch (err) {
    console.error('Could not render the charts:', err);
  }
  fs.rmSync(path.join(paths.tmpDir, 'data'), { recursive: true, force: true });
  fs.rmSync(path.join(paths.tmpDir, 'redis'), { recursive: true, force: true });
  console.log(
    `\nWrote ${path.relative(paths.repoRoot, written.md)}, ${path.relative(paths.repoRoot, written.json)} and charts (${((Date.now() - started.getTime()) / 60_000).toFixed(1)} min)`,
  );
}

try {
  await main();
} finally {
  await finish();
}
process.exit(0);
