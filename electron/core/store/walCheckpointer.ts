import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Frames other writers add are checkpointed at least this often, even when nobody asks. */
const IDLE_CHECKPOINT_MS = 1_000;
/** What SQLite does by itself when nobody checkpoints for it: every 1,000 pages. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1_000;

// The thread: its own connection to the same file; checkpoints on request and on a timer. PASSIVE
// never waits for, nor blocks, main's writes.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = ' + workerData.synchronous);
if (workerData.fullfsync) db.pragma('fullfsync = ON');
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
setInterval(checkpoint, workerData.idleMs);
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    process.exit(0);
  }
  checkpoint();
  parentPort.postMessage('done');
});
parentPort.postMessage('ready');
`;

/**
 * Moves SQLite's WAL checkpoints off main's event loop. By default the connection that commits
 * copies the WAL into the database file (and, at FULL, syncs it) every ~4 MB, inside a commit:
 * 10–30 ms of main's time whenever log lines stream in. Here a worker thread with its own
 * connection does it, when asked (between two slices of log lines, so the copy catches up with
 * the WAL and the next write can start it over) and once a second for everything else. If the
 * thread cannot start or dies, main checkpoints as SQLite does by default.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private readonly pending: (() => void)[] = [];
  private closing = false;

  constructor(
    private readonly sqlite: Database.Database,
    file: string,
    private readonly logError: (message: string, err: unknown) => void,
  ) {
    const driver = sqliteDriverPath();
    if (!driver || sqlite.memory) return;
    try {
      this.worker = new Worker(THREAD_SOURCE, {
        eval: true,
        workerData: {
          driver,
          file,
          synchronous: sqlite.pragma('synchronous', { simple: true }) as number,
          fullfsync: sqlite.pragma('fullfsync', { simple: true }) === 1,
          idleMs: IDLE_CHECKPOINT_MS,
        },
      });
    } catch (err) {
      this.logError('The WAL checkpointer thread could not start; main checkpoints instead', err);
      return;
    }
    // The thread must never keep the app from exiting.
    this.worker.unref();
    this.worker.on('message', (message) => this.onMessage(message));
    this.worker.on('error', (err) => this.fallBack(err));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fallBack(new Error(`The checkpointer thread exited with code ${code}`));
    });
  }

  /** Checkpoints the WAL now, off main's thread; resolves when done (at once when there is no thread). */
  checkpoint(): Promise<void> {
    if (!this.worker) return Promise.resolve();
    const worker = this.worker;
    return new Promise((resolve) => {
      this.pending.push(resolve);
      worker.postMessage('checkpoint');
    });
  }

  /** Stops the thread and waits for its connection to close, so main's close can remove the WAL. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.closing = true;
    this.worker = null;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    await exited;
    this.settlePending();
    this.sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
  }

  private onMessage(message: unknown): void {
    // Main hands checkpoints over only once the thread has its connection open.
    if (message === 'ready') this.sqlite.pragma('wal_autocheckpoint = 0');
    else if (message === 'done') this.pending.shift()?.();
  }

  private fallBack(err: unknown): void {
    if (!this.worker) return;
    this.worker = null;
    this.sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    this.settlePending();
    this.logError('The WAL checkpointer thread failed; main checkpoints instead', err);
  }

  private settlePending(): void {
    for (const resolve of this.pending.splice(0)) resolve();
  }
}

/**
 * The driver module the thread loads: resolved from this file (CommonJS bundles, tests) or from the
 * entry script (an ES module bundle, which has no __filename); null if neither finds it.
 */
function sqliteDriverPath(): string | null {
  try {
    const from = typeof __filename === 'string' ? __filename : process.argv[1];
    return from ? createRequire(from).resolve('better-sqlite3') : null;
  } catch {
    return null;
  }
}
