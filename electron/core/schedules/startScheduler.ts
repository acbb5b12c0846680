import path from 'node:path';
import type Database from 'better-sqlite3';
import type { BotCatalog } from '../bots/catalog.js';
import type { EventBus } from '../events/eventBus.js';
import type { JobControl } from '../jobs/jobControl.js';
import type { Db } from '../store/database.js';
import { systemClock, type Clock } from './clock.js';
import { backUpDatabase, cleanUpOldJobs } from './maintenance.js';
import { Scheduler } from './scheduler.js';
import { ScheduleStore } from './scheduleStore.js';

/** The parts of the core a scheduler is assembled from. */
export interface SchedulerParts {
  db: Db;
  sqlite: Database.Database;
  /** Every job a schedule makes goes through it, as any other job does: same checks, same audit entry. */
  control: Pick<JobControl, 'record'>;
  catalog: BotCatalog;
  dispatcher: { kick(): void };
  events: EventBus;
  dataDir: string;
  jobsDir: string;
  clock?: Clock;
  logError: (message: string, err: unknown) => void;
  /** The vault's slot resolution (JobCredentials.resolve). */
  resolveCredentials?: (botId: string, choice: Record<string, number>) => Record<string, number>;
}

/** Assembles the scheduler with the real store, job creation and maintenance tasks; call `start()` after recovery. */
export function createScheduler(parts: SchedulerParts): Scheduler {
  const clock = parts.clock ?? systemClock;
  return new Scheduler({
    store: new ScheduleStore(parts.db, parts.sqlite),
    createJob: (input) => parts.control.record(input),
    validateParams: (botId, params) => parts.catalog.validateParams(botId, params),
    botTitle: (botId) => parts.catalog.title(botId),
    kick: () => parts.dispatcher.kick(),
    events: parts.events,
    clock,
    maintenance: {
      cleanup: (olderThanDays) => cleanUpOldJobs(parts.sqlite, parts.jobsDir, clock.now(), olderThanDays),
      backup: (keep) => backUpDatabase(parts.sqlite, path.join(parts.dataDir, 'backups'), clock.now(), keep),
    },
    logError: parts.logError,
    resolveCredentials: parts.resolveCredentials,
  });
}
