import type { ScheduleSettings } from '../../common/schedules.js';
import type { Clock } from './clock.js';
import { systemTimeZone } from './cronSchedule.js';
import { DEFAULT_BACKUPS_KEPT, DEFAULT_CLEANUP_DAYS } from './maintenance.js';
import type { NewScheduleRow, ScheduleStore } from './scheduleStore.js';

/** The maintenance work the built-in schedules run, in-process. */
export interface MaintenanceWork {
  cleanup(olderThanDays: number): string | Promise<string>;
  backup(keep: number): Promise<string>;
}

/** Adds the built-in clean-up and backup schedules if they are not there yet. */
export function seedMaintenanceSchedules(store: ScheduleStore, now: number): void {
  const kinds = new Set(store.all().map((r) => r.kind));
  const base = { paramsJson: '{}', timeZone: systemTimeZone(), enabled: true, createdBy: 'RPA Desk', createdAt: now, updatedAt: now, lastSlotAt: now };
  if (!kinds.has('cleanup')) {
    store.insert({
      ...base,
      name: 'Delete old job logs and files',
      kind: 'cleanup',
      cron: '15 3 * * *',
      settingsJson: JSON.stringify({ olderThanDays: DEFAULT_CLEANUP_DAYS }),
    });
  }
  if (!kinds.has('backup')) {
    store.insert({ ...base, name: 'Back up the database', kind: 'backup', cron: '45 3 * * *', settingsJson: JSON.stringify({ keep: DEFAULT_BACKUPS_KEPT }) });
  }
}

/** Runs the maintenance schedules' tasks and records each outcome on the schedule's row. */
export class MaintenanceTasks {
  private readonly running = new Set<number>();

  constructor(
    private readonly deps: {
      store: ScheduleStore;
      clock: Clock;
      work: MaintenanceWork;
      logError(message: string, err: unknown): void;
      /** The schedule's row changed. */
      changed(id: number): void;
      /** The task ended: a run that waited for it may start. */
      ended(id: number): void;
      stopped(): boolean;
    },
  ) {}

  isRunning(id: number): boolean {
    return this.running.has(id);
  }

  async run(id: number): Promise<void> {
    const { store, clock } = this.deps;
    const row = store.get(id);
    if (!row || this.deps.stopped()) return;
    this.running.add(id);
    const settings = JSON.parse(row.settingsJson) as ScheduleSettings;
    store.update(id, { lastRunAt: clock.now(), lastRunJobId: null, lastRunState: 'running', lastRunMessage: null });
    this.deps.changed(id);
    let outcome: Partial<NewScheduleRow>;
    try {
      const message =
        row.kind === 'cleanup'
          ? await this.deps.work.cleanup(settings.olderThanDays ?? DEFAULT_CLEANUP_DAYS)
          : await this.deps.work.backup(settings.keep ?? DEFAULT_BACKUPS_KEPT);
      outcome = { lastRunState: 'succeeded', lastRunMessage: message };
    } catch (err) {
      this.deps.logError(`Maintenance schedule ${row.name} failed`, err);
      outcome = { lastRunState: 'failed', lastRunMessage: err instanceof Error ? err.message : String(err) };
    } finally {
      this.running.delete(id);
    }
    if (this.deps.stopped()) return;
    const current = store.get(id);
    if (!current) return;
    const ok = outcome.lastRunState === 'succeeded';
    store.update(id, { ...outcome, runCount: current.runCount + 1, okCount: current.okCount + (ok ? 1 : 0), failCount: current.failCount + (ok ? 0 : 1) });
    this.deps.changed(id);
    this.deps.ended(id);
  }
}
