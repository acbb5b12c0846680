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
    /** The schedule that created this job, if one did. */
    scheduleId: integer('schedule_id'),
    /** What the bot saved with ctx.checkpoint.save(): handed to the worker that resumes the job. */
    checkpointJson: text('checkpoint_json'),
    /** 1 while a job released for an approval waits in the queue to resume: its next claim is not a new attempt. */
    resuming: integer('resuming').notNull().default(0),
  },
  (t) => [
    index('jobs_state_id').on(t.state, t.id),
    index('jobs_bot_id').on(t.botId, t.id),
    // The dispatcher's claim query reads only this small partial index.
    index('jobs_queue').on(t.priority, t.id).where(sql`state = 'queued'`),
    index('jobs_due').on(t.runAt).where(sql`state = 'scheduled'`),
    index('jobs_rerun_of').on(t.rerunOf).where(sql`rerun_of IS NOT NULL`),
    index('jobs_created_at').on(t.createdAt),
    // Overlap checks and a schedule's counters read only this partial index.
    index('jobs_schedule').on(t.scheduleId, t.state).where(sql`schedule_id IS NOT NULL`),
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

/** A cron schedule: runs a bot, or a built-in maintenance task, at the times its expression names. */
export const schedules = sqliteTable('schedules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  /** 'bot' | 'cleanup' | 'backup'. */
  kind: text('kind').notNull(),
  botId: text('bot_id'),
  paramsJson: text('params_json').notNull().default('{}'),
  cron: text('cron').notNull(),
  timeZone: text('time_zone').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  /** 'skip' | 'run_once' | 'run_all'. */
  missedPolicy: text('missed_policy').notNull().default('skip'),
  missedWithinHours: integer('missed_within_hours'),
  /** 'skip' | 'queue' | 'parallel'. */
  overlap: text('overlap').notNull().default('skip'),
  /** Settings of a maintenance task, e.g. `{ "olderThanDays": 90 }`. */
  settingsJson: text('settings_json').notNull().default('{}'),
  /** The latest slot (UTC ms) fired or accounted for: a slot fires at most once, even across a crash. */
  lastSlotAt: integer('last_slot_at'),
  lastRunAt: integer('last_run_at'),
  lastRunJobId: integer('last_run_job_id'),
  /** Outcome of the last in-process run (maintenance tasks); bot runs read their job. */
  lastRunState: text('last_run_state'),
  lastRunMessage: text('last_run_message'),
  /** Counters of in-process runs; bot runs are counted from their jobs. */
  runCount: integer('run_count').notNull().default(0),
  okCount: integer('ok_count').notNull().default(0),
  failCount: integer('fail_count').notNull().default(0),
  skippedOverlap: integer('skipped_overlap').notNull().default(0),
  /** Fires waiting for the previous run to end (overlap 'queue'). */
  queuedRuns: integer('queued_runs').notNull().default(0),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Runs a schedule missed while the app was closed or the machine slept, and what was caught up. */
export const scheduleMisses = sqliteTable(
  'schedule_misses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scheduleId: integer('schedule_id')
      .notNull()
      .references(() => schedules.id, { onDelete: 'cascade' }),
    detectedAt: integer('detected_at').notNull(),
    /** 'app_closed' | 'sleep' | 'late'. */
    reason: text('reason').notNull(),
    missed: integer('missed').notNull(),
    caughtUp: integer('caught_up').notNull(),
    firstSlotAt: integer('first_slot_at').notNull(),
    lastSlotAt: integer('last_slot_at').notNull(),
  },
  (t) => [index('schedule_misses_schedule').on(t.scheduleId, t.id)],
);

/** A question to a person: an approval the bot waits for, or a hand-off of its browser. Decided once. */
export const approvals = sqliteTable(
  'approvals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    /** The bot's n-th request in this job: a resumed bot asking again gets the same row back. */
    key: integer('key').notNull(),
    /** 'approval' | 'handoff'. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    requestJson: text('request_json').notNull(),
    /** 'pending' | 'decided' | 'timed_out' | 'cancelled'. */
    status: text('status').notNull(),
    decision: text('decision'),
    comment: text('comment'),
    selectedRowsJson: text('selected_rows_json'),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at'),
    createdAt: integer('created_at').notNull(),
    timeoutAt: integer('timeout_at'),
    /** The worker closed while waiting; a decision queues the job to resume. */
    released: integer('released', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('approvals_job_key').on(t.jobId, t.key),
    index('approvals_pending').on(t.createdAt).where(sql`status = 'pending'`),
    index('approvals_timeout').on(t.timeoutAt).where(sql`status = 'pending' AND timeout_at IS NOT NULL`),
  ],
);

/** Who did what, when: every operator action that changes a job or answers a bot. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    /** e.g. 'job.created', 'job.cancelled', 'approval.decided', 'handoff.continued'. */
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: integer('target_id').notNull(),
    detailJson: text('detail_json').notNull().default('{}'),
  },
  (t) => [index('audit_target').on(t.targetType, t.targetId, t.id), index('audit_at').on(t.at)],
);
