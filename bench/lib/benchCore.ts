import { resolveBrowserSettings } from '../../electron/core/bots/browserSettings.js';
import type { Connection } from '../../electron/core/api/caller.js';
import fs from 'node:fs';
import path from 'node:path';
import { startCore, type Core, type CoreOptions } from '../../electron/core/app.js';
import type { WorkerHandle, WorkerHost } from '../../electron/core/bots/workerHost.js';
import type { Durability } from '../../electron/core/store/database.js';
import { ScriptedWorker } from '../../test/helpers/scriptedWorker.js';

/** Paths the benchmarks share: the built app and the bench's own compiled bots. */
export interface BenchPaths {
  repoRoot: string;
  tmpDir: string;
  botsDir: string;
  migrationsDir: string;
  workerEntry: string;
  headlessEntry: string;
}

export function benchPaths(): BenchPaths {
  // The bundle runs from node_modules/.cache/rpa-desk-bench/ (ignored by git and eslint).
  const tmpDir = import.meta.dirname;
  const repoRoot = path.resolve(tmpDir, '..', '..', '..');
  return {
    repoRoot,
    tmpDir,
    botsDir: path.join(tmpDir, 'bots'),
    migrationsDir: path.join(repoRoot, 'migrations'),
    workerEntry: path.join(repoRoot, 'dist', 'worker.cjs'),
    headlessEntry: path.join(repoRoot, 'dist', 'headless.cjs'),
  };
}

let dirCount = 0;
/** A fresh data folder under the bundle's folder, data/ (removed by the suite at the end). */
export function freshDir(paths: BenchPaths, name: string): string {
  const dir = path.join(paths.tmpDir, 'data', `${name}-${process.pid}-${dirCount++}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A real core (store, dispatcher, pool, router) over a fresh database, with the given worker host. */
export function startBenchCore(
  paths: BenchPaths,
  host: WorkerHost,
  options: { durability: Durability; concurrency: number; dataDir?: string } & Partial<CoreOptions>,
): Promise<Core> {
  return startCore({
    dataDir: options.dataDir ?? freshDir(paths, 'core'),
    migrationsDir: paths.migrationsDir,
    botsDir: paths.botsDir,
    workerHost: host,
    files: { open: () => Promise.resolve({ done: true }), save: () => Promise.resolve({ done: true }) },
    sites: {},
    browser: { ...resolveBrowserSettings(), canShowWindow: false },
    mode: 'headless',
    version: 'bench',
    user: 'bench',
    firstAdmin: { username: 'bench' },
    logError: (message, err) => console.error(message, err),
    // No workers started ahead unless a benchmark asks: the in-process host has no process start to
    // save, and warm workers would start jobs that a paused host is meant to hold.
    warmWorkers: 0,
    ...options,
  });
}

/** A connection signed in as the benchmark's admin, as the desktop shell signs in its OS account. */
export function benchConnection(core: Core): Connection {
  let connection = benchConnections.get(core);
  if (!connection) {
    connection = core.identity.trustedConnection('bench', 'system');
    benchConnections.set(core, connection);
  }
  return connection;
}
const benchConnections = new WeakMap<Core, Connection>();

/**
 * A WorkerHost that runs no process: each "worker" says ready, and on start says done and exits,
 * all in-process. Measures the store + dispatcher + pool bookkeeping without the cost of a fork.
 * While paused, workers hold their 'ready' so jobs can be queued first and drained on resume.
 */
export class InProcessHost implements WorkerHost {
  private paused = false;
  private held: (() => void)[] = [];
  /** Called with the job id when a worker is told to start (for enqueue-to-start latency). */
  onStart: ((jobId: number) => void) | null = null;

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const go of this.held.splice(0)) go();
  }

  spawn(): WorkerHandle {
    const handle = new ScriptedWorker((jobId) => {
      this.onStart?.(jobId);
      queueMicrotask(() => {
        handle.emit({ type: 'done', result: null });
        handle.exit(false);
      });
    });
    const ready = () => queueMicrotask(() => handle.emit({ type: 'ready' }));
    if (this.paused) this.held.push(ready);
    else ready();
    return handle;
  }
}
