import { FINAL_STATES, type JobSummary } from '../../common/domain.js';
import { RpaError } from '../../common/errors.js';
import type { MissReason, MissedPolicy, OverlapPolicy, ScheduleSettings, ScheduleSummary } from '../../common/schedules.js';
import type { EventBus } from '../events/eventBus.js';
import type { NewJob } from '../jobs/jobStore.js';
import type { Clock, TimerHandle } from './clock.js';
import { parseCron, type CronExpression } from './cron.js';
import { DEFAULT_BACKUPS_KEPT, DEFAULT_CLEANUP_DAYS } from './maintenance.js';
import { planDueSlots } from './missedRuns.js';
import { runsAfter } from './nextRuns.js';
import type { NewScheduleRow, ScheduleRow, ScheduleStore } from './scheduleStore.js';
import { toScheduleSummary } from './scheduleView.js';
import { systemTimeZone } from './timeZone.js';

/** The scheduler wakes at least this often, to notice the wall clock jumping (sleep, clock changes). */
export const WATCHDOG_MS = 10_000;
/** A wall clock that moved this much further than the monotonic clock means the machine slept. */
export const WAKE_JUMP_MS = 30_000;
/** Most fires a schedule keeps waiting under overlap 'queue'; more are counted as skipped. */
const MAX_QUEUED_RUNS = 100;
const MAX_SLOTS_PER_PASS = 200_000;
/** Due schedules handled per transaction: each batch's jobs are announced (and start) as soon as it commits. */
const FIRE_BATCH = 100;

/** What the scheduler works with; the core passes the real parts, tests may pass a manual clock. */
export interface SchedulerDeps {
  store: ScheduleStore;
  createJob(input: NewJob): JobSummary;
  validateParams(botId: string, params: Record<string, unknown>): Record<string, unknown>;
  botTitle(botId: string): string;
  /** Starts queued jobs; called after a fire creates any. */
  kick(): void;
  events: EventBus;
  clock: Clock;
  maintenance: { cleanup(olderThanDays: number): string | Promise<string>; backup(keep: number): Promise<string> };
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

/** A schedule's editable fields, as the contract validated them. */
export interface ScheduleFields {
  name: string;
  kind: ScheduleRow['kind'];
  botId?: string | null;
  params: Record<string, unknown>;
  cron: string;
  timeZone: string;
  enabled: boolean;
  missedPolicy: MissedPolicy;
  missedWithinHours?: number | null;
  overlap: OverlapPolicy;
  settings: ScheduleSettings;
  /** Vault entries the schedule chose for the bot's slots; the others get the bot's default when it fires. */
  credentials?: Record<string, number>;
}

interface Entry {
  row: ScheduleRow;
  cron: CronExpression | null;
  nextAt: number | null;
}

type Trigger = 'slot' | 'catch_up' | 'manual';

/**
 * Fires schedules at their slots: one timer for the soonest slot (never longer than the watchdog),
 * the last fired slot stored in UTC in the same transaction as the jobs it made, so a slot fires at
 * most once across crashes; missed slots found by listing the slots since the stored one.
 */
export class Scheduler {
  private readonly entries = new Map<number, Entry>();
  private readonly runningTasks = new Set<number>();
  private timer: TimerHandle | null = null;
  private lastWall: number | null = null;
  private lastMono = 0;
  private stopped = true;
  private offJobs: (() => void) | null = null;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Loads the schedules, handles what was missed while the app was closed and starts the timer. */
  start(): void {
    this.stopped = false;
    if (this.deps.builtins !== false) this.seedBuiltins();
    for (const row of this.deps.store.all()) this.load(row);
    this.offJobs = this.deps.events.on('job.updated', (job) => this.onJobUpdated(job));
    for (const entry of this.entries.values()) this.drainQueue(entry.row.id);
    this.lastWall = this.deps.clock.now();
    this.lastMono = this.deps.clock.monotonic();
    this.processDue(this.lastWall, 'app_closed');
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.deps.clock.clearTimer(this.timer);
    this.timer = null;
    this.offJobs?.();
    this.offJobs = null;
  }

  /** The machine woke up (Electron powerMonitor 'resume'): handle what came due while it slept, now. */
  wake(): void {
    if (this.stopped) return;
    this.tick('sleep');
  }

  list(): ScheduleSummary[] {
    return this.deps.store.all().map((row) => this.view(row));
  }

  get(id: number): ScheduleSummary {
    return this.view(this.row(id));
  }

