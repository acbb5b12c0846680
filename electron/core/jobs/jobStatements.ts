import type Database from 'better-sqlite3';
import { getTableColumns } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { jobFiles, jobs } from '../store/schema.js';

type JobRow = typeof jobs.$inferSelect;
type FileRow = typeof jobFiles.$inferSelect;

/**
 * Reads a table's rows with raw prepared statements (values in column order) and builds the row
 * objects drizzle would return: better-sqlite3 builds a 26-key object several times slower than
 * this loop does, and drizzle would also build and compile the query on every call.
 */
class RowShape<Row> {
  /** The column list to SELECT or RETURN, in the order `toRow` expects. */
  readonly columns: string;
  private readonly keys: string[];

  constructor(table: SQLiteTable) {
    const entries = Object.entries(getTableColumns(table));
    this.columns = entries.map(([, column]) => column.name).join(', ');
    this.keys = entries.map(([key]) => key);
  }

  toRow(values: readonly unknown[]): Row {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < this.keys.length; i++) row[this.keys[i] as string] = values[i];
    return row as Row;
  }
}

const JOB = new RowShape<JobRow>(jobs);
const FILE = new RowShape<FileRow>(jobFiles);

/** Values of a job row as createJob inserts it; every other column is null or its default. */
export type NewJobRow = Pick<
  JobRow,
  'botId' | 'state' | 'priority' | 'paramsJson' | 'createdBy' | 'createdAt' | 'runAt' | 'rerunOf' | 'timeoutMs' | 'scheduleId' | 'credentialsJson'
>;

/** The lease columns setLease may write, by JobLease field. */
export const LEASE_COLUMNS = {
  workerPid: 'lease_worker_pid',
  workerStart: 'lease_worker_start',
  browserPid: 'lease_browser_pid',
  browserStart: 'lease_browser_start',
} as const;

/**
 * The statements of a job's life cycle (create, claim, finish, read one), prepared once per
 * connection: a job that runs in microseconds cannot afford a query built and compiled per call.
 */
export class JobStatements {
  private readonly insertJobStatement: Database.Statement;
  private readonly selectJob: Database.Statement;
  readonly queuedResuming: Database.Statement;
  private readonly claimJob: Database.Statement;
  readonly insertAttempt: Database.Statement;
  readonly stateAndAttempt: Database.Statement;
  private readonly finishJob: Database.Statement;
  readonly closeAttempt: Database.Statement;
  private readonly inputFilesStatement: Database.Statement;
  readonly nextDueAt: Database.Statement;
  private readonly leaseStatements = new Map<string, Database.Statement>();

