import type { JobSink } from '../bots/botPool.js';
import type { JobLease, JobOutcome, NewJobFile, NewLogLine } from './jobStore.js';

/** An attempt's end as a worker reported it, waiting to be recorded. */
export interface QueuedOutcome {
  jobId: number;
  outcome: JobOutcome;
}

/**
 * The bot pool's sink: everything a worker says goes on to the reporter at once, except the end of
 * an attempt, which waits for the dispatcher's next pass (within the same turn of the event loop).
 * That pass records every end reported since the last one together with the claims of the jobs
 * that take their slots: one commit for all of them instead of one per end and one per claim.
 */
export class OutcomeQueue implements JobSink {
  private readonly queued: QueuedOutcome[] = [];
  private listener: () => void = () => undefined;

  constructor(private readonly reporter: JobSink) {}

  /** Called after each outcome is queued (the dispatcher schedules its pass). */
  onQueued(listener: () => void): void {
    this.listener = listener;
  }

  /** The outcomes queued so far, oldest first; the queue is empty afterwards. */
  take(): QueuedOutcome[] {
    return this.queued.splice(0);
  }

  finish(jobId: number, outcome: JobOutcome): void {
    this.queued.push({ jobId, outcome });
    this.listener();
  }

  logs(jobId: number, attempt: number, lines: NewLogLine[], onStored?: () => void): void {
    this.reporter.logs(jobId, attempt, lines, onStored);
  }

  flushLogs(jobId: number): void {
    this.reporter.flushLogs(jobId);
  }

  progress(jobId: number, value: number | null, step: string | null): void {
    this.reporter.progress(jobId, value, step);
  }

  lease(jobId: number, lease: JobLease): void {
    this.reporter.lease(jobId, lease);
  }

  file(jobId: number, file: NewJobFile): void {
    this.reporter.file(jobId, file);
  }

  checkpoint(jobId: number, data: unknown): void {
    this.reporter.checkpoint(jobId, data);
  }
}