  create(fields: ScheduleFields, by: string): ScheduleSummary {
    if (fields.kind !== 'bot') throw new RpaError('invalid_input', 'Only bot schedules can be created; the maintenance schedules are built in');
    this.checkCredentials(fields);
    const now = this.deps.clock.now();
    const row = this.deps.store.insert({ ...this.rowValues(fields), createdBy: by, createdAt: now, updatedAt: now, lastSlotAt: now });
    return this.changed(row);
  }

  update(id: number, fields: ScheduleFields): ScheduleSummary {
    const current = this.row(id);
    if (fields.kind !== current.kind) throw new RpaError('invalid_input', `A ${current.kind} schedule cannot become a ${fields.kind} schedule`);
    this.checkCredentials(fields);
    const now = this.deps.clock.now();
    // Slots before an edit belong to the old expression: nothing before now counts as missed.
    const row = this.deps.store.update(id, { ...this.rowValues(fields), updatedAt: now, lastSlotAt: Math.max(now, current.lastSlotAt ?? 0) });
    return this.changed(row ?? current);
  }

  setEnabled(id: number, enabled: boolean): ScheduleSummary {
    const current = this.row(id);
    const now = this.deps.clock.now();
    // Slots while it was disabled are not missed runs.
    const values: Partial<NewScheduleRow> = enabled && !current.enabled ? { enabled, updatedAt: now, lastSlotAt: Math.max(now, current.lastSlotAt ?? 0) } : { enabled, updatedAt: now };
    return this.changed(this.deps.store.update(id, values) ?? current);
  }

  delete(id: number): void {
    const current = this.row(id);
    if (current.kind !== 'bot') throw new RpaError('conflict', 'The built-in maintenance schedules can be disabled or edited, not deleted');
    this.deps.store.delete(id);
    this.entries.delete(id);
    this.deps.events.emit('schedule.deleted', { id });
    this.arm();
  }

  /** Runs the schedule once now, whatever its overlap policy; its slots are not touched. */
  runNow(id: number, by: string): ScheduleSummary {
    const entry = this.entryOf(this.row(id));
    const created: JobSummary[] = [];
    const tasks: (() => Promise<void>)[] = [];
    this.deps.store.transaction(() => this.fire(entry, 'manual', false, created, tasks, `${by} (run now)`));
    this.afterFires(created, tasks);
    return this.changed(this.row(id));
  }

  private seedBuiltins(): void {
    const kinds = new Set(this.deps.store.all().map((r) => r.kind));
    const now = this.deps.clock.now();
    const base = { paramsJson: '{}', timeZone: systemTimeZone(), enabled: true, createdBy: 'RPA Desk', createdAt: now, updatedAt: now, lastSlotAt: now };
    if (!kinds.has('cleanup')) {
      this.deps.store.insert({ ...base, name: 'Delete old job logs and files', kind: 'cleanup', cron: '15 3 * * *', settingsJson: JSON.stringify({ olderThanDays: DEFAULT_CLEANUP_DAYS }) });
    }
    if (!kinds.has('backup')) {
      this.deps.store.insert({ ...base, name: 'Back up the database', kind: 'backup', cron: '45 3 * * *', settingsJson: JSON.stringify({ keep: DEFAULT_BACKUPS_KEPT }) });
    }
  }

  /** A bot schedule is saved only if every credential slot of its bot can be filled now. */
  private checkCredentials(fields: ScheduleFields): void {
    if (fields.kind !== 'bot' || !fields.botId || !this.deps.resolveCredentials) return;
    this.deps.resolveCredentials(fields.botId, fields.credentials ?? {});
  }

  private rowValues(fields: ScheduleFields): Omit<NewScheduleRow, 'createdBy' | 'createdAt' | 'updatedAt'> {
    return {
      name: fields.name,
      kind: fields.kind,
      botId: fields.kind === 'bot' ? (fields.botId ?? null) : null,
      paramsJson: JSON.stringify(fields.kind === 'bot' ? fields.params : {}),
      cron: fields.cron,
      timeZone: fields.timeZone,
      enabled: fields.enabled,
      missedPolicy: fields.missedPolicy,
      missedWithinHours: fields.missedPolicy === 'run_all' ? (fields.missedWithinHours ?? 24) : null,
      overlap: fields.overlap,
      settingsJson: JSON.stringify(fields.settings),
      // Only what the schedule chose: a slot left to the default follows the default as it changes.
      credentialsJson: JSON.stringify(fields.kind === 'bot' ? (fields.credentials ?? {}) : {}),
    };
  }

  private row(id: number): ScheduleRow {
    const row = this.deps.store.get(id);
    if (!row) throw new RpaError('not_found', `Schedule ${id} not found`);
    return row;
  }

