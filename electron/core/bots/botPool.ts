import { mimeOf } from '../files/mimeTypes.js';
import path from 'node:path';
import { maskWorkerMessage, SecretMasker } from '../../common/secretMask.js';
import {
  HEARTBEAT_MS,
  type BrowserSettings,
  type WireApprovalRequest,
  type WireCredential,
  type WireDecision,
  type WorkerMessage,
} from '../../common/workerProtocol.js';
import type { HumanAnswer } from '../approvals/approvalService.js';
import type { ClaimedJob, JobLease, JobOutcome, NewJobFile, NewLogLine } from '../jobs/jobStore.js';
import type { DeliveredCredentials, JobForCredentials } from '../vault/jobCredentials.js';
import type { CatalogBot } from './catalog.js';
import { processStartTime } from './processIdentity.js';
import { killMarkedProcesses } from './processMarker.js';
import { formatMiB, watchMemory, type MemoryWatch } from './processMemory.js';
import { killProcessGroup, killProcessTree, windowsDescendants } from './processTree.js';
import type { WorkerExit, WorkerHandle, WorkerHost } from './workerHost.js';
import { jobDir } from '../files/jobFiles.js';

/** Where the pool reports what a job's worker says; the job reporter writes it to the store. */
export interface JobSink {
  /** Queues lines to store and publish, in order; `onStored` runs once they are stored. */
  logs(jobId: number, attempt: number, lines: NewLogLine[], onStored?: () => void): void;
  /** Stores and publishes the job's queued lines now, before something that must come after them. */
  flushLogs(jobId: number): void;
  progress(jobId: number, value: number | null, step: string | null): void;
  lease(jobId: number, lease: JobLease): void;
  file(jobId: number, file: NewJobFile): void;
  /** The attempt ended; the sink decides between a retry and the job's end. */
  finish(jobId: number, outcome: JobOutcome): void;
  checkpoint(jobId: number, data: unknown): void;
}

/** Where requests to a person go (the approval service). */
export interface HumanLoop {
  request(jobId: number, key: number, kind: 'approval' | 'handoff', request: WireApprovalRequest, release: boolean): HumanAnswer;
  released(jobId: number): void;
}

/** What every bot run needs from the app's settings. */
export interface PoolSettings {
  /** Jobs' files live under `<jobsDir>/<jobId>/`. */
  jobsDir: string;
  sites: Record<string, string>;
  browser: BrowserSettings;
  /** How long a cancelled or timed-out bot may clean up before its processes are killed. */
  graceMs?: number;
  /** A worker silent this long (no heartbeat, no message) is hung and is killed. */
  unresponsiveMs?: number;
}

/** Opens the vault entries a job's bot declares, for its worker only (the vault's JobCredentials). */
export interface CredentialDelivery {
  deliver(job: JobForCredentials, bot: CatalogBot): DeliveredCredentials;
}

/** A job to run: what was claimed plus the files the operator gave it. */
export interface RunRequest {
  job: ClaimedJob;
  bot: CatalogBot;
  inputFiles: { name: string; path: string; size: number }[];
}

interface RunningJob {
  worker: WorkerHandle;
  attempt: number;
  outcome: JobOutcome | null;
  /** Set when the operator, a timeout or shutdown asked the job to stop; wins over a late failure. */
  stopRequest: JobOutcome | null;
  browserPid: number | null;
  /** The worker closed itself to wait for an approval: its exit is not the job's end. */
  released: boolean;
  /** Time left before the job's timeout; the clock stops while a person is asked. */
  timeoutLeftMs: number;
  timeoutTotalMs: number;
  timeoutStartedAt: number;
  timeoutTimer: NodeJS.Timeout | null;
  lastHeard: number;
  stderrTail: string;
  timers: NodeJS.Timeout[];
  memoryLimitMb: number;
  /** Samples the worker's resident memory: V8's heap limit misses Buffers and native memory. */
  memory: MemoryWatch | null;
  /** When the worker started (processStartTime), to walk its tree on Windows after it exited. */
  workerStart: string | null;
  /** Masks the values of the job's credentials in all its worker reports, before anything is stored. */
  masker: SecretMasker;
}

