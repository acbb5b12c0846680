import type { BotCatalog } from '../bots/catalog.js';
import type { BotPool } from '../bots/botPool.js';
import type { EventBus } from '../events/eventBus.js';
import type { JobReporter } from './jobReporter.js';
import type { ClaimedJob, JobStore } from './jobStore.js';

/** Starts queued jobs as slots free up, never more than the global concurrency limit at once. */
export class Dispatcher {
  private readonly active = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly store: JobStore,
    private readonly catalog: BotCatalog,
    private readonly pool: BotPool,
    private readonly reporter: JobReporter,
    private readonly events: EventBus,
    private readonly options: { bootId: string; concurrency: number },
  ) {}

  /** Fills free slots from the queue; called when a job is queued and when one ends. */
  kick(): void {
    while (!this.stopped && this.active.size < this.options.concurrency) {
      const job = this.store.claimNext(this.options.bootId);
      if (!job) return;
      this.start(job);
    }
  }

  /** Stops claiming and waits for the jobs under way to end (the pool kills them on shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.active);
  }

  private start(job: ClaimedJob): void {
    const summary = this.store.getSummary(job.id);
    if (summary) this.events.emit('job.updated', summary);
    let run: Promise<void>;
    try {
      run = this.pool.run(job, this.catalog.get(job.botId));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.reporter.finish(job.id, { state: 'failed', reason: 'not_started', error: `Could not start the bot: ${message}` });
      return;
    }
    const tracked = run.finally(() => {
      this.active.delete(tracked);
      this.kick();
    });
    this.active.add(tracked);
  }
}
