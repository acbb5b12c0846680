import { FINAL_STATES, type JobSummary } from '../../common/domain.js';
import type { MissReason, MissedPolicy, ScheduleSummary } from '../../common/schedules.js';
import type { EventBus } from '../events/eventBus.js';
import type { NewJob } from '../jobs/jobStore.js';
import { outsideRequest } from '../requestContext.js';
import type { Clock } from './clock.js';
import { parseCronSchedule, runsAfter, type CronSchedule } from './cronSchedule.js';
import { MaintenanceTasks, seedMaintenanceSchedules, type MaintenanceWork } from './maintenanceTasks.js';
import { planDueSlots } from './missedRuns.js';
import { deleteSchedule, enableSchedule, insertSchedule, requireSchedule, updateSchedule, type ScheduleFields } from './scheduleCrud.js';
import type { ScheduleRow, ScheduleStore } from './scheduleStore.js';
import { ScheduleTimer } from './scheduleTimer.js';
import { toScheduleSummary } from './scheduleView.js';

export type { ScheduleFields } from './scheduleCrud.js';
export { WAKE_JUMP_MS, WATCHDOG_MS } from './scheduleTimer.js';

/** Most fires a schedule keeps waiting under overlap 'queue'; more are counted as skipped. */
const MAX_QUEUED_RUNS = 100;
const MAX_SLOTS_PER_PASS = 200_000;
/** Due schedules handled per transaction: each batch's jobs are announced (and start) as soon as it commits. */
const FIRE_BATCH = 100;

/** What the scheduler works with; the core passes the real parts, tests may pass a manual clock. */
export interface SchedulerDeps {
  store: ScheduleStore;
  /**
   * Validates and records a job inside the scheduler's transaction, without announcing or starting
   * it (the scheduler does both once the batch commits). The core passes JobControl's, so a
   * scheduled job gets the same checks and audit entry as any other.
   */
  createJob(input: NewJob): JobSummary;
  validateParams(botId: string, params: Record<string, unknown>): Record<string, unknown>;
  botTitle(botId: string): string;
  /** Starts queued jobs; called after a fire creates any. */
  kick(): void;
  events: EventBus;
  clock: Clock;
  maintenance: MaintenanceWork;
  logError(message: string, err: unknown): void;
  /** Seed the built-in maintenance schedules (default true). */
  builtins?: boolean;
  /**
   * Which vault entry fills each credential slot of the bot (the schedule's choice, else the bot's
   * default); throws invalid_input naming a slot that cannot be filled. Checked when a schedule is
   * saved and again when it fires. Without it, schedules carry no credentials.
   */
  resolveCredentials?(botId: string, choice: Record<string, number>): Record<string, number>;
}

interface Entry {
  row: ScheduleRow;
  cron: CronSchedule | null;
  nextAt: number | null;
}

type Trigger = 'slot' | 'catch_up' | 'manual';

/**
 * Fires schedules at their slots: the last fired slot stored in UTC in the same transaction as the
 * jobs it made, so a slot fires at most once across crashes; missed slots found by listing the
 * slots since the stored one. The timer, the edits and the maintenance tasks live beside it.
 */
export class Scheduler {
  private readonly entries = new Map<number, Entry>();
  private readonly timer: ScheduleTimer;
  private readonly tasks: MaintenanceTasks;
  private stopped = true;
  private offJobs: (() => void) | null = null;

  constructor(private readonly deps: SchedulerDeps) {
    this.timer = new ScheduleTimer(
      deps.clock,
      (now, reason) => this.processDueSafely(now, reason),
      () => this.soonest(),
    );
    this.tasks = new MaintenanceTasks({
      store: deps.store,
      clock: deps.clock,
      work: deps.maintenance,
      logError: (message, err) => deps.logError(message, err),
      changed: (id) => this.emitSchedule(id),
      ended: (id) => this.drainQueue(id),
      stopped: () => this.stopped,
    });
  }

  /** Loads the schedules, handles what was missed while the app was closed and starts the timer. */
  start(): void {
    this.stopped = false;
    if (this.deps.builtins !== false) seedMaintenanceSchedules(this.deps.store, this.deps.clock.now());
    for (const row of this.deps.store.all()) this.load(row);
    this.offJobs = this.deps.events.on('job.updated', (job) => this.onJobUpdated(job));
    for (const entry of this.entries.values()) this.drainQueue(entry.row.id);
    this.timer.start();
    this.processDue(this.deps.clock.now(), 'app_closed');
    this.timer.arm();
  }

  stop(): void {
    this.stopped = true;
    this.timer.stop();
    this.offJobs?.();
    this.offJobs = null;
  }

  /** The machine woke up (Electron powerMonitor 'resume'): handle what came due while it slept, now. */
  wake(): void {
    if (!this.stopped) this.timer.wake();
  }

  list(): ScheduleSummary[] {
    return this.deps.store.all().map((row) => this.view(row));
  }

  get(id: number): ScheduleSummary {
    return this.view(requireSchedule(this.deps.store, id));
  }