const DEFAULT_GRACE_MS = 10_000;
const DEFAULT_UNRESPONSIVE_MS = 15 * HEARTBEAT_MS;
const STDERR_TAIL_CHARS = 4_096;
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed/i;

/** Runs each job in a worker process of its own and turns what the worker says into job records. */
export class BotPool {
  private readonly running = new Map<number, RunningJob>();
  /** Ended jobs whose leftover processes are still being looked for: closing waits for them. */
  private readonly sweeps = new Set<Promise<void>>();
  private human: HumanLoop | null = null;
  private credentials: CredentialDelivery | null = null;

  constructor(
    private readonly host: WorkerHost,
    private readonly sink: JobSink,
    private readonly settings: PoolSettings,
  ) {}

  /** Connects the approval service, which is built after the pool. */
  connectHuman(human: HumanLoop): void {
    this.human = human;
  }

  /** Connects the vault, which is built after the pool. */
  connectCredentials(credentials: CredentialDelivery): void {
    this.credentials = credentials;
  }

  /** Hands a person's decision to the job's live worker; false when the job has none. */
  deliver(jobId: number, key: number, decision: WireDecision): boolean {
    const entry = this.running.get(jobId);
    if (!entry || entry.released || entry.outcome || entry.stopRequest) return false;
    entry.worker.send({ type: 'decision', key, decision });
    this.startTimeout(jobId, entry);
    return true;
  }

  /** Number of jobs with a live worker. */
  get size(): number {
    return this.running.size;
  }

  /** True while the job has a live worker. */
  has(jobId: number): boolean {
    return this.running.has(jobId);
  }

  /** Runs one claimed job to its end; resolves once its worker is gone and its outcome is recorded. */
  run({ job, bot, inputFiles }: RunRequest): Promise<void> {
    // The worker makes this folder when the job writes its first file: a folder per job costs a slow
    // file-system call on the app's main thread, and most jobs write nothing.
    const outputDir = jobDir(this.settings.jobsDir, job.id);
    const worker = this.host.spawn({ name: `bot ${bot.summary.id} (job ${job.id})`, memoryLimitMb: bot.policy.memoryLimitMb, botFile: bot.file });
    const entry: RunningJob = {
      worker,
      attempt: job.attempt,
      outcome: null,
      stopRequest: null,
      browserPid: null,
      released: false,
      timeoutLeftMs: job.timeoutMs ?? bot.policy.timeoutMs,
      timeoutTotalMs: job.timeoutMs ?? bot.policy.timeoutMs,
      timeoutStartedAt: 0,
      timeoutTimer: null,
      lastHeard: Date.now(),
      stderrTail: '',
      timers: [],
      memoryLimitMb: bot.policy.memoryLimitMb,
      memory: null,
      workerStart: null,
      masker: SecretMasker.none,
    };
    this.running.set(job.id, entry);
    if (worker.pid) entry.memory = watchMemory(worker.pid, entry.memoryLimitMb * 1024 * 1024, (peak) => this.outOfMemory(job.id, entry, peak));

    const ended = new Promise<void>((resolve) => {
      // A warm worker's 'ready' is replayed here and answered with 'start' at once: nothing else goes first.
      worker.onMessage((message) => {
        entry.lastHeard = Date.now();
        this.onMessage(job, bot, entry, outputDir, inputFiles, message);
      });
      worker.onStderr((text) => this.onStderr(job.id, entry, text));
      worker.onExit((exit) => {
        for (const timer of entry.timers) clearTimeout(timer);
        if (entry.timeoutTimer) clearTimeout(entry.timeoutTimer);
        entry.memory?.stop();
        // The browser is its own process group: it outlives a killed worker unless we end it.
        if (entry.browserPid) killProcessTree(entry.browserPid);
        if (entry.released && !entry.stopRequest) this.human?.released(job.id);
        else this.settle(job.id, entry, entry.stopRequest ?? exitOutcome(exit, entry, bot.policy.memoryLimitMb));
        this.running.delete(job.id);
        // Whatever the bot started dies with its worker, whatever the reason the worker ended.
        const sweep = this.endWorkerProcesses(job.id, entry);
        this.sweeps.add(sweep);
        void sweep.finally(() => {
          this.sweeps.delete(sweep);
          resolve();
        });
      });
      this.startTimeout(job.id, entry);
      entry.timers.push(setInterval(() => this.checkHeartbeat(job.id, entry), HEARTBEAT_MS));
    });
    this.recordLease(job.id, 'worker', worker.pid ?? null, (start) => {
      entry.workerStart = start;
    });
    return ended;
  }

