import path from 'node:path';
import type { BotCatalog, CatalogBot } from '../bots/catalog.js';
import type { BotPool } from '../bots/botPool.js';
import type { EventBus } from '../events/eventBus.js';
import type { JobReporter } from './jobReporter.js';
import type { JobStore, QueuedJob } from './jobStore.js';

/** How many queued jobs one pass looks at: enough that a blocked head of the queue never stalls the rest. */
const CANDIDATES_PER_PASS = 200;
/** Due jobs are also checked this often, in case the wall clock jumped (sleep, clock change). */
const DUE_RECHECK_MS = 30_000;

interface ActiveJob {
  botId: string;
  locks: string[];
}

/**
 * Starts queued jobs as slots free up: never more than the global limit at once, nor more of one
 * bot than its own limit, nor two jobs holding the same named lock. A job that must wait says why.
 */
export class Dispatcher {
  private readonly active = new Map<number, ActiveJob>();
  private readonly runs = new Set<Promise<void>>();
  private readonly waitReasons = new Map<number, string>();
  private dueTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly store: JobStore,
    private readonly catalog: BotCatalog,
    private readonly pool: BotPool,
    private readonly reporter: JobReporter,
    private readonly events: EventBus,
    private readonly options: { bootId: string; concurrency: number; jobsDir: string },
  ) {}

  /** Why a queued job has not started, or null. */
  waitReason(jobId: number): string | null {
    const specific = this.waitReasons.get(jobId);
    if (specific) return specific;
    const { concurrency } = this.options;
    return this.active.size >= concurrency ? `Waiting for a free slot (${this.active.size} of ${concurrency} running)` : null;
  }

  /** Queues due scheduled jobs and fills free slots; called whenever something may have freed or queued work. */
  kick(): void {
    if (this.stopped) return;
    for (const job of this.store.promoteDue()) this.events.emit('job.updated', job);
    // All slots busy: nothing can start, and every queued job waits for the same reason, which
    // waitReason() derives; scanning the queue would only cost time on a long one.
    if (this.active.size < this.options.concurrency) {
      const reasons = new Map<number, string>();
      for (const candidate of this.store.queuedInOrder(CANDIDATES_PER_PASS)) {
        if (this.active.size >= this.options.concurrency) break;
        const reason = this.blockedBecause(candidate);
        if (reason === undefined) continue;
        if (reason === null) this.start(candidate);
        else reasons.set(candidate.id, reason);
      }
      this.publishWaitReasons(reasons);
    }
    this.armDueTimer();
  }

  /** Stops claiming and waits for the jobs under way to end (the pool kills them on shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.dueTimer) clearTimeout(this.dueTimer);
    await Promise.all(this.runs);
  }

  /** null: may start now; a string: why it waits; undefined: it was dealt with (its bot is gone). */
  private blockedBecause(job: QueuedJob): string | null | undefined {
    let bot: CatalogBot;
    try {
      bot = this.catalog.get(job.botId);
    } catch {
      this.failUnstartable(job.id, `The bot "${job.botId}" is not installed`);
      return undefined;
    }
    const limit = bot.policy.concurrency;
    if (limit !== null) {
      const same = [...this.active.values()].filter((a) => a.botId === job.botId).length;
      if (same >= limit) return `Waiting for another job of ${bot.summary.title} to finish (${same} of ${limit} running)`;
    }
    let locks: string[];
    try {
      locks = bot.policy.locks(job.params);
    } catch (err) {
      this.failUnstartable(job.id, `Could not work out the bot's locks: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    for (const lock of locks) {
      const holder = [...this.active.entries()].find(([, a]) => a.locks.includes(lock));
      if (holder) return `Waiting for lock ${lock} held by job ${holder[0]}`;
    }
    return null;
  }

  private start(candidate: QueuedJob): void {
    const job = this.store.claim(candidate.id, this.options.bootId);
    if (!job) return;
    const bot = this.catalog.get(job.botId);
    this.active.set(job.id, { botId: job.botId, locks: bot.policy.locks(job.params) });
    const summary = this.store.getSummary(job.id);
    if (summary) this.events.emit('job.updated', summary);
    const inputFiles = this.store.inputFiles(job.id).map((f) => ({
      name: f.name,
      path: path.join(this.options.jobsDir, String(job.id), f.storedName),
      size: f.size,
    }));
    const run = this.pool
      .run({ job, bot, inputFiles })
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        this.reporter.finish(job.id, { state: 'failed', reason: 'not_started', error: `Could not start the bot: ${message}`, retryable: false });
      })
      .finally(() => {
        this.active.delete(job.id);
        this.runs.delete(run);
        this.kick();
      });
    this.runs.add(run);
  }

  private failUnstartable(jobId: number, error: string): void {
    if (this.store.claim(jobId, this.options.bootId)) {
      this.reporter.finish(jobId, { state: 'failed', reason: 'not_started', error, retryable: false });
    }
  }

  /** Tells the renderer about queued jobs whose reason to wait appeared, changed or went away. */
  private publishWaitReasons(next: Map<number, string>): void {
    const changed = new Set<number>();
    for (const [id, reason] of next) if (this.waitReasons.get(id) !== reason) changed.add(id);
    for (const id of this.waitReasons.keys()) if (!next.has(id)) changed.add(id);
    this.waitReasons.clear();
    for (const [id, reason] of next) this.waitReasons.set(id, reason);
    for (const id of changed) {
      const summary = this.store.getSummary(id);
      if (summary) this.events.emit('job.updated', summary);
    }
  }

  private armDueTimer(): void {
    if (this.dueTimer) clearTimeout(this.dueTimer);
    const next = this.store.nextDueAt();
    const wait = next === null ? DUE_RECHECK_MS : Math.min(Math.max(0, next - Date.now()), DUE_RECHECK_MS);
    this.dueTimer = setTimeout(() => this.kick(), wait);
    this.dueTimer.unref();
  }
}
