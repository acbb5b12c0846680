import { and, asc, desc, eq, gt, lt, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import {
  FINAL_STATES,
  MAX_LOG_MESSAGE_CHARS,
  type JobDetail,
  type JobFile,
  type JobState,
  type JobSummary,
  type LogLevel,
  type LogLine,
} from '../../common/domain.js';
import type { Db } from '../store/database.js';
import { jobFiles, jobs, jobTransitions, logLines } from '../store/schema.js';

type JobRow = typeof jobs.$inferSelect;

/** A job as the dispatcher needs it to start a worker. */
export interface ClaimedJob {
  id: number;
  botId: string;
  params: Record<string, unknown>;
  attempt: number;
}

/** How a job ended. */
export interface JobOutcome {
  state: Extract<JobState, 'succeeded' | 'failed' | 'cancelled' | 'interrupted'>;
  reason: string;
  result?: unknown;
  error?: string;
}

/** A log line before it has an id. */
export interface NewLogLine {
  at: number;
  level: LogLevel;
  message: string;
}

/** A file to record against a job; its bytes are already on disk under `storedName`. */
export interface NewJobFile {
  kind: JobFile['kind'];
  name: string;
  storedName: string;
  size: number;
  mime: string;
}

/** Filters of the Jobs screen. */
export interface JobQuery {
  state?: JobState;
  botId?: string;
  before?: number;
  limit?: number;
}

/**
 * Claims the next queued job in one statement. INDEXED BY pins the small partial index: without
 * statistics the planner would pick jobs_state_id and sort every queued job on each claim.
 */
export const CLAIM_NEXT_SQL = `UPDATE jobs SET state = 'running', started_at = ?, attempt = attempt + 1, lease_boot_id = ?,
    progress = NULL, step = NULL
  WHERE id = (SELECT id FROM jobs INDEXED BY jobs_queue WHERE state = 'queued' ORDER BY priority, id LIMIT 1)
  RETURNING id, bot_id AS botId, params_json AS paramsJson, attempt`;

/** Scheduled jobs (run later, retries in backoff) that are due, soonest first; pinned to its partial index. */
export const DUE_SCHEDULED_SQL = `SELECT id FROM jobs INDEXED BY jobs_due
  WHERE state = 'scheduled' AND run_at <= ? ORDER BY run_at LIMIT ?`;

const TRUNCATED_MARK = ' … [line cut: it was longer than 8192 characters]';

function cutMessage(message: string): string {
  return message.length > MAX_LOG_MESSAGE_CHARS ? message.slice(0, MAX_LOG_MESSAGE_CHARS) + TRUNCATED_MARK : message;
}

/**
 * The single writer of jobs, their transitions, log lines and files. Every state change is one
 * transaction together with its transition record.
 */
export class JobStore {
  private readonly insertLog: Database.Statement;
  private readonly claimStatement: Database.Statement;
  private readonly insertTransition: Database.Statement;

  constructor(
    private readonly db: Db,
    private readonly sqlite: Database.Database,
    private readonly botTitle: (botId: string) => string,
    private readonly now: () => number = Date.now,
  ) {
    this.insertLog = sqlite.prepare('INSERT INTO log_lines (job_id, at, level, message) VALUES (?, ?, ?, ?)');
    this.insertTransition = sqlite.prepare(
      'INSERT INTO job_transitions (job_id, from_state, to_state, at, reason) VALUES (?, ?, ?, ?, ?)',
    );
    this.claimStatement = sqlite.prepare(CLAIM_NEXT_SQL);
  }

  /** Records a new queued job. */
  createJob(input: { botId: string; params: Record<string, unknown>; createdBy: string; priority?: number }): JobSummary {
    const at = this.now();
    const row = this.sqlite.transaction(() => {
      const inserted = this.db
        .insert(jobs)
        .values({
          botId: input.botId,
          state: 'queued',
          priority: input.priority ?? 0,
          paramsJson: JSON.stringify(input.params),
          createdBy: input.createdBy,
          createdAt: at,
        })
        .returning()
        .get();
      this.insertTransition.run(inserted.id, null, 'queued', at, `Started by ${input.createdBy}`);
      return inserted;
    })();
    return this.toSummary(row);
  }

  /** Moves the next queued job to running under this boot's lease, or returns null when none waits. */
  claimNext(bootId: string): ClaimedJob | null {
    const at = this.now();
    return this.sqlite.transaction(() => {
      const row = this.claimStatement.get(at, bootId) as
        | { id: number; botId: string; paramsJson: string; attempt: number }
        | undefined;
      if (!row) return null;
      this.insertTransition.run(row.id, 'queued', 'running', at, null);
      return { id: row.id, botId: row.botId, params: JSON.parse(row.paramsJson) as Record<string, unknown>, attempt: row.attempt };
    })();
  }

  /** Records which processes hold a running job, so a restart can find and kill them. */
  setLease(jobId: number, lease: { workerPid?: number | null; browserPid?: number | null }): void {
    const values: Partial<JobRow> = {};
    if (lease.workerPid !== undefined) values.leaseWorkerPid = lease.workerPid;
    if (lease.browserPid !== undefined) values.leaseBrowserPid = lease.browserPid;
    this.db.update(jobs).set(values).where(eq(jobs.id, jobId)).run();
  }

  /** Stores the bot's latest progress report. */
  setProgress(jobId: number, progress: number | null, step: string | null): JobSummary | null {
    const row = this.db
      .update(jobs)
      .set({ progress: progress === null ? null : Math.min(1, Math.max(0, progress)), step })
      .where(and(eq(jobs.id, jobId), eq(jobs.state, 'running')))
      .returning()
      .get();
    return row ? this.toSummary(row) : null;
  }

  /** Ends a job unless it already ended; returns the summary, or null if it had ended before. */
  finish(jobId: number, outcome: JobOutcome): JobSummary | null {
    const at = this.now();
    return this.sqlite.transaction(() => {
      const current = this.db.select({ state: jobs.state }).from(jobs).where(eq(jobs.id, jobId)).get();
      if (!current || FINAL_STATES.includes(current.state as JobState)) return null;
      const row = this.db
        .update(jobs)
        .set({
          state: outcome.state,
          finishedAt: at,
          resultJson: outcome.result === undefined ? null : JSON.stringify(outcome.result),
          error: outcome.error ?? null,
          progress: outcome.state === 'succeeded' ? 1 : undefined,
          leaseBootId: null,
          leaseWorkerPid: null,
          leaseBrowserPid: null,
        })
        .where(eq(jobs.id, jobId))
        .returning()
        .get();
      this.insertTransition.run(jobId, current.state, outcome.state, at, outcome.reason);
      return row ? this.toSummary(row) : null;
    })();
  }

  /** Appends a batch of log lines in one transaction and returns them with their ids. */
  appendLogs(jobId: number, lines: readonly NewLogLine[]): LogLine[] {
    return this.sqlite.transaction(() =>
      lines.map((line) => {
        const message = cutMessage(line.message);
        const info = this.insertLog.run(jobId, line.at, line.level, message);
        return { id: Number(info.lastInsertRowid), jobId, at: line.at, level: line.level, message };
      }),
    )();
  }

  /** Records a file already written under the job's folder. */
  addFile(jobId: number, file: NewJobFile): JobFile {
    const row = this.db
      .insert(jobFiles)
      .values({ jobId, ...file, createdAt: this.now() })
      .returning()
      .get();
    return toJobFile(row);
  }

  /** A file's record with the name it is stored under, or null. */
  getFile(fileId: number): (JobFile & { storedName: string }) | null {
    const row = this.db.select().from(jobFiles).where(eq(jobFiles.id, fileId)).get();
    return row ? { ...toJobFile(row), storedName: row.storedName } : null;
  }

  /** One job's summary, or null. */
  getSummary(jobId: number): JobSummary | null {
    const row = this.db.select().from(jobs).where(eq(jobs.id, jobId)).get();
    return row ? this.toSummary(row) : null;
  }

  /** Everything the Job screen shows apart from the log, or null. */
  getDetail(jobId: number): JobDetail | null {
    const row = this.db.select().from(jobs).where(eq(jobs.id, jobId)).get();
    if (!row) return null;
    const transitions = this.db
      .select()
      .from(jobTransitions)
      .where(eq(jobTransitions.jobId, jobId))
      .orderBy(asc(jobTransitions.id))
      .all()
      .map((t) => ({ from: t.fromState as JobState | null, to: t.toState as JobState, at: t.at, reason: t.reason }));
    const files = this.db.select().from(jobFiles).where(eq(jobFiles.jobId, jobId)).orderBy(asc(jobFiles.id)).all().map(toJobFile);
    return {
      ...this.toSummary(row),
      params: JSON.parse(row.paramsJson) as Record<string, unknown>,
      result: row.resultJson === null ? null : (JSON.parse(row.resultJson) as unknown),
      transitions,
      files,
    };
  }

  /** A page of jobs, newest first, by keyset on id so deep pages cost what the first one does. */
  listJobs(query: JobQuery): { jobs: JobSummary[]; nextCursor: number | null } {
    const limit = query.limit ?? 100;
    const conditions: SQL[] = [];
    if (query.state) conditions.push(eq(jobs.state, query.state));
    if (query.botId) conditions.push(eq(jobs.botId, query.botId));
    if (query.before) conditions.push(lt(jobs.id, query.before));
    const rows = this.db
      .select()
      .from(jobs)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(jobs.id))
      .limit(limit + 1)
      .all();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { jobs: page.map((r) => this.toSummary(r)), nextCursor: rows.length > limit && last ? last.id : null };
  }

  /** Log lines of a job after a cursor, oldest first. */
  tailLogs(jobId: number, afterId: number, limit: number): { lines: LogLine[]; more: boolean } {
    const rows = this.db
      .select()
      .from(logLines)
      .where(and(eq(logLines.jobId, jobId), gt(logLines.id, afterId)))
      .orderBy(asc(logLines.id))
      .limit(limit + 1)
      .all();
    return {
      lines: rows.slice(0, limit).map((r) => ({ id: r.id, jobId: r.jobId, at: r.at, level: r.level as LogLevel, message: r.message })),
      more: rows.length > limit,
    };
  }

  /** Jobs that held a lease when the app last stopped. */
  leasedJobs(): { id: number; bootId: string | null; workerPid: number | null; browserPid: number | null }[] {
    return this.db
      .select({ id: jobs.id, bootId: jobs.leaseBootId, workerPid: jobs.leaseWorkerPid, browserPid: jobs.leaseBrowserPid })
      .from(jobs)
      .where(eq(jobs.state, 'running'))
      .all();
  }

  private toSummary(row: JobRow): JobSummary {
    return {
      id: row.id,
      botId: row.botId,
      botTitle: this.botTitle(row.botId),
      state: row.state as JobState,
      progress: row.progress,
      step: row.step,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      error: row.error,
    };
  }
}

function toJobFile(row: typeof jobFiles.$inferSelect): JobFile {
  return {
    id: row.id,
    jobId: row.jobId,
    kind: row.kind as JobFile['kind'],
    name: row.name,
    size: row.size,
    mime: row.mime,
    createdAt: row.createdAt,
  };
}
