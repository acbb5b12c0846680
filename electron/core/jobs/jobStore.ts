import { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { integer, sqliteTable, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  FINAL_STATES,
  MAX_LOG_MESSAGE_CHARS,
  type JobDetail,
  type JobFile,
  type JobState,
  type JobSummary,
  type LogLevel,
  type LogLine,
  type Priority,
} from '../../common/domain.js';
import { displayFileName } from '../../common/fileNames.js';
import type { Db } from '../store/database.js';
import { jobAttempts, jobFiles, jobs, jobTransitions, logLines } from '../store/schema.js';
import { JobStatements } from './jobStatements.js';
import { LogRowWriter } from './logRows.js';

type JobRow = typeof jobs.$inferSelect;

/** Message characters one log page may carry; the page ends early, with `more`, past it. */
export const LOG_PAGE_MAX_CHARS = 2 * 1024 * 1024;
/** Rows read per query while a page is filled. */
const LOG_PAGE_SLICE = 1_000;

/** A job as the dispatcher needs it to start a worker. */
export interface ClaimedJob {
  id: number;
  botId: string;
  params: Record<string, unknown>;
  attempt: number;
  timeoutMs: number | null;
  /** What the bot saved before it was released for an approval. */
  checkpoint: unknown;
  /** Which vault entry fills each of the bot's credential slots (ids, never values). */
  credentials: Record<string, number>;
  /** The job as it reads once claimed, to announce without reading it again. */
  summary: JobSummary;
}

/** A queued job the dispatcher considers starting. */
export interface QueuedJob {
  id: number;
  botId: string;
  params: Record<string, unknown>;
}

/** How an attempt ended. */
export interface JobOutcome {
  state: Extract<JobState, 'succeeded' | 'failed' | 'cancelled' | 'interrupted'>;
  reason: string;
  result?: unknown;
  error?: string;
  /** False for what a retry cannot fix: business errors, cancels. */
  retryable?: boolean;
}

/** A log line before it has an id. */
export interface NewLogLine {
  at: number;
  level: LogLevel;
  message: string;
}

/** Log lines of one attempt of one job, to store together with other batches. */
export interface LogBatch {
  jobId: number;
  attempt: number;
  lines: readonly NewLogLine[];
}

/** A file to record against a job; its bytes are already on disk under `storedName`. */
export interface NewJobFile {
  kind: JobFile['kind'];
  name: string;
  storedName: string;
  size: number;
  mime: string;
  attempt?: number;
}

/** A new job as the operator (or a schedule, or recovery) asks for it. */
export interface NewJob {
  botId: string;
  params: Record<string, unknown>;
  createdBy: string;
  priority?: Priority;
  /** Run later: the job waits as `scheduled` until then. */
  runAt?: number;
  rerunOf?: number;
  timeoutMs?: number;
  /** The schedule that fired this job. */
  scheduleId?: number;
  /** Which vault entry fills each credential slot, resolved before the job is made. */
  credentials?: Record<string, number>;
}

/** Filters of the Jobs screen. */
export interface JobQuery {
  state?: JobState;
  botId?: string;
  before?: number;
  limit?: number;
  createdFrom?: number;
  createdTo?: number;
  text?: string;
}

/** Processes holding a running job, with their start times so a pid reused by a stranger is never killed. */
export interface JobLease {
  workerPid?: number | null;
  workerStart?: string | null;
  browserPid?: number | null;
  browserStart?: string | null;
}

const PRIORITY_RANK: Record<Priority, number> = { high: -1, normal: 0, low: 1 };

function priorityOf(rank: number): Priority {
  return rank < 0 ? 'high' : rank > 0 ? 'low' : 'normal';
}

/**
 * Queued jobs in the order they should start: priority, then first in first out. INDEXED BY pins the
 * small partial index: without statistics the planner would pick jobs_state_id and sort every queued job.
 * The LIMIT is written in, not bound: SQLite (built with STAT4) re-plans a statement whose LIMIT is a
 * parameter on every run, which costs more than the query.
 */
export function queuedInOrderSql(limit: number): string {
  return `SELECT id, bot_id AS botId, params_json AS paramsJson FROM jobs INDEXED BY jobs_queue
  WHERE state = 'queued' ORDER BY priority, id LIMIT ${Math.trunc(limit)}`;
}

/** Scheduled jobs (run later, retries in backoff) that are due, soonest first; pinned to its partial index. */
export const DUE_SCHEDULED_SQL = `SELECT id FROM jobs INDEXED BY jobs_due
  WHERE state = 'scheduled' AND run_at <= ? ORDER BY run_at LIMIT ?`;

const TRUNCATED_MARK = ' … [line cut: it was longer than 8192 characters]';

function cutMessage(message: string): string {
  return message.length > MAX_LOG_MESSAGE_CHARS ? message.slice(0, MAX_LOG_MESSAGE_CHARS) + TRUNCATED_MARK : message;
}

/**
 * The single writer of jobs, their transitions, attempts, log lines and files. Every state change
 * is one transaction together with its transition record.
 */
export class JobStore {
  private readonly insertLog: Database.Statement;
  /** The queue query by page size (see queuedInOrderSql). */
  private readonly queuedStatements = new Map<number, Database.Statement>();
  private readonly dueStatement: Database.Statement;
  private readonly insertTransition: Database.Statement;
  private readonly statements: JobStatements;
  /** One prepared transaction runner: building better-sqlite3's wrapper per call costs more than a small commit. */
  private readonly inTransaction: (fn: () => unknown) => unknown;
  private logRows: LogRowWriter | null = null;

  constructor(
    private readonly db: Db,
    private readonly sqlite: Database.Database,
    private readonly botTitle: (botId: string) => string,
    private readonly now: () => number = Date.now,
    private readonly waitReason: (jobId: number) => string | null = () => null,
  ) {
    this.insertLog = sqlite.prepare('INSERT INTO log_lines (job_id, attempt, at, level, message) VALUES (?, ?, ?, ?, ?)');
    this.insertTransition = sqlite.prepare('INSERT INTO job_transitions (job_id, from_state, to_state, at, reason) VALUES (?, ?, ?, ?, ?)');
    this.dueStatement = sqlite.prepare(DUE_SCHEDULED_SQL);
    this.statements = new JobStatements(sqlite);
    this.inTransaction = sqlite.transaction((fn: () => unknown) => fn());
  }

  /** Runs `fn` in one transaction (synchronous, as better-sqlite3 requires); nested calls become savepoints. */
  transaction<T>(fn: () => T): T {
    return this.inTransaction(fn) as T;
  }

  /** Records a new job: queued, or scheduled when it has a time to run at. */
  createJob(input: NewJob): JobSummary {
    const at = this.now();
    const state: JobState = input.runAt !== undefined ? 'scheduled' : 'queued';
    const row = this.transaction(() => {
      const inserted = this.statements.insertJob({
        botId: input.botId,
        state,
        priority: PRIORITY_RANK[input.priority ?? 'normal'],
        paramsJson: JSON.stringify(input.params),
        createdBy: input.createdBy,
        createdAt: at,
        runAt: input.runAt ?? null,
        rerunOf: input.rerunOf ?? null,
        timeoutMs: input.timeoutMs ?? null,
        scheduleId: input.scheduleId ?? null,
        credentialsJson: JSON.stringify(input.credentials ?? {}),
      });
      const why = input.rerunOf ? `Rerun of job ${input.rerunOf} by ${input.createdBy}` : `Started by ${input.createdBy}`;
      this.insertTransition.run(inserted.id, null, state, at, state === 'scheduled' ? `${why}, to run later` : why);
      return inserted;
    });
    return this.toSummary(row);
  }

  /** Queued jobs in start order, for the dispatcher to pick from. */
  queuedInOrder(limit: number): QueuedJob[] {
    let statement = this.queuedStatements.get(limit);
    if (!statement) this.queuedStatements.set(limit, (statement = this.sqlite.prepare(queuedInOrderSql(limit))));
    const rows = statement.all() as { id: number; botId: string; paramsJson: string }[];
    // Parameters are parsed only for the candidates whose locks are asked for, and once.
    return rows.map((r) => {
      let params: Record<string, unknown> | undefined;
      return {
        id: r.id,
        botId: r.botId,
        get params() {
          return (params ??= JSON.parse(r.paramsJson) as Record<string, unknown>);
        },
      };
    });
  }

  /** Moves one queued job to running under this boot's lease and opens its attempt; null if it is no longer queued. */
  claim(jobId: number, bootId: string): ClaimedJob | null {
    const at = this.now();
    return this.transaction(() => {
      const resuming = this.statements.queuedResuming.get(jobId) as number | undefined;
      if (resuming === undefined) return null;
      const row = this.statements.claim(jobId, at, bootId);
      if (!row) return null;
      const why = resuming === 1 ? 'Resumed after the approval was decided' : row.attempt > 1 ? `Attempt ${row.attempt}` : null;
      this.insertTransition.run(row.id, 'queued', 'running', at, why);
      if (resuming !== 1) this.statements.insertAttempt.run(row.id, row.attempt, at);
      return {
        id: row.id,
        botId: row.botId,
        params: JSON.parse(row.paramsJson) as Record<string, unknown>,
        attempt: row.attempt,
        timeoutMs: row.timeoutMs,
        checkpoint: row.checkpointJson === null ? null : (JSON.parse(row.checkpointJson) as unknown),
        credentials: JSON.parse(row.credentialsJson) as Record<string, number>,
        summary: this.toSummary(row),
      };
    });
  }

  /**
   * Moves a job between non-final states (running ⇄ waiting for a person, a released job back to the
   * queue) with its transition record; null when the job was not in one of `from`.
   */
  moveState(
    jobId: number,
    from: readonly JobState[],
    to: JobState,
    reason: string,
    extra: { releaseLease?: boolean; resuming?: boolean } = {},
  ): JobSummary | null {
    const at = this.now();
    return this.transaction(() => {
      const current = this.db.select({ state: jobs.state }).from(jobs).where(eq(jobs.id, jobId)).get();
      if (!current || !from.includes(current.state as JobState)) return null;
      const row = this.db
        .update(jobs)
        .set({ state: to, ...(extra.releaseLease ? NO_LEASE : {}), ...(extra.resuming ? { resuming: 1 } : {}) })
        .where(eq(jobs.id, jobId))
        .returning()
        .get();
      this.insertTransition.run(jobId, current.state, to, at, reason);
      return row ? this.toSummary(row) : null;
    });
  }

  /** Keeps what a bot saved to resume from. */
  setCheckpoint(jobId: number, data: unknown): void {
    this.db
      .update(jobs)
      .set({ checkpointJson: JSON.stringify(data ?? null) })
      .where(eq(jobs.id, jobId))
      .run();
  }

  /** Records which processes hold a running job, so a restart can find and kill them. */
  setLease(jobId: number, lease: JobLease): void {
    this.statements.setLease(jobId, lease);
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
    return this.transaction(() => {
      const current = this.statements.stateAndAttempt.get(jobId) as { state: JobState; attempt: number } | undefined;
      if (!current || FINAL_STATES.includes(current.state)) return null;
      const row = this.statements.finish({
        id: jobId,
        state: outcome.state,
        at,
        result: outcome.result === undefined ? null : JSON.stringify(outcome.result),
        error: outcome.error ?? null,
        succeeded: outcome.state === 'succeeded' ? 1 : 0,
      });
      this.insertTransition.run(jobId, current.state, outcome.state, at, outcome.reason);
      if (current.state === 'running') this.closeAttempt(jobId, current.attempt, outcome, at);
      return row ? this.toSummary(row) : null;
    });
  }

  /** Ends a running attempt that will be tried again: the job waits as scheduled until `runAt`. */
  scheduleRetry(jobId: number, runAt: number, outcome: JobOutcome, reason: string): JobSummary | null {
    const at = this.now();
    return this.transaction(() => {
      const row = this.db
        .update(jobs)
        .set({ state: 'scheduled', runAt, error: outcome.error ?? null, ...NO_LEASE })
        .where(and(eq(jobs.id, jobId), eq(jobs.state, 'running')))
        .returning()
        .get();
      if (!row) return null;
      this.insertTransition.run(jobId, 'running', 'scheduled', at, reason);
      this.closeAttempt(jobId, row.attempt, outcome, at);
      return this.toSummary(row);
    });
  }

  /** Moves scheduled jobs whose time has come to the queue; returns them. */
  promoteDue(limit = 500): JobSummary[] {
    const at = this.now();
    // The dispatcher asks on every pass and almost always nothing is due: the soonest time answers that.
    const soonest = this.nextDueAt();
    if (soonest === null || soonest > at) return [];
    const ids = (this.dueStatement.all(at, limit) as { id: number }[]).map((r) => r.id);
    if (ids.length === 0) return [];
    return this.transaction(() => {
      const rows = this.db
        .update(jobs)
        .set({ state: 'queued', runAt: null })
        .where(and(inArray(jobs.id, ids), eq(jobs.state, 'scheduled')))
        .returning()
        .all();
      for (const row of rows) this.insertTransition.run(row.id, 'scheduled', 'queued', at, 'Due');
      return rows.map((r) => this.toSummary(r));
    });
  }

  /** When the next scheduled job is due, or null. */
  nextDueAt(): number | null {
    return this.statements.nextDueAt.get() as number | null;
  }

  /** Changes when a scheduled job runs. */
  reschedule(jobId: number, runAt: number, by: string): JobSummary | null {
    const at = this.now();
    return this.transaction(() => {
      const row = this.db
        .update(jobs)
        .set({ runAt })
        .where(and(eq(jobs.id, jobId), eq(jobs.state, 'scheduled')))
        .returning()
        .get();
      if (!row) return null;
      this.insertTransition.run(jobId, 'scheduled', 'scheduled', at, `Moved to ${new Date(runAt).toISOString()} by ${by}`);
      return this.toSummary(row);
    });
  }

  /** Queues a scheduled job now instead of at its time. */
  runNow(jobId: number, by: string): JobSummary | null {
    const at = this.now();
    return this.transaction(() => {
      const row = this.db
        .update(jobs)
        .set({ state: 'queued', runAt: null })
        .where(and(eq(jobs.id, jobId), eq(jobs.state, 'scheduled')))
        .returning()
        .get();
      if (!row) return null;
      this.insertTransition.run(jobId, 'scheduled', 'queued', at, `Run now by ${by}`);
      return this.toSummary(row);
    });
  }

  /** Notes who asked a running job to stop; false if the job is not running or a cancel was already asked. */
  requestCancel(jobId: number, by: string): boolean {
    const result = this.sqlite
      .prepare(
        "UPDATE jobs SET cancel_requested_by = ? WHERE id = ? AND state IN ('running', 'waiting_approval', 'waiting_operator') AND cancel_requested_by IS NULL",
      )
      .run(by, jobId);
    return result.changes === 1;
  }

  /** Appends a batch of log lines of one attempt in one transaction and returns them with their ids. */
  appendLogs(jobId: number, attempt: number, lines: readonly NewLogLine[]): LogLine[] {
    return this.appendLogBatches([{ jobId, attempt, lines }])[0] ?? [];
  }

  /** Appends batches of log lines, of any jobs, in one transaction; returns each batch with its ids, in order. */
  appendLogBatches(batches: readonly LogBatch[]): LogLine[][] {
    const writer = (this.logRows ??= new LogRowWriter(this.sqlite, this.insertLog));
    return this.transaction(() => batches.map((batch) => writer.insert(batch.jobId, batch.attempt, batch.lines, cutMessage)));
  }

  /** Records a file already written under the job's folder; its shown name is defanged here, whoever reported it. */
  addFile(jobId: number, file: NewJobFile): JobFile {
    const row = this.db
      .insert(jobFiles)
      // Every job file is recorded here (worker reports, uploads, reruns): the one place a name a site
      // or bot chose is made safe to show (bidi overrides, invisible characters) before anyone sees it.
      .values({ jobId, ...file, name: displayFileName(file.name), attempt: file.attempt ?? 1, createdAt: this.now() })
      .returning()
      .get();
    return toJobFile(row);
  }

  /** A file's record with the name it is stored under, or null. */
  getFile(fileId: number): (JobFile & { storedName: string }) | null {
    const row = this.db.select().from(jobFiles).where(eq(jobFiles.id, fileId)).get();
    return row ? { ...toJobFile(row), storedName: row.storedName } : null;
  }

  /** All files of a job with the names they are stored under. */
  filesOfJob(jobId: number): (JobFile & { storedName: string })[] {
    return this.db
      .select()
      .from(jobFiles)
      .where(eq(jobFiles.jobId, jobId))
      .all()
      .map((row) => ({ ...toJobFile(row), storedName: row.storedName }));
  }

  /** The operator's input files of a job, with the names they are stored under. */
  inputFiles(jobId: number): (JobFile & { storedName: string })[] {
    return this.statements.inputFiles(jobId).map((row) => ({ ...toJobFile(row), storedName: row.storedName }));
  }

  /** One job's summary, or null. */
  getSummary(jobId: number): JobSummary | null {
    const row = this.statements.job(jobId);
    return row ? this.toSummary(row) : null;
  }

  /** A job's parameters, or null. */
  getParams(jobId: number): Record<string, unknown> | null {
    const row = this.db.select({ paramsJson: jobs.paramsJson }).from(jobs).where(eq(jobs.id, jobId)).get();
    return row ? (JSON.parse(row.paramsJson) as Record<string, unknown>) : null;
  }

  /** Which vault entry a job's slots got (ids only), or null when there is no such job. */
  getCredentials(jobId: number): Record<string, number> | null {
    const row = this.db.select({ credentialsJson: jobs.credentialsJson }).from(jobs).where(eq(jobs.id, jobId)).get();
    return row ? (JSON.parse(row.credentialsJson) as Record<string, number>) : null;
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
    const attempts = this.db
      .select()
      .from(jobAttempts)
      .where(eq(jobAttempts.jobId, jobId))
      .orderBy(asc(jobAttempts.attempt))
      .all()
      .map((a) => ({
        attempt: a.attempt,
        startedAt: a.startedAt,
        finishedAt: a.finishedAt,
        outcome: a.outcome as JobState | null,
        reason: a.reason,
        error: a.error,
      }));
    const reruns = this.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(eq(jobs.rerunOf, jobId))
      .orderBy(asc(jobs.id))
      .all()
      .map((r) => r.id);
    return {
      ...this.toSummary(row),
      params: JSON.parse(row.paramsJson) as Record<string, unknown>,
      result: row.resultJson === null ? null : (JSON.parse(row.resultJson) as unknown),
      transitions,
      files,
      attempts,
      reruns,
      timeoutMs: row.timeoutMs,
    };
  }

  /**
   * A page of jobs, newest first, by keyset so deep pages cost what the first one does. Newest is
   * by id; within a date range it is by creation time (then id), so the page is read from the
   * created_at index and stops after one page, however many jobs the range holds. Ids and creation
   * times agree unless the clock was set back.
   */
  listJobs(query: JobQuery): { jobs: JobSummary[]; nextCursor: number | null } {
    const limit = query.limit ?? 100;
    const byDate = query.createdFrom !== undefined || query.createdTo !== undefined;
    const conditions: SQL[] = [];
    if (query.state) conditions.push(eq(jobs.state, query.state));
    if (query.botId) conditions.push(eq(jobs.botId, query.botId));
    if (query.before) conditions.push(...this.beforeCursor(query.before, byDate));
    if (query.createdFrom !== undefined) conditions.push(gte(jobs.createdAt, query.createdFrom));
    if (query.createdTo !== undefined) conditions.push(lte(jobs.createdAt, query.createdTo));
    const phrase = query.text ? searchPhrase(query.text) : null;
    let rows: JobRow[];
    if (phrase !== null && !byDate) {
      // Driven by the search index, newest match first: a common word stops after one page
      // instead of collecting every job that contains it.
      rows = this.db
        .select({ job: jobs })
        .from(jobsSearch)
        .innerJoin(jobs, eq(jobs.id, jobsSearch.rowid))
        .where(and(sql`jobs_search MATCH ${phrase}`, ...conditions))
        .orderBy(desc(jobsSearch.rowid))
        .limit(limit + 1)
        .all()
        .map((r) => r.job);
    } else {
      if (query.text) conditions.push(textMatches(query.text));
      rows = this.db
        .select()
        .from(jobs)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(...(byDate ? [desc(jobs.createdAt), desc(jobs.id)] : [desc(jobs.id)]))
        .limit(limit + 1)
        .all();
    }
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { jobs: page.map((r) => this.toSummary(r)), nextCursor: rows.length > limit && last ? last.id : null };
  }

  /** The jobs after the cursor job in the page's order: by id, or by (created_at, id) in a date range. */
  private beforeCursor(before: number, byDate: boolean): SQL[] {
    if (!byDate) return [lt(jobs.id, before)];
    const cursor = this.db.select({ createdAt: jobs.createdAt }).from(jobs).where(eq(jobs.id, before)).get();
    // A cursor job deleted meanwhile: fall back to ids, which agree with creation times.
    if (!cursor) return [lt(jobs.id, before)];
    return [lte(jobs.createdAt, cursor.createdAt), or(lt(jobs.createdAt, cursor.createdAt), lt(jobs.id, before)) as SQL];
  }

  /** Log lines of a job after a cursor, oldest first, optionally of one attempt. */
  tailLogs(jobId: number, afterId: number, limit: number, attempt?: number): { lines: LogLine[]; more: boolean } {
    const lines: LogLine[] = [];
    let chars = 0;
    let after = afterId;
    // Read in slices and stop at the size budget: 10,000 lines of 8 KiB would be an 80 MB reply.
    while (lines.length < limit) {
      const conditions = [eq(logLines.jobId, jobId), gt(logLines.id, after)];
      if (attempt !== undefined) conditions.push(eq(logLines.attempt, attempt));
      const want = Math.min(limit - lines.length, LOG_PAGE_SLICE);
      const rows = this.db
        .select()
        .from(logLines)
        .where(and(...conditions))
        .orderBy(asc(logLines.id))
        .limit(want + 1)
        .all();
      for (const r of rows.slice(0, want)) {
        if (lines.length > 0 && chars + r.message.length > LOG_PAGE_MAX_CHARS) return { lines, more: true };
        lines.push({ id: r.id, jobId: r.jobId, attempt: r.attempt, at: r.at, level: r.level as LogLevel, message: r.message });
        chars += r.message.length;
        after = r.id;
      }
      if (rows.length <= want) return { lines, more: false };
    }
    return { lines, more: true };
  }

  /** Jobs that held a lease (a live worker) when the app last stopped. */
  leasedJobs(): ({ id: number; botId: string; state: JobState; bootId: string | null } & Required<JobLease>)[] {
    const rows = this.db
      .select({
        id: jobs.id,
        botId: jobs.botId,
        state: jobs.state,
        bootId: jobs.leaseBootId,
        workerPid: jobs.leaseWorkerPid,
        workerStart: jobs.leaseWorkerStart,
        browserPid: jobs.leaseBrowserPid,
        browserStart: jobs.leaseBrowserStart,
      })
      .from(jobs)
      .where(inArray(jobs.state, ['running', 'waiting_approval', 'waiting_operator']))
      .all();
    // A job waiting for a person holds no lease once its worker was released.
    return rows.filter((r) => r.state === 'running' || r.bootId !== null).map((r) => ({ ...r, state: r.state as JobState }));
  }

  private closeAttempt(jobId: number, attempt: number, outcome: JobOutcome, at: number): void {
    this.statements.closeAttempt.run(at, outcome.state, outcome.reason, outcome.error ?? null, jobId, attempt);
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
      priority: priorityOf(row.priority),
      attempt: row.attempt,
      runAt: row.runAt,
      waitReason: row.state === 'queued' ? this.waitReason(row.id) : null,
      rerunOf: row.rerunOf,
      cancelRequestedBy: row.state === 'running' || row.state.startsWith('waiting_') ? row.cancelRequestedBy : null,
    };
  }
}