  /**
   * Asks a running job to stop: its bot's signal is aborted, and after the grace period its worker
   * and browser are killed. Returns false when the job has no live worker or is already stopping.
   */
  stop(jobId: number, outcome: JobOutcome, options: { evidence?: boolean; graceMs?: number } = {}): boolean {
    const entry = this.running.get(jobId);
    if (!entry || entry.outcome || entry.stopRequest) return false;
    entry.stopRequest = outcome;
    entry.worker.send({ type: 'cancel', reason: outcome.error ?? outcome.reason, evidence: options.evidence ?? false });
    entry.timers.push(setTimeout(() => this.kill(entry), options.graceMs ?? this.settings.graceMs ?? DEFAULT_GRACE_MS));
    return true;
  }

  /** Stops every running job at once (the app is closing) and waits for their workers to go. */
  async stopAll(reason: string): Promise<void> {
    const exits = [...this.running.values()].map(
      (entry) =>
        new Promise<void>((resolve) => {
          entry.worker.onExit(() => resolve());
          entry.stopRequest ??= { state: 'interrupted', reason: 'app_closed', error: reason, retryable: false };
          this.kill(entry);
        }),
    );
    await Promise.all(exits);
    await Promise.all([...this.sweeps]);
  }

  /** Runs the job's timeout clock for the time it has left. */
  private startTimeout(jobId: number, entry: RunningJob): void {
    if (entry.timeoutTimer) return;
    entry.timeoutStartedAt = Date.now();
    const limit = entry.timeoutLeftMs;
    entry.timeoutTimer = setTimeout(() => {
      this.stop(
        jobId,
        {
          state: 'failed',
          reason: 'timed_out',
          error: `Timed out: the job ran longer than its limit of ${formatDuration(entry.timeoutTotalMs)}`,
          retryable: true,
        },
        { evidence: true },
      );
    }, limit);
  }

  /** Stops the timeout clock while a person is asked: people take their time. */
  private pauseTimeout(entry: RunningJob): void {
    if (!entry.timeoutTimer) return;
    clearTimeout(entry.timeoutTimer);
    entry.timeoutTimer = null;
    entry.timeoutLeftMs = Math.max(1_000, entry.timeoutLeftMs - (Date.now() - entry.timeoutStartedAt));
  }

  private kill(entry: RunningJob): void {
    if (entry.browserPid) killProcessTree(entry.browserPid);
    const pid = entry.worker.pid;
    if (pid && process.platform === 'win32') {
      // taskkill /T finds the children through their live parent: walk the tree before the worker goes.
      killProcessTree(pid, () => entry.worker.kill());
      return;
    }
    // The worker has not been reaped (no exit seen yet), so its pid, and the group it leads, are ours.
    if (pid && entry.worker.ownProcessGroup) killProcessGroup(pid);
    entry.worker.kill();
  }

  /** The worker went over its memory limit: it is killed at once (it is starving the workstation). */
  private outOfMemory(jobId: number, entry: RunningJob, peakBytes: number): void {
    if (entry.outcome || entry.stopRequest || !this.running.has(jobId)) return;
    // In the attempt's log too, beside the bot's last lines (finish stores queued lines first).
    this.sink.logs(jobId, entry.attempt, [
      { at: Date.now(), level: 'ERROR', message: `Peak memory of the bot's worker: ${formatMiB(peakBytes)} (limit ${entry.memoryLimitMb} MiB); stopping it` },
    ]);
    entry.stopRequest = {
      state: 'failed',
      reason: 'out_of_memory',
      error: `The bot used ${formatMiB(peakBytes)} of memory, more than its limit of ${entry.memoryLimitMb} MiB, and was stopped`,
      retryable: true,
    };
    this.kill(entry);
  }