  create(fields: ScheduleFields, by: string): ScheduleSummary {
    this.checkCredentials(fields);
    return this.changed(insertSchedule(this.deps.store, fields, by, this.deps.clock.now()));
  }

  update(id: number, fields: ScheduleFields): ScheduleSummary {
    this.checkCredentials(fields);
    return this.changed(updateSchedule(this.deps.store, id, fields, this.deps.clock.now()));
  }

  setEnabled(id: number, enabled: boolean): ScheduleSummary {
    return this.changed(enableSchedule(this.deps.store, id, enabled, this.deps.clock.now()));
  }

  delete(id: number): void {
    deleteSchedule(this.deps.store, id);
    this.entries.delete(id);
    this.deps.events.emit('schedule.deleted', { id });
    this.timer.arm();
  }

  /** Runs the schedule once now, whatever its overlap policy; its slots are not touched. */
  runNow(id: number, by: string): ScheduleSummary {
    const entry = this.entryOf(requireSchedule(this.deps.store, id));
    const created: JobSummary[] = [];
    const tasks: (() => Promise<void>)[] = [];
    this.deps.store.transaction(() => this.fire(entry, 'manual', false, created, tasks, `${by} (run now)`));
    this.afterFires(created, tasks);
    return this.changed(requireSchedule(this.deps.store, id));
  }

  /** A bot schedule is saved only if every credential slot of its bot can be filled now. */
  private checkCredentials(fields: ScheduleFields): void {
    if (fields.kind !== 'bot' || !fields.botId || !this.deps.resolveCredentials) return;
    this.deps.resolveCredentials(fields.botId, fields.credentials ?? {});
  }

  private view(row: ScheduleRow): ScheduleSummary {
    return toScheduleSummary(row, this.deps.store, this.deps.clock.now(), (id) => this.deps.botTitle(id));
  }

  private changed(row: ScheduleRow): ScheduleSummary {
    this.load(row);
    this.timer.arm();
    const summary = this.view(row);
    this.deps.events.emit('schedule.updated', summary);
    return summary;
  }

  private load(row: ScheduleRow): Entry {
    const known = this.entries.get(row.id);
    let cron: CronSchedule | null = known && known.row.cron === row.cron ? known.cron : null;
    try {
      cron ??= parseCronSchedule(row.cron);
    } catch (err) {
      this.deps.logError(`Schedule ${row.id} has an expression that does not read: ${row.cron}`, err);
    }
    const entry: Entry = { row, cron, nextAt: null };
    entry.nextAt = this.nextAt(entry);
    this.entries.set(row.id, entry);
    return entry;
  }

  private entryOf(row: ScheduleRow): Entry {
    return this.entries.get(row.id) ?? this.load(row);
  }

  private nextAt(entry: Entry): number | null {
    if (!entry.row.enabled || !entry.cron) return null;
    return runsAfter(entry.cron, entry.row.timeZone, entry.row.lastSlotAt ?? entry.row.createdAt, { count: 1 })[0]?.at ?? null;
  }

  private soonest(): number {
    let soonest = Number.POSITIVE_INFINITY;
    for (const entry of this.entries.values()) if (entry.nextAt !== null && entry.nextAt < soonest) soonest = entry.nextAt;
    return soonest;
  }

  private processDueSafely(now: number, reason: MissReason): void {
    if (this.stopped) return;
    try {
      this.processDue(now, reason);
    } catch (err) {
      this.deps.logError('The scheduler failed to handle due schedules', err);
    }
  }

  private processDue(now: number, reason: MissReason): void {
    const due = [...this.entries.values()].filter((e) => e.nextAt !== null && e.nextAt <= now);
    if (due.length === 0) return;
    // Batched: a thousand schedules due at once cost ten commits, and the first jobs start early.
    for (let i = 0; i < due.length; i += FIRE_BATCH) {
      const batch = due.slice(i, i + FIRE_BATCH);
      const created: JobSummary[] = [];
      const tasks: (() => Promise<void>)[] = [];
      this.deps.store.transaction(() => {
        for (const entry of batch) {
          try {
            this.deps.store.transaction(() => this.handleDue(entry, now, reason, created, tasks));
          } catch (err) {
            this.deps.logError(`Schedule ${entry.row.id} could not fire`, err);
            this.deps.store.update(entry.row.id, { lastSlotAt: now, lastRunAt: now, lastRunState: 'failed', lastRunMessage: errorText(err) });
          }
        }
      });
      for (const entry of batch) {
        const row = this.deps.store.get(entry.row.id);
        if (row) this.load(row);
      }
      this.afterFires(created, tasks);
    }
    for (const entry of due) this.emitSchedule(entry.row.id);
  }