/** Trigram search needs three characters; shorter text falls back to a scan with LIKE. */
const TRIGRAM = 3;

/**
 * The trigram index of jobs (migrations/0004_job_search.sql), for queries only: it is a virtual
 * table made by hand-written SQL, so it is not in schema.ts, which drizzle-kit generates from.
 */
const jobsSearch = sqliteTable('jobs_search', { rowid: integer('rowid').notNull() });

/** The FTS5 phrase for `text`, or null when it is too short for trigrams. */
function searchPhrase(text: string): string | null {
  return [...text].length >= TRIGRAM ? `"${text.replace(/"/g, '""')}"` : null;
}

/** Jobs whose bot, starter, parameters or error contain `text`, case-insensitively. */
function textMatches(text: string): SQL {
  const phrase = searchPhrase(text);
  if (phrase !== null) return sql`${jobs.id} IN (SELECT rowid FROM jobs_search WHERE jobs_search MATCH ${phrase})`;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const matches = (column: AnySQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
  return or(matches(jobs.paramsJson), matches(jobs.error), matches(jobs.botId), matches(jobs.createdBy)) ?? sql`0`;
}

const NO_LEASE = {
  leaseBootId: null,
  leaseWorkerPid: null,
  leaseWorkerStart: null,
  leaseBrowserPid: null,
  leaseBrowserStart: null,
} as const;

function toJobFile(row: typeof jobFiles.$inferSelect): JobFile {
  return {
    id: row.id,
    jobId: row.jobId,
    kind: row.kind as JobFile['kind'],
    attempt: row.attempt,
    name: row.name,
    size: row.size,
    mime: row.mime,
    createdAt: row.createdAt,
  };
}