  private view(row: ScheduleRow): ScheduleSummary {
    return toScheduleSummary(row, this.deps.store, this.deps.clock.now(), (id) => this.deps.botTitle(id));
  }

  private changed(row: ScheduleRow): ScheduleSummary {
    this.load(row);
    this.arm();
    const summary = this.view(row);
    this.deps.events.emit('schedule.updated', summary);
    return summary;
  }

  private load(row: ScheduleRow): Entry {
    const known = this.entries.get(row.id);
    let cron: CronExpression | null = known && known.row.cron === row.cron ? known.cron : null;
    try {
      cron ??= parseCron(row.cron);
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

  private arm(): void {
    if (this.stopped) return;
    if (this.timer) this.deps.clock.clearTimer(this.timer);
    const now = this.deps.clock.now();
    let soonest = Number.POSITIVE_INFINITY;
    for (const entry of this.entries.values()) if (entry.nextAt !== null && entry.nextAt < soonest) soonest = entry.nextAt;
    const delay = Math.min(WATCHDOG_MS, Math.max(0, soonest - now));
    this.timer = this.deps.clock.setTimer(() => this.tick(null), delay);
  }

  private tick(forced: MissReason | null): void {
    this.timer = null;
    if (this.stopped) return;
    const now = this.deps.clock.now();
    const mono = this.deps.clock.monotonic();
    // The wall clock ran ahead of the monotonic one: the machine was asleep (or the clock was set).
    const slept = this.lastWall !== null && now - this.lastWall - (mono - this.lastMono) > WAKE_JUMP_MS;
    this.lastWall = now;
    this.lastMono = mono;
    try {
      this.processDue(now, forced ?? (slept ? 'sleep' : 'late'));
    } catch (err) {
      this.deps.logError('The scheduler failed to handle due schedules', err);
    }
    this.arm();
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
      this.deps.store.recordMiss(entry.row.id, { detectedAt: now, reason, missed: plan.missed.length, caughtUp: plan.catchUp.length, firstSlotAt: first, lastSlotAt: last });
    }
    // Overlap is judged against runs from before this pass: catch-up runs the policy asked for all happen.
    const busyBefore = this.isBusy(entry.row);
    for (let i = 0; i < plan.catchUp.length; i++) this.fire(entry, 'catch_up', busyBefore, created, tasks);
    if (plan.onTime !== null) this.fire(entry, 'slot', busyBefore, created, tasks);
    this.deps.store.setLastSlot(entry.row.id, plan.lastSlot);
  }

  private isBusy(row: ScheduleRow): boolean {
    return row.kind === 'bot' ? this.deps.store.activeJobCount(row.id) > 0 : this.runningTasks.has(row.id);
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
      tasks.push(() => this.runTask(row.id));
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

  private async runTask(id: number): Promise<void> {
    const row = this.deps.store.get(id);
    if (!row || this.stopped) return;
    this.runningTasks.add(id);
    const settings = JSON.parse(row.settingsJson) as ScheduleSettings;
    const startedAt = this.deps.clock.now();
    this.deps.store.update(id, { lastRunAt: startedAt, lastRunJobId: null, lastRunState: 'running', lastRunMessage: null });
    this.emitSchedule(id);
    let outcome: Partial<NewScheduleRow>;
    try {
      const message =
        row.kind === 'cleanup'
          ? await this.deps.maintenance.cleanup(settings.olderThanDays ?? DEFAULT_CLEANUP_DAYS)
          : await this.deps.maintenance.backup(settings.keep ?? DEFAULT_BACKUPS_KEPT);
      outcome = { lastRunState: 'succeeded', lastRunMessage: message };
    } catch (err) {
      this.deps.logError(`Maintenance schedule ${row.name} failed`, err);
      outcome = { lastRunState: 'failed', lastRunMessage: errorText(err) };
    } finally {
      this.runningTasks.delete(id);
    }
    if (this.stopped) return;
    const current = this.deps.store.get(id);
    if (!current) return;
    const ok = outcome.lastRunState === 'succeeded';
    this.deps.store.update(id, {
      ...outcome,
      runCount: current.runCount + 1,
      okCount: current.okCount + (ok ? 1 : 0),
      failCount: current.failCount + (ok ? 0 : 1),
    });
    this.emitSchedule(id);
    this.drainQueue(id);
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
    this.deps.store.transaction(() => {
      this.deps.store.update(id, { queuedRuns: row.queuedRuns - 1 });
      this.startRun({ ...row, queuedRuns: row.queuedRuns - 1 }, created, tasks, `schedule:${row.name}`);
    });
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
