import type { EventBus } from '../events/eventBus.js';
import type { JobSink } from '../bots/botPool.js';
import type { JobOutcome, JobStore, NewJobFile, NewLogLine } from './jobStore.js';

/** Writes what workers report into the store and tells the renderer, one event per stored batch. */
export class JobReporter implements JobSink {
  constructor(
    private readonly store: JobStore,
    private readonly events: EventBus,
  ) {}

  logs(jobId: number, lines: NewLogLine[]): void {
    if (lines.length === 0) return;
    const stored = this.store.appendLogs(jobId, lines);
    this.events.emit('log.appended', { jobId, lines: stored });
  }

  progress(jobId: number, value: number | null, step: string | null): void {
    const summary = this.store.setProgress(jobId, value, step);
    if (summary) this.events.emit('job.updated', summary);
  }

  lease(jobId: number, lease: { workerPid?: number | null; browserPid?: number | null }): void {
    this.store.setLease(jobId, lease);
  }

  file(jobId: number, file: NewJobFile): void {
    this.store.addFile(jobId, file);
    const summary = this.store.getSummary(jobId);
    if (summary) this.events.emit('job.updated', summary);
  }

  finish(jobId: number, outcome: JobOutcome): void {
    const summary = this.store.finish(jobId, outcome);
    if (summary) this.events.emit('job.updated', summary);
  }
}
