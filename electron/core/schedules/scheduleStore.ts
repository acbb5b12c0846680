import { desc, eq, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { FINAL_STATES, JOB_STATES } from '../../common/domain.js';
import type { MissReason, ScheduleMiss } from '../../common/schedules.js';
import type { Db } from '../store/database.js';
import { scheduleMisses, schedules } from '../store/schema.js';

/** A schedule's row as stored. */
export type ScheduleRow = typeof schedules.$inferSelect;
/** Fields of a new schedule. */
export type NewScheduleRow = typeof schedules.$inferInsert;

const ACTIVE_STATES = JOB_STATES.filter((s) => !FINAL_STATES.includes(s))
  .map((s) => `'${s}'`)
  .join(', ');

/** How many of a schedule's jobs are still queued, scheduled or running: the overlap check. */
export const ACTIVE_SCHEDULE_JOBS_SQL = `SELECT count(*) FROM jobs WHERE schedule_id = ? AND state IN (${ACTIVE_STATES})`;
/** A schedule's jobs counted by state: its counters. */
export const SCHEDULE_JOB_COUNTS_SQL = 'SELECT state, count(*) AS n FROM jobs WHERE schedule_id = ? GROUP BY state';
/** The latest records of missed runs of a schedule. */
export const SCHEDULE_MISSES_SQL = `SELECT detected_at AS detectedAt, reason, missed, caught_up AS caughtUp, first_slot_at AS firstSlotAt,
  last_slot_at AS lastSlotAt FROM schedule_misses WHERE schedule_id = ? ORDER BY id DESC LIMIT ?`;

/** The schedules' rows, their missed-run records and the counts of their jobs. */
export class ScheduleStore {
  private readonly activeJobs: Database.Statement;
  private readonly jobCounts: Database.Statement;
  private readonly misses: Database.Statement;
  private readonly scheduleOfJob: Database.Statement;
  private readonly stateOfJob: Database.Statement;
  private readonly setLastSlotStatement: Database.Statement;
  private readonly setLastJobStatement: Database.Statement;
  // Prepared once: building a drizzle query costs more than running it, and a due pass runs thousands.
  private readonly getById;

  constructor(
    private readonly db: Db,
    private readonly sqlite: Database.Database,
  ) {
    this.activeJobs = sqlite.prepare(ACTIVE_SCHEDULE_JOBS_SQL).pluck();
    this.jobCounts = sqlite.prepare(SCHEDULE_JOB_COUNTS_SQL);
    this.misses = sqlite.prepare(SCHEDULE_MISSES_SQL);
    this.scheduleOfJob = sqlite.prepare('SELECT schedule_id FROM jobs WHERE id = ?').pluck();
    this.stateOfJob = sqlite.prepare('SELECT state FROM jobs WHERE id = ?').pluck();
    this.setLastSlotStatement = sqlite.prepare('UPDATE schedules SET last_slot_at = ? WHERE id = ?');
    this.setLastJobStatement = sqlite.prepare(
      'UPDATE schedules SET last_run_at = ?, last_run_job_id = ?, last_run_state = NULL, last_run_message = NULL WHERE id = ?',
    );
    this.getById = db
      .select()
      .from(schedules)
      .where(eq(schedules.id, sql.placeholder('id')))
      .prepare();
  }

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.sqlite.transaction(fn)();
  }

  all(): ScheduleRow[] {
    return this.db.select().from(schedules).orderBy(schedules.id).all();
  }

  get(id: number): ScheduleRow | null {
    return this.getById.get({ id }) ?? null;
  }

  /** Stores the latest slot fired or accounted for (UTC ms). */
  setLastSlot(id: number, slotAt: number): void {
    this.setLastSlotStatement.run(slotAt, id);
  }

  /** Records the job a run created. */
  setLastJob(id: number, at: number, jobId: number): void {
    this.setLastJobStatement.run(at, jobId, id);
  }

  insert(row: NewScheduleRow): ScheduleRow {
    return this.db.insert(schedules).values(row).returning().get();
  }

  update(id: number, values: Partial<NewScheduleRow>): ScheduleRow | null {
    return this.db.update(schedules).set(values).where(eq(schedules.id, id)).returning().get() ?? null;
  }

  /** Deletes a schedule; its jobs stay, without the link. */
  delete(id: number): boolean {
    return this.transaction(() => {
      this.sqlite.prepare('UPDATE jobs SET schedule_id = NULL WHERE schedule_id = ?').run(id);
      return this.db.delete(schedules).where(eq(schedules.id, id)).run().changes > 0;
    });
  }

  activeJobCount(scheduleId: number): number {
    return this.activeJobs.get(scheduleId) as number;
  }

  jobCountsByState(scheduleId: number): Map<string, number> {
    const rows = this.jobCounts.all(scheduleId) as { state: string; n: number }[];
    return new Map(rows.map((r) => [r.state, r.n]));
  }

  /** The schedule that created a job, or null. */
  scheduleOf(jobId: number): number | null {
    return (this.scheduleOfJob.get(jobId) as number | null | undefined) ?? null;
  }

  /** A job's state, or null when it is gone. */
  jobState(jobId: number): string | null {
    return (this.stateOfJob.get(jobId) as string | undefined) ?? null;
  }

  recordMiss(
    scheduleId: number,
    miss: { detectedAt: number; reason: MissReason; missed: number; caughtUp: number; firstSlotAt: number; lastSlotAt: number },
  ): void {
    this.db
      .insert(scheduleMisses)
      .values({ scheduleId, ...miss })
      .run();
  }

  latestMisses(scheduleId: number, limit = 3): ScheduleMiss[] {
    return this.misses.all(scheduleId, limit) as ScheduleMiss[];
  }

  /** Every miss record of a schedule, newest first (tests and support). */
  allMisses(scheduleId: number): ScheduleMiss[] {
    return this.db
      .select()
      .from(scheduleMisses)
      .where(eq(scheduleMisses.scheduleId, scheduleId))
      .orderBy(desc(scheduleMisses.id))
      .all()
      .map((m) => ({
        detectedAt: m.detectedAt,
        reason: m.reason as MissReason,
        missed: m.missed,
        caughtUp: m.caughtUp,
        firstSlotAt: m.firstSlotAt,
        lastSlotAt: m.lastSlotAt,
      }));
  }
}
