import type { JobSink } from '../bots/botPool.js';
import { formatDuration } from '../bots/botPool.js';
import type { BotPolicy } from '../bots/catalog.js';
import type { EventBus } from '../events/eventBus.js';
import type { JobLease, JobOutcome, JobStore, NewJobFile, NewLogLine } from './jobStore.js';
import { LogIngest } from './logIngest.js';

/** The wait before try `attempt + 1`: fixed, or doubling with ±20% jitter so retries do not march in step. */
export function retryDelayMs(policy: Pick<BotPolicy, 'backoff' | 'retryDelayMs'>, failedAttempt: number, random = Math.random): number {
  if (policy.backoff === 'fixed') return policy.retryDelayMs;
  const base = policy.retryDelayMs * 2 ** (failedAttempt - 1);
  return Math.round(base * (0.8 + random() * 0.4));
}

/**
 * Writes what workers report into the store and tells the renderer. Log lines go through a queue
 * stored in slices (LogIngest), so a flood of them never stalls main; everything else is written at
 * once, after the job's queued lines when it must follow them (its end, above all).
 * Decides what a failed attempt means: another try after its backoff, or the job's end.
 */
export class JobReporter implements JobSink {
  private readonly ingest: LogIngest;

  private readonly now: () => number;

  constructor(
    private readonly store: JobStore,
    private readonly events: EventBus,
    private readonly policyOf: (botId: string) => BotPolicy | null,
    options: {
      now?: () => number;
      logError?: (message: string, err: unknown) => void;
      /** Checkpoints the WAL off main's thread between slices of log lines. */
      checkpointWal?: () => Promise<void>;
    } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ingest = new LogIngest(store, events, {
      now: this.now,
      logError: options.logError ?? ((message, err) => console.error(message, err)),
      checkpointWal: options.checkpointWal,
    });
  }

  logs(jobId: number, attempt: number, lines: NewLogLine[], onStored?: () => void): void {
    this.ingest.add(jobId, attempt, lines, onStored);
  }

  flushLogs(jobId: number): void {
    this.ingest.flushJob(jobId);
  }

  /** Stores and publishes every queued line (the app is closing; the database closes next). */
  close(): void {
    this.ingest.flushAll();
  }

  progress(jobId: number, value: number | null, step: string | null): void {
    const summary = this.store.setProgress(jobId, value, step);
    if (summary) this.events.emit('job.updated', summary);
  }

  checkpoint(jobId: number, data: unknown): void {
    this.store.setCheckpoint(jobId, data);
  }

  lease(jobId: number, lease: JobLease): void {
    this.store.setLease(jobId, lease);
  }

  file(jobId: number, file: NewJobFile): void {
    this.store.addFile(jobId, file);
    const summary = this.store.getSummary(jobId);
    if (summary) this.events.emit('job.updated', summary);
  }

  finish(jobId: number, outcome: JobOutcome): void {
    // The job's last lines are stored and shown before its end is.
    this.ingest.flushJob(jobId);
    const current = this.store.getSummary(jobId);
    const policy = current ? this.policyOf(current.botId) : null;
    if (current && policy && outcome.state === 'failed' && outcome.retryable && current.state === 'running' && current.attempt < policy.maxAttempts) {
      const delay = retryDelayMs(policy, current.attempt);
      const reason = `Attempt ${current.attempt} of ${policy.maxAttempts} failed (${outcome.error ?? outcome.reason}); retrying in ${formatDuration(delay)}`;
      this.logs(jobId, current.attempt, [{ at: this.now(), level: 'WARNING', message: reason }]);
      this.ingest.flushJob(jobId);
      const summary = this.store.scheduleRetry(jobId, this.now() + delay, outcome, reason);
      if (summary) {
        this.events.emit('job.updated', summary);
        return;
      }
    }
    const summary = this.store.finish(jobId, outcome);
    if (summary) this.events.emit('job.updated', summary);
  }
}
