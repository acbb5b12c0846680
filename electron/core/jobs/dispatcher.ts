import path from 'node:path';
import { fillLockTemplates } from '../../common/botManifest.js';
import type { BotCatalog, CatalogBot } from '../bots/catalog.js';
import type { BotPool } from '../bots/botPool.js';
import type { EventBus } from '../events/eventBus.js';
import type { JobReporter } from './jobReporter.js';
import type { ClaimedJob, JobStore, QueuedJob } from './jobStore.js';
import type { OutcomeQueue, QueuedOutcome } from './outcomeQueue.js';
import { outsideRequest } from '../requestContext.js';
import { jobDir } from '../files/jobFiles.js';

/** How many queued jobs one pass looks at: enough that a blocked head of the queue never stalls the rest. */
const CANDIDATES_PER_PASS = 200;
/** Due jobs are also checked this often, in case the wall clock jumped (sleep, clock change). */
const DUE_RECHECK_MS = 30_000;

interface ActiveJob {
  botId: string;
  locks: string[];
}

/** What a pass decided about a queued job: start it (holding these locks), or why it waits. */
type Verdict = { locks: string[] } | { wait: string };

/** Queue pages are powers of two: each page size is one prepared statement with its LIMIT written in. */
function pageSize(wanted: number): number {
  return Math.min(CANDIDATES_PER_PASS, 2 ** Math.ceil(Math.log2(Math.max(1, wanted))));
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
  /** The due time the timer was armed for (null: none known), so a pass that changed nothing keeps it. */
  private armedFor: number | null = null;
  private passPending = false;
  private stopped = false;

  constructor(
    private readonly store: JobStore,
    private readonly catalog: BotCatalog,
    private readonly pool: BotPool,
    private readonly reporter: JobReporter,
    private readonly events: EventBus,
    private readonly options: {
      bootId: string;
      concurrency: number;
      jobsDir: string;
      /** Where the pool's workers report their ends, for the next pass to record. */
      outcomes: OutcomeQueue;
      logError: (message: string, err: unknown) => void;
    },
  ) {
    options.outcomes.onQueued(() => this.passSoon());
  }

  /** Why a queued job has not started, or null. */
  waitReason(jobId: number): string | null {
    const specific = this.waitReasons.get(jobId);
    if (specific) return specific;
    const { concurrency } = this.options;
    return this.active.size >= concurrency ? `Waiting for a free slot (${this.active.size} of ${concurrency} running)` : null;
  }

  /** Queues due scheduled jobs and fills free slots; called whenever something may have freed or queued work. */
  kick(): void {
    // Work a command only set going: the claim, the worker it starts and all it reports later are
    // nobody's request (their audit entries are the system's, not the command's channel).
    outsideRequest(() => this.pass());
  }

  /**
   * A pass once the current turn of the event loop is over: jobs that end together (many slots,
   * one tick) are recorded, and their successors claimed, in one commit rather than one each.
   */
  private passSoon(): void {
    if (this.passPending) return;
    this.passPending = true;
    setImmediate(() => {
      this.passPending = false;
      outsideRequest(() => this.pass());
    });
  }

  /**
   * One pass, one transaction: the ends workers reported since the last pass, scheduled jobs that
   * came due, and the claims of the queued jobs that take the free slots. Listeners hear of all of
   * it once it is committed, and the claimed jobs start after that.
   */
  private pass(): void {
    const outcomes = this.options.outcomes.take();
    if (this.stopped && outcomes.length === 0) return;
    const reasons = new Map<number, string>();
    let lookedAtQueue = false;
    const claimed = this.events.deferWhile(() =>
      this.store.transaction(() => {
        for (const outcome of outcomes) this.record(outcome);
        if (this.stopped) return [];
        for (const job of this.store.promoteDue()) this.events.emit('job.updated', job);
        // All slots busy: nothing can start, and every queued job waits for the same reason, which
        // waitReason() derives; scanning the queue would only cost time on a long one.
        if (this.active.size >= this.options.concurrency) return [];
        lookedAtQueue = true;
        return this.claimAll(this.choose(reasons));
      }),
    );
    for (const job of claimed) this.start(job);
    if (this.stopped) return;
    if (lookedAtQueue) this.publishWaitReasons(reasons);
    this.armDueTimer();
  }

  /** Records one reported end in a savepoint of its own: one that cannot be recorded must not undo the others. */
  private record({ jobId, outcome }: QueuedOutcome): void {
    try {
      // Its own events are dropped with it if it rolls back: nobody hears of an end that was not recorded.
      this.events.deferWhile(() => this.store.transaction(() => this.reporter.finish(jobId, outcome)));
    } catch (err) {
      this.options.logError(`The end of job ${jobId} could not be recorded`, err);
    }
  }

  /**
   * Picks the queued jobs to start now, in queue order, and reserves their slots; notes why the
   * others it looked at wait. Reads only as many candidates as there are free slots plus the jobs
   * known to be blocked, and a full page only when that was not enough.
   */
  private choose(reasons: Map<number, string>): QueuedJob[] {
    const chosen: QueuedJob[] = [];
    const seen = new Set<number>();
    const firstPage = pageSize(this.options.concurrency - this.active.size + this.waitReasons.size);
    for (const limit of [firstPage, CANDIDATES_PER_PASS]) {
      const candidates = this.store.queuedInOrder(limit);
      for (const candidate of candidates) {
        if (this.active.size >= this.options.concurrency) return chosen;
        if (seen.has(candidate.id)) continue;
        seen.add(candidate.id);
        const verdict = this.judge(candidate);
        if (!verdict) continue;
        if ('wait' in verdict) reasons.set(candidate.id, verdict.wait);
        else {
          // Reserved before the next candidate is judged, so limits and locks count it.
          this.active.set(candidate.id, { botId: candidate.botId, locks: verdict.locks });
          chosen.push(candidate);
        }
      }
      const queueSeenWhole = candidates.length < limit || limit === CANDIDATES_PER_PASS;
      if (queueSeenWhole || this.active.size >= this.options.concurrency) break;
    }
    return chosen;
  }

  /** Stops claiming and waits for the jobs under way to end (the pool kills them on shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.dueTimer) clearTimeout(this.dueTimer);
    await Promise.all(this.runs);
    // The ends of the jobs stopped with the app are recorded before the database closes.
    this.pass();
  }

  /** Whether a queued job may start now; undefined when it was dealt with (its bot is gone). */
  private judge(job: QueuedJob): Verdict | undefined {
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
      if (same >= limit) return { wait: `Waiting for another job of ${bot.summary.title} to finish (${same} of ${limit} running)` };
    }
    // Filled here from the job's parameters, by main's own code: a bot's code never runs in main.
    const filled = fillLockTemplates(bot.policy.locks, job.params);
    if ('problem' in filled) {
      this.failUnstartable(job.id, `Could not work out the bot's locks: ${filled.problem}`);
      return undefined;
    }
    const { locks } = filled;
    for (const lock of locks) {
      const holder = [...this.active.entries()].find(([, a]) => a.locks.includes(lock));
      if (holder) return { wait: `Waiting for lock ${lock} held by job ${holder[0]}` };
    }
    return { locks };
  }

  /** Claims the chosen jobs (inside the pass's transaction); a job no longer queued gives its slot back. */
  private claimAll(chosen: readonly QueuedJob[]): ClaimedJob[] {
    const claimed: ClaimedJob[] = [];
    for (const candidate of chosen) {
      const job = this.store.claim(candidate.id, this.options.bootId);
      if (job) claimed.push(job);
      else this.active.delete(candidate.id);
    }
    return claimed;
  }

  private start(job: ClaimedJob): void {
    const bot = this.catalog.get(job.botId);
    this.events.emit('job.updated', job.summary);
    const inputFiles = this.store.inputFiles(job.id).map((f) => ({
      name: f.name,
      path: path.join(jobDir(this.options.jobsDir, job.id), f.storedName),
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
        this.passSoon();
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
    const next = this.store.nextDueAt();
    if (this.dueTimer && next === this.armedFor) return;
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.armedFor = next;
    const wait = next === null ? DUE_RECHECK_MS : Math.min(Math.max(0, next - Date.now()), DUE_RECHECK_MS);
    this.dueTimer = setTimeout(() => {
      this.dueTimer = null;
      this.kick();
    }, wait);
    this.dueTimer.unref();
  }
}
