import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** One run of a bot. Times are epoch milliseconds. */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    botId: text('bot_id').notNull(),
    state: text('state').notNull(),
    /** Lower runs first; 0 is normal. */
    priority: integer('priority').notNull().default(0),
    paramsJson: text('params_json').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    progress: real('progress'),
    step: text('step'),
    resultJson: text('result_json'),
    error: text('error'),
    attempt: integer('attempt').notNull().default(0),
    /** When a scheduled job (run later, or a retry waiting out its backoff) becomes due. */
    runAt: integer('run_at'),
    /** The job this one reruns. */
    rerunOf: integer('rerun_of'),
    /** Per-job timeout overriding the bot's, in milliseconds. */
    timeoutMs: integer('timeout_ms'),
    /** Who asked to cancel, while a running job is still stopping. */
    cancelRequestedBy: text('cancel_requested_by'),
    /** Lease of a running job: which boot of the app and which processes hold it. */
    leaseBootId: text('lease_boot_id'),
    leaseWorkerPid: integer('lease_worker_pid'),
    leaseBrowserPid: integer('lease_browser_pid'),
    /** Start times of the leased processes, so a restart never kills a stranger that reused the pid. */
    leaseWorkerStart: text('lease_worker_start'),
    leaseBrowserStart: text('lease_browser_start'),
  },
  (t) => [
    index('jobs_state_id').on(t.state, t.id),
    index('jobs_bot_id').on(t.botId, t.id),
    // The dispatcher's claim query reads only this small partial index.
    index('jobs_queue').on(t.priority, t.id).where(sql`state = 'queued'`),
    index('jobs_due').on(t.runAt).where(sql`state = 'scheduled'`),
    index('jobs_rerun_of').on(t.rerunOf).where(sql`rerun_of IS NOT NULL`),
    index('jobs_created_at').on(t.createdAt),
  ],
);

/** One try of a job: retries make several, each with its own outcome and log. */
export const jobAttempts = sqliteTable(
  'job_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    outcome: text('outcome'),
    reason: text('reason'),
    error: text('error'),
  },
  (t) => [uniqueIndex('job_attempts_job').on(t.jobId, t.attempt)],
);

/** Every state change of a job, in order. */
export const jobTransitions = sqliteTable(
  'job_transitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    at: integer('at').notNull(),
    reason: text('reason'),
  },
  (t) => [index('job_transitions_job').on(t.jobId, t.id)],
);

/** Log lines of all jobs; `id` is the cursor the live tail resumes from. */
export const logLines = sqliteTable(
  'log_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    level: text('level').notNull(),
    message: text('message').notNull(),
    attempt: integer('attempt').notNull().default(1),
  },
  (t) => [index('log_lines_job').on(t.jobId, t.id)],
);

/** Files a job took or made; stored under the data folder by `storedName`, shown by `name`. */
export const jobFiles = sqliteTable(
  'job_files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    storedName: text('stored_name').notNull(),
    size: integer('size').notNull(),
    mime: text('mime').notNull(),
    createdAt: integer('created_at').notNull(),
    attempt: integer('attempt').notNull().default(1),
  },
  (t) => [index('job_files_job').on(t.jobId, t.id)],
);