  constructor(private readonly sqlite: Database.Database) {
    this.insertJobStatement = sqlite.prepare(
      `INSERT INTO jobs (bot_id, state, priority, params_json, created_by, created_at, run_at, rerun_of, timeout_ms, schedule_id, credentials_json)
       VALUES (@botId, @state, @priority, @paramsJson, @createdBy, @createdAt, @runAt, @rerunOf, @timeoutMs, @scheduleId, @credentialsJson)`,
    );
    this.selectJob = sqlite.prepare(`SELECT ${JOB.columns} FROM jobs WHERE id = ?`).raw();
    this.queuedResuming = sqlite.prepare("SELECT resuming FROM jobs WHERE id = ? AND state = 'queued'").pluck();
    // A job resuming after an approval goes on with the same attempt, start time and progress; anything else is a new try.
    this.claimJob = sqlite
      .prepare(
        `UPDATE jobs SET state = 'running',
         started_at = CASE WHEN resuming = 1 THEN started_at ELSE @at END,
         attempt = CASE WHEN resuming = 1 THEN attempt ELSE attempt + 1 END,
         progress = CASE WHEN resuming = 1 THEN progress ELSE NULL END,
         step = CASE WHEN resuming = 1 THEN step ELSE NULL END,
         resuming = 0, lease_boot_id = @bootId, run_at = NULL
       WHERE id = @id AND state = 'queued' RETURNING ${JOB.columns}`,
      )
      .raw();
    this.insertAttempt = sqlite.prepare('INSERT INTO job_attempts (job_id, attempt, started_at) VALUES (?, ?, ?)');
    this.stateAndAttempt = sqlite.prepare('SELECT state, attempt FROM jobs WHERE id = ?');
    this.finishJob = sqlite
      .prepare(
        `UPDATE jobs SET state = @state, finished_at = @at, result_json = @result, error = @error,
         progress = CASE WHEN @succeeded THEN 1 ELSE progress END, run_at = NULL,
         lease_boot_id = NULL, lease_worker_pid = NULL, lease_worker_start = NULL, lease_browser_pid = NULL, lease_browser_start = NULL
       WHERE id = @id RETURNING ${JOB.columns}`,
      )
      .raw();
    this.closeAttempt = sqlite.prepare('UPDATE job_attempts SET finished_at = ?, outcome = ?, reason = ?, error = ? WHERE job_id = ? AND attempt = ?');
    this.inputFilesStatement = sqlite.prepare(`SELECT ${FILE.columns} FROM job_files WHERE job_id = ? AND kind = 'input' ORDER BY id`).raw();
    this.nextDueAt = sqlite.prepare("SELECT min(run_at) FROM jobs INDEXED BY jobs_due WHERE state = 'scheduled'").pluck();
  }

  /** Inserts a job and returns its row, built from what was inserted rather than read back. */
  insertJob(values: NewJobRow): JobRow {
    const id = Number(this.insertJobStatement.run(values).lastInsertRowid);
    return {
      ...values,
      id,
      startedAt: null,
      finishedAt: null,
      progress: null,
      step: null,
      resultJson: null,
      error: null,
      attempt: 0,
      cancelRequestedBy: null,
      leaseBootId: null,
      leaseWorkerPid: null,
      leaseBrowserPid: null,
      leaseWorkerStart: null,
      leaseBrowserStart: null,
      checkpointJson: null,
      resuming: 0,
    };
  }

  job(jobId: number): JobRow | undefined {
    const values = this.selectJob.get(jobId) as unknown[] | undefined;
    return values && JOB.toRow(values);
  }

  /** Moves a queued job to running (see the statement); undefined when it was not queued. */
  claim(jobId: number, at: number, bootId: string): JobRow | undefined {
    const values = this.claimJob.get({ id: jobId, at, bootId }) as unknown[] | undefined;
    return values && JOB.toRow(values);
  }

  finish(values: { id: number; state: string; at: number; result: string | null; error: string | null; succeeded: 0 | 1 }): JobRow | undefined {
    const returned = this.finishJob.get(values) as unknown[] | undefined;
    return returned && JOB.toRow(returned);
  }

  inputFiles(jobId: number): FileRow[] {
    return (this.inputFilesStatement.all(jobId) as unknown[][]).map((values) => FILE.toRow(values));
  }

  /**
   * Writes the given lease columns of a job, skipping a row that already holds those values: a
   * rewrite of the same values would still cost a commit (a worker without a pid reports null).
   */
  setLease(jobId: number, values: Partial<Record<keyof typeof LEASE_COLUMNS, number | string | null>>): void {
    const keys = (Object.keys(LEASE_COLUMNS) as (keyof typeof LEASE_COLUMNS)[]).filter((k) => values[k] !== undefined);
    if (keys.length === 0) return;
    const id = keys.join(',');
    let statement = this.leaseStatements.get(id);
    if (!statement) {
      const columns = keys.map((k) => LEASE_COLUMNS[k]);
      statement = this.sqlite.prepare(
        `UPDATE jobs SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND NOT (${columns.map((c) => `${c} IS ?`).join(' AND ')})`,
      );
      this.leaseStatements.set(id, statement);
    }
    const args = keys.map((k) => values[k] ?? null);
    statement.run(...args, jobId, ...args);
  }
}
