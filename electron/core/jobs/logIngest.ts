import type { LogLine } from '../../common/domain.js';
import type { EventBus } from '../events/eventBus.js';
import type { JobStore, LogBatch, NewLogLine } from './jobStore.js';

/** Rows stored per transaction: 2–3 ms of main's event loop (commit included), then other work gets its turn. */
const MAX_ROWS_PER_SLICE = 1_000;
/** Rows (about 3 MB of WAL) after which the WAL is checkpointed, with no slice running meanwhile. */
const CHECKPOINT_EVERY_ROWS = 20_000;
/** A job's stored lines are published at most this often (the first at once), so a flood costs few events. */
const PUBLISH_EVERY_MS = 50;
/** Past this many jobs remembered, the publish times of quiet ones are forgotten. */
const FORGET_ABOVE_JOBS = 64;

/** Lines waiting to be stored; `from` counts those of them already stored by an earlier slice. */
interface Pending {
  jobId: number;
  attempt: number;
  lines: readonly NewLogLine[];
  from: number;
  onStored: (() => void) | undefined;
}

/**
 * Stores log lines and publishes them as `log.appended` without stalling main: lines are queued as
 * they arrive and stored on later turns of the event loop, at most 1,000 rows per transaction
 * (batches of several jobs share one commit), yielding with setImmediate between slices; the WAL
 * is checkpointed off main's thread between slices. Each
 * job's lines keep their order through one queue; nothing is dropped. Stored lines are published
 * per job at most every 50 ms, the first lines after a quiet spell at once. Memory stays bounded
 * because workers send a new batch only after `onStored` acknowledged one.
 */
export class LogIngest {
  private queue: Pending[] = [];
  private drainScheduled: NodeJS.Immediate | null = null;
  private readonly unpublished = new Map<number, LogLine[]>();
  private readonly lastPublishedAt = new Map<number, number>();
  private readonly publishTimers = new Map<number, NodeJS.Timeout>();
  private rowsSinceCheckpoint = 0;
  private checkpointing = false;

  constructor(
    private readonly store: JobStore,
    private readonly events: EventBus,
    private readonly options: {
      logError: (message: string, err: unknown) => void;
      now: () => number;
      /** Checkpoints the WAL off main's thread (WalCheckpointer); without it SQLite checkpoints inside commits. */
      checkpointWal?: () => Promise<void>;
    },
  ) {}

  /** Queues lines of one attempt of a job; `onStored` runs once all of them are stored. */
  add(jobId: number, attempt: number, lines: readonly NewLogLine[], onStored?: () => void): void {
    if (lines.length === 0) {
      onStored?.();
      return;
    }
    this.queue.push({ jobId, attempt, lines, from: 0, onStored });
    this.scheduleDrain();
  }

  /** Stores the job's queued lines and publishes all its stored ones now: what comes next must follow them. */
  flushJob(jobId: number): void {
    const mine = this.queue.filter((p) => p.jobId === jobId);
    if (mine.length > 0) {
      this.queue = this.queue.filter((p) => p.jobId !== jobId);
      this.storeAll(mine);
    }
    this.publish(jobId);
    // The next line of this job, if any (a retry), is published at once.
    this.lastPublishedAt.delete(jobId);
  }

  /** Stores and publishes everything queued (the app is closing). */
  flushAll(): void {
    if (this.drainScheduled) clearImmediate(this.drainScheduled);
    this.drainScheduled = null;
    this.storeAll(this.queue.splice(0));
    for (const jobId of [...this.unpublished.keys()]) this.publish(jobId);
  }

  private scheduleDrain(): void {
    if (this.checkpointing || this.queue.length === 0) return;
    this.drainScheduled ??= setImmediate(() => this.drainSlice());
  }

  private drainSlice(): void {
    this.drainScheduled = null;
    const slice = takeSlice(this.queue, MAX_ROWS_PER_SLICE);
    this.storeBatches(slice.batches, slice.completed);
    this.publishDue();
    this.rowsSinceCheckpoint += slice.rows;
    if (this.rowsSinceCheckpoint >= CHECKPOINT_EVERY_ROWS) this.checkpoint();
    else this.scheduleDrain();
  }

