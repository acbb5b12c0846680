import fs from 'node:fs';
import path from 'node:path';
import type { BrowserSettings, WorkerMessage } from '../../common/workerProtocol.js';
import type { ClaimedJob, JobOutcome, NewJobFile, NewLogLine } from '../jobs/jobStore.js';
import type { CatalogBot } from './catalog.js';
import { killProcessTree } from './processTree.js';
import type { WorkerExit, WorkerHandle, WorkerHost } from './workerHost.js';

/** Where the pool reports what a job's worker says; the job reporter writes it to the store. */
export interface JobSink {
  logs(jobId: number, lines: NewLogLine[]): void;
  progress(jobId: number, value: number | null, step: string | null): void;
  lease(jobId: number, lease: { workerPid?: number | null; browserPid?: number | null }): void;
  file(jobId: number, file: NewJobFile): void;
  finish(jobId: number, outcome: JobOutcome): void;
}

/** What every bot run needs from the app's settings. */
export interface PoolSettings {
  /** Jobs' files live under `<jobsDir>/<jobId>/`. */
  jobsDir: string;
  sites: Record<string, string>;
  browser: BrowserSettings;
  /** How long a cancelled or timed-out bot may clean up before its processes are killed. */
  graceMs?: number;
}

interface RunningJob {
  worker: WorkerHandle;
  outcome: JobOutcome | null;
  /** Set when the operator (or shutdown) asked the job to stop; wins over a late failure. */
  stopRequest: JobOutcome | null;
  browserPid: number | null;
  timers: NodeJS.Timeout[];
}

const DEFAULT_GRACE_MS = 10_000;
const STDERR_LEVEL = 'WARNING';

/** Runs each job in a worker process of its own and turns what the worker says into job records. */
export class BotPool {
  private readonly running = new Map<number, RunningJob>();

  constructor(
    private readonly host: WorkerHost,
    private readonly sink: JobSink,
    private readonly settings: PoolSettings,
  ) {}

  /** Number of jobs with a live worker. */
  get size(): number {
    return this.running.size;
  }

  /** Runs one claimed job to its end; resolves once its worker is gone and its outcome is recorded. */
  run(job: ClaimedJob, bot: CatalogBot): Promise<void> {
    const outputDir = path.join(this.settings.jobsDir, String(job.id));
    fs.mkdirSync(outputDir, { recursive: true });
    const worker = this.host.spawn({ name: `bot ${bot.summary.id} (job ${job.id})` });
    const entry: RunningJob = { worker, outcome: null, stopRequest: null, browserPid: null, timers: [] };
    this.running.set(job.id, entry);
    this.sink.lease(job.id, { workerPid: worker.pid ?? null });

    return new Promise<void>((resolve) => {
      worker.onMessage((message) => this.onMessage(job, bot, entry, outputDir, message));
      worker.onStderr((text) => this.onStderr(job.id, text));
      worker.onExit((exit) => {
        for (const timer of entry.timers) clearTimeout(timer);
        // The browser is its own process group: it outlives a killed worker unless we end it.
        if (entry.browserPid) killProcessTree(entry.browserPid);
        this.settle(job.id, entry, entry.stopRequest ?? exitOutcome(exit));
        this.running.delete(job.id);
        resolve();
      });
      entry.timers.push(
        setTimeout(() => {
          const minutes = Math.round(bot.summary.timeoutMs / 6_000) / 10;
          this.stop(job.id, {
            state: 'failed',
            reason: 'timed_out',
            error: `Timed out: the bot ran longer than its limit of ${minutes} min`,
          });
        }, bot.summary.timeoutMs),
      );
    });
  }

  /** Asks a running job to stop, then kills its worker and browser after the grace period. */
  stop(jobId: number, outcome: JobOutcome): boolean {
    const entry = this.running.get(jobId);
    if (!entry || entry.outcome || entry.stopRequest) return false;
    entry.stopRequest = outcome;
    entry.worker.send({ type: 'cancel', reason: outcome.reason });
    entry.timers.push(setTimeout(() => this.kill(entry), this.settings.graceMs ?? DEFAULT_GRACE_MS));
    return true;
  }

  /** Stops every running job at once (the app is closing) and waits for their workers to go. */
  async stopAll(reason: string): Promise<void> {
    const exits = [...this.running.entries()].map(
      ([, entry]) =>
        new Promise<void>((resolve) => {
          entry.worker.onExit(() => resolve());
          entry.stopRequest ??= { state: 'interrupted', reason: 'app_closed', error: reason };
          this.kill(entry);
        }),
    );
    await Promise.all(exits);
  }

  private kill(entry: RunningJob): void {
    if (entry.browserPid) killProcessTree(entry.browserPid);
    entry.worker.kill();
  }

  private onMessage(job: ClaimedJob, bot: CatalogBot, entry: RunningJob, outputDir: string, message: WorkerMessage): void {
    switch (message.type) {
      case 'ready':
        entry.worker.send({
          type: 'start',
          job: {
            jobId: job.id,
            attempt: job.attempt,
            botFile: bot.file,
            params: job.params,
            outputDir,
            sites: this.settings.sites,
            browser: this.settings.browser,
          },
        });
        break;
      case 'log':
        this.sink.logs(job.id, message.lines);
        break;
      case 'progress':
        this.sink.progress(job.id, message.value, message.step);
        break;
      case 'browser':
        entry.browserPid = message.pid;
        this.sink.lease(job.id, { browserPid: message.pid });
        break;
      case 'file':
        this.recordFile(job.id, outputDir, message);
        break;
      case 'done':
        this.settle(job.id, entry, entry.stopRequest ?? { state: 'succeeded', reason: 'completed', result: message.result });
        this.killIfLingering(entry);
        break;
      case 'failed':
        this.settle(job.id, entry, entry.stopRequest ?? { state: 'failed', reason: 'bot_error', error: message.message });
        this.killIfLingering(entry);
        break;
    }
  }

  private recordFile(jobId: number, outputDir: string, message: Extract<WorkerMessage, { type: 'file' }>): void {
    // The worker chose the stored name, but it is checked here: a file outside the job's folder is refused.
    const resolved = path.resolve(outputDir, message.storedName);
    if (path.dirname(resolved) !== path.resolve(outputDir)) {
      this.sink.logs(jobId, [{ at: Date.now(), level: 'ERROR', message: `Refused a file stored outside the job folder: ${message.name}` }]);
      return;
    }
    this.sink.file(jobId, { kind: 'output', name: message.name, storedName: message.storedName, size: message.size, mime: message.mime });
  }

  private onStderr(jobId: number, text: string): void {
    const lines = text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((message) => ({ at: Date.now(), level: STDERR_LEVEL, message } as const));
    if (lines.length > 0) this.sink.logs(jobId, lines);
  }

  /** A worker that reported its end should exit by itself; one that does not is killed. */
  private killIfLingering(entry: RunningJob): void {
    entry.timers.push(setTimeout(() => this.kill(entry), 5_000));
  }

  private settle(jobId: number, entry: RunningJob, outcome: JobOutcome): void {
    if (entry.outcome) return;
    entry.outcome = outcome;
    this.sink.finish(jobId, outcome);
  }
}

function exitOutcome(exit: WorkerExit): JobOutcome {
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
  return {
    state: 'failed',
    reason: 'worker_exited',
    error: exit.killedByUs ? 'The bot was stopped' : `The bot's worker process ended unexpectedly (${how})`,
  };
}