  private handleDue(entry: Entry, now: number, reason: MissReason, created: JobSummary[], tasks: (() => Promise<void>)[]): void {
    if (!entry.cron) return;
    const since = entry.row.lastSlotAt ?? entry.row.createdAt;
    const slots = runsAfter(entry.cron, entry.row.timeZone, since, { untilMs: now, count: MAX_SLOTS_PER_PASS }).map((r) => r.at);
    const plan = planDueSlots(slots, now, entry.row.missedPolicy as MissedPolicy, entry.row.missedWithinHours);
    if (!plan) return;
    const first = plan.missed[0];
    const last = plan.missed.at(-1);
    if (first !== undefined && last !== undefined) {
      this.deps.store.recordMiss(entry.row.id, {
        detectedAt: now,
        reason,
        missed: plan.missed.length,
        caughtUp: plan.catchUp.length,
        firstSlotAt: first,
        lastSlotAt: last,
      });
    }
    // Overlap is judged against runs from before this pass: catch-up runs the policy asked for all happen.
    const busyBefore = this.isBusy(entry.row);
    for (let i = 0; i < plan.catchUp.length; i++) this.fire(entry, 'catch_up', busyBefore, created, tasks);
    if (plan.onTime !== null) this.fire(entry, 'slot', busyBefore, created, tasks);
    this.deps.store.setLastSlot(entry.row.id, plan.lastSlot);
  }

  private isBusy(row: ScheduleRow): boolean {
    return row.kind === 'bot' ? this.deps.store.activeJobCount(row.id) > 0 : this.tasks.isRunning(row.id);
  }

  /** One run of a schedule, subject to its overlap policy unless the operator asked for it. */
  private fire(entry: Entry, trigger: Trigger, busy: boolean, created: JobSummary[], tasks: (() => Promise<void>)[], by?: string): void {
    if (busy && trigger !== 'manual') {
      const row = this.deps.store.get(entry.row.id) ?? entry.row;
      if (row.overlap === 'skip') {
        this.deps.store.update(row.id, { skippedOverlap: row.skippedOverlap + 1 });
        return;
      }
      if (row.overlap === 'queue') {
        if (row.queuedRuns < MAX_QUEUED_RUNS) this.deps.store.update(row.id, { queuedRuns: row.queuedRuns + 1 });
        else this.deps.store.update(row.id, { skippedOverlap: row.skippedOverlap + 1 });
        return;
      }
    }
    this.startRun(entry.row, created, tasks, by ?? `schedule:${entry.row.name}`);
  }

  private startRun(row: ScheduleRow, created: JobSummary[], tasks: (() => Promise<void>)[], by: string): void {
    const now = this.deps.clock.now();
    if (row.kind !== 'bot') {
      tasks.push(() => this.tasks.run(row.id));
      return;
    }
    try {
      if (!row.botId) throw new Error('The schedule names no bot');
      const params = this.deps.validateParams(row.botId, JSON.parse(row.paramsJson) as Record<string, unknown>);
      const credentials = this.deps.resolveCredentials?.(row.botId, JSON.parse(row.credentialsJson) as Record<string, number>) ?? {};
      const job = this.deps.createJob({ botId: row.botId, params, createdBy: by, scheduleId: row.id, credentials });
      created.push(job);
      this.deps.store.setLastJob(row.id, now, job.id);
    } catch (err) {
      const fresh = this.deps.store.get(row.id) ?? row;
      this.deps.store.update(row.id, {
        lastRunAt: now,
        lastRunJobId: null,
        lastRunState: 'failed',
        lastRunMessage: `Not started: ${errorText(err)}`,
        runCount: fresh.runCount + 1,
        failCount: fresh.failCount + 1,
      });
    }
  }

  private afterFires(created: JobSummary[], tasks: (() => Promise<void>)[]): void {
    for (const job of created) this.deps.events.emit('job.updated', job);
    if (created.length > 0) this.deps.kick();
    for (const task of tasks) void task();
  }

  private onJobUpdated(job: JobSummary): void {
    if (this.stopped || !FINAL_STATES.includes(job.state)) return;
    const scheduleId = this.deps.store.scheduleOf(job.id);
    if (scheduleId === null) return;
    this.drainQueue(scheduleId);
    this.emitSchedule(scheduleId);
  }

  /** Starts a run that waited for the previous one (overlap 'queue') once nothing of the schedule is active. */
  private drainQueue(id: number): void {
    const row = this.deps.store.get(id);
    if (!row || row.queuedRuns === 0 || this.isBusy(row)) return;
    const created: JobSummary[] = [];
    const tasks: (() => Promise<void>)[] = [];
    // The schedule starts it, even when a command (a cancel) ended the run it waited for.
    outsideRequest(() =>
      this.deps.store.transaction(() => {
        this.deps.store.update(id, { queuedRuns: row.queuedRuns - 1 });
        this.startRun({ ...row, queuedRuns: row.queuedRuns - 1 }, created, tasks, `schedule:${row.name}`);
      }),
    );
    this.afterFires(created, tasks);
    this.emitSchedule(id);
  }

  private emitSchedule(id: number): void {
    const row = this.deps.store.get(id);
    if (row) this.deps.events.emit('schedule.updated', this.view(row));
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