  /**
   * Kills what the ended worker left running: its process group (POSIX host) and every process that
   * carries its marker (Linux, macOS), or its descendants by parent id and start time (Windows).
   * Each kill is proven ours by the marker, the group (whose id cannot be reused while the group
   * lives), or the start-time chain. Never throws.
   */
  private async endWorkerProcesses(jobId: number, entry: RunningJob): Promise<void> {
    const { pid, marker, ownProcessGroup } = entry.worker;
    try {
      if (pid && ownProcessGroup) killProcessGroup(pid);
      const killed = marker ? await killMarkedProcesses((m) => m === marker) : [];
      if (pid && entry.workerStart && process.platform === 'win32') {
        for (const descendant of await windowsDescendants(pid, entry.workerStart)) {
          killProcessTree(descendant);
          killed.push(descendant);
        }
      }
      if (killed.length > 0) {
        const what = killed.length === 1 ? 'process' : 'processes';
        this.sink.logs(jobId, entry.attempt, [
          { at: Date.now(), level: 'WARNING', message: `Stopped ${killed.length} ${what} the bot had started and left running (pid ${killed.join(', ')})` },
        ]);
      }
    } catch {
      // Looking for leftovers is best effort: the job's outcome is already recorded.
    }
  }

  private checkHeartbeat(jobId: number, entry: RunningJob): void {
    const silentMs = Date.now() - entry.lastHeard;
    if (entry.outcome || entry.stopRequest || silentMs < (this.settings.unresponsiveMs ?? DEFAULT_UNRESPONSIVE_MS)) return;
    // A hung worker cannot clean up: no grace period.
    entry.stopRequest = {
      state: 'failed',
      reason: 'unresponsive',
      error: `The bot stopped responding (no heartbeat for ${formatDuration(silentMs)}) and was killed`,
      retryable: true,
    };
    this.kill(entry);
  }