  /**
   * Lets the checkpointer copy the WAL while no slice writes: it then catches up completely and
   * the next write starts the WAL over instead of growing it for as long as lines stream in.
   */
  private checkpoint(): void {
    this.rowsSinceCheckpoint = 0;
    const checkpointWal = this.options.checkpointWal;
    if (!checkpointWal) {
      this.scheduleDrain();
      return;
    }
    this.checkpointing = true;
    void checkpointWal().finally(() => {
      this.checkpointing = false;
      this.scheduleDrain();
    });
  }

  /** Stores whole pending batches, however many rows: only for a flush, whose size the workers' in-flight limit bounds. */
  private storeAll(pending: Pending[]): void {
    const slice = takeSlice(pending, Number.POSITIVE_INFINITY);
    this.storeBatches(slice.batches, slice.completed);
  }

  private storeBatches(batches: LogBatch[], completed: Pending[]): void {
    if (batches.length === 0) return;
    let stored: LogLine[][];
    try {
      stored = this.store.appendLogBatches(batches);
    } catch (err) {
      stored = this.storeOneByOne(batches);
      this.options.logError('Log lines could not be stored together; stored batch by batch', err);
    }
    for (const lines of stored) this.keepToPublish(lines);
    for (const pending of completed) pending.onStored?.();
  }

  /** After a failed transaction: store each batch alone, so one bad batch (a job deleted meanwhile) costs only its own lines. */
  private storeOneByOne(batches: LogBatch[]): LogLine[][] {
    return batches.map((batch) => {
      try {
        return this.store.appendLogs(batch.jobId, batch.attempt, batch.lines);
      } catch (err) {
        this.options.logError(`${batch.lines.length} log lines of job ${batch.jobId} could not be stored`, err);
        return [];
      }
    });
  }

  private keepToPublish(lines: LogLine[]): void {
    const first = lines[0];
    if (!first) return;
    const list = this.unpublished.get(first.jobId);
    if (list) for (const line of lines) list.push(line);
    else this.unpublished.set(first.jobId, lines);
  }

  private publishDue(): void {
    const now = this.options.now();
    this.forgetQuietJobs(now);
    for (const jobId of this.unpublished.keys()) {
      const wait = (this.lastPublishedAt.get(jobId) ?? Number.NEGATIVE_INFINITY) + PUBLISH_EVERY_MS - now;
      if (wait <= 0) this.publish(jobId);
      else if (!this.publishTimers.has(jobId))
        this.publishTimers.set(
          jobId,
          setTimeout(() => this.publish(jobId), wait),
        );
    }
  }

  /** A job published longer ago than the interval publishes at once anyway: its entry only costs memory. */
  private forgetQuietJobs(now: number): void {
    if (this.lastPublishedAt.size < FORGET_ABOVE_JOBS) return;
    for (const [jobId, at] of this.lastPublishedAt) if (now - at >= PUBLISH_EVERY_MS) this.lastPublishedAt.delete(jobId);
  }

  private publish(jobId: number): void {
    const timer = this.publishTimers.get(jobId);
    if (timer) clearTimeout(timer);
    this.publishTimers.delete(jobId);
    const lines = this.unpublished.get(jobId);
    if (!lines) return;
    this.unpublished.delete(jobId);
    this.lastPublishedAt.set(jobId, this.options.now());
    this.events.emit('log.appended', { jobId, lines });
  }
}

/**
 * Takes up to `maxRows` rows from the head of `queue`, in order, as batches to store; a pending
 * batch cut short stays at the head with its `from` advanced. Returns the batches and the pending
 * entries finished by them.
 */
function takeSlice(queue: Pending[], maxRows: number): { batches: LogBatch[]; completed: Pending[]; rows: number } {
  const batches: LogBatch[] = [];
  const completed: Pending[] = [];
  let rows = 0;
  while (rows < maxRows && queue.length > 0) {
    const head = queue[0] as Pending;
    const take = Math.min(maxRows - rows, head.lines.length - head.from);
    const whole = head.from === 0 && take === head.lines.length;
    batches.push({ jobId: head.jobId, attempt: head.attempt, lines: whole ? head.lines : head.lines.slice(head.from, head.from + take) });
    head.from += take;
    rows += take;
    if (head.from === head.lines.length) {
      queue.shift();
      completed.push(head);
    }
  }
  return { batches, completed, rows };
}