  private onMessage(
    job: ClaimedJob,
    bot: CatalogBot,
    entry: RunningJob,
    outputDir: string,
    inputFiles: RunRequest['inputFiles'],
    reported: WorkerMessage,
  ): void {
    // The one door for what a worker says: masked here, whatever the worker did or did not mask.
    const message = maskWorkerMessage(entry.masker, reported);
    // What the bot logged before it finished, asked or saved something is stored and shown first.
    if (message.type !== 'log' && message.type !== 'heartbeat' && message.type !== 'progress' && message.type !== 'warmed') this.sink.flushLogs(job.id);
    switch (message.type) {
      case 'ready': {
        const credentials = this.deliverCredentials(job, bot, entry);
        if (!credentials) break;
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
            inputFiles,
            trace: bot.policy.trace,
            checkpoint: job.checkpoint,
            credentials,
          },
        });
        break;
      }
      case 'heartbeat':
      case 'warmed':
        break;
      case 'log':
        this.sink.logs(job.id, entry.attempt, message.lines, () => entry.worker.send({ type: 'logAck' }));
        break;
      case 'progress':
        this.sink.progress(job.id, message.value, message.step);
        break;
      case 'browser':
        entry.browserPid = message.pid;
        this.recordLease(job.id, 'browser', message.pid);
        break;
      case 'file':
        this.recordFile(job.id, entry.attempt, outputDir, message);
        break;
      case 'approval':
      case 'handoff':
        this.askHuman(job.id, entry, message);
        break;
      case 'checkpoint':
        this.sink.checkpoint(job.id, message.data);
        break;
      case 'released':
        entry.released = true;
        break;
      case 'done':
        this.settle(job.id, entry, entry.stopRequest ?? { state: 'succeeded', reason: 'completed', result: message.result });
        this.killIfLingering(entry);
        break;
      case 'failed':
        this.settle(
          job.id,
          entry,
          entry.stopRequest ?? {
            state: 'failed',
            reason: message.business ? 'business_error' : 'bot_error',
            error: message.message,
            retryable: !message.business,
          },
        );
        this.killIfLingering(entry);
        break;
    }
  }

  /**
   * The job's vault entries, opened as its worker is about to start, with the masker set for all
   * the worker reports; null when they cannot be had (an entry gone or no longer allowed), which
   * fails the job there and then: it never starts without what it declared.
   */
  private deliverCredentials(job: ClaimedJob, bot: CatalogBot, entry: RunningJob): Record<string, WireCredential> | null {
    if (!this.credentials) return {};
    try {
      const delivered = this.credentials.deliver(job, bot);
      entry.masker = delivered.masker;
      return delivered.credentials;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.sink.logs(job.id, entry.attempt, [{ at: Date.now(), level: 'ERROR', message: `Could not give the bot its credentials: ${message}` }]);
      this.settle(job.id, entry, { state: 'failed', reason: 'not_started', error: `Could not give the bot its credentials: ${message}`, retryable: false });
      this.kill(entry);
      return null;
    }
  }

  private askHuman(jobId: number, entry: RunningJob, message: Extract<WorkerMessage, { type: 'approval' | 'handoff' }>): void {
    if (!this.human) {
      entry.worker.send({
        type: 'decision',
        key: message.key,
        decision: { decision: 'rejected', comment: 'Approvals are not available', decidedBy: null, decidedAt: Date.now(), selectedRows: null },
      });
      return;
    }
    const request: WireApprovalRequest =
      message.type === 'approval'
        ? message.request
        : { title: message.message, summary: null, fields: [], table: null, files: [], choices: [], timeoutMs: null, allowBulk: false };
    const answer = this.human.request(jobId, message.key, message.type, request, message.type === 'approval' && message.release);
    if (answer.kind === 'decision') entry.worker.send({ type: 'decision', key: message.key, decision: answer.decision });
    else {
      this.pauseTimeout(entry);
      if (answer.kind === 'release') entry.worker.send({ type: 'release', key: message.key });
    }
  }

  private recordLease(jobId: number, which: 'worker' | 'browser', pid: number | null, onStart?: (start: string | null) => void): void {
    if (which === 'worker') this.sink.lease(jobId, { workerPid: pid });
    else this.sink.lease(jobId, { browserPid: pid });
    if (pid === null) return;
    // The start time lets a restart tell our process from a stranger that got the same pid.
    void processStartTime(pid).then((start) => {
      onStart?.(start);
      if (this.running.has(jobId)) this.sink.lease(jobId, which === 'worker' ? { workerStart: start } : { browserStart: start });
    });
  }

  private recordFile(jobId: number, attempt: number, outputDir: string, message: Extract<WorkerMessage, { type: 'file' }>): void {
    // The worker chose the stored name, but it is checked here: a file outside the job's folder is refused.
    const resolved = path.resolve(outputDir, message.storedName);
    if (path.dirname(resolved) !== path.resolve(outputDir)) {
      this.sink.logs(jobId, attempt, [{ at: Date.now(), level: 'ERROR', message: `Refused a file stored outside the job folder: ${message.name}` }]);
      return;
    }
    this.sink.file(jobId, { kind: message.kind, name: message.name, storedName: message.storedName, size: message.size, mime: mimeOf(message.name), attempt });
  }

  private onStderr(jobId: number, entry: RunningJob, text: string): void {
    entry.stderrTail = (entry.stderrTail + text).slice(-STDERR_TAIL_CHARS);
    const lines = text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((message) => ({ at: Date.now(), level: 'WARNING', message: entry.masker.mask(message) }) as const);
    if (lines.length > 0) this.sink.logs(jobId, entry.attempt, lines);
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

function exitOutcome(exit: WorkerExit, entry: RunningJob, memoryLimitMb: number): JobOutcome {
  if (OUT_OF_MEMORY.test(entry.stderrTail)) {
    return {
      state: 'failed',
      reason: 'out_of_memory',
      error: `The bot used more memory than its limit of ${memoryLimitMb} MiB and was stopped`,
      retryable: true,
    };
  }
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
  return {
    state: 'failed',
    reason: 'worker_exited',
    error: exit.killedByUs ? 'The bot was stopped' : `The bot's worker process ended unexpectedly (${how})`,
    retryable: true,
  };
}

/** "90 s", "5 min", "1.5 h": how operators read a limit. */
export function formatDuration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}
