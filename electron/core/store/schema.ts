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
    /** Which vault entry fills each of the bot's credential slots (`{"portal": 3}`); ids only, never values. */
    credentialsJson: text('credentials_json').notNull().default('{}'),
  },
  (t) => [
    index('jobs_state_id').on(t.state, t.id),
    index('jobs_bot_id').on(t.botId, t.id),
    // The dispatcher's claim query reads only this small partial index.
    index('jobs_queue')
      .on(t.priority, t.id)
      .where(sql`state = 'queued'`),
    index('jobs_due')
      .on(t.runAt)
      .where(sql`state = 'scheduled'`),
    index('jobs_rerun_of')
      .on(t.rerunOf)
      .where(sql`rerun_of IS NOT NULL`),
    index('jobs_created_at').on(t.createdAt),
    // Overlap checks and a schedule's counters read only this partial index.
    index('jobs_schedule')
      .on(t.scheduleId, t.state)
      .where(sql`schedule_id IS NOT NULL`),
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
  /** Vault entries for the bot's credential slots, as jobs.credentials_json. */
  credentialsJson: text('credentials_json').notNull().default('{}'),
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
    index('approvals_pending')
      .on(t.createdAt)
      .where(sql`status = 'pending'`),
    index('approvals_timeout')
      .on(t.timeoutAt)
      .where(sql`status = 'pending' AND timeout_at IS NOT NULL`),
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
    /** 'desktop' | 'headless' | 'scheduler' | 'system' | 'api'; null on rows written before channels were kept. */
    channel: text('channel'),
    /** HMAC-SHA256 (hex) over the previous row's MAC and this row's canonical content; null until sealed. */
    mac: text('mac'),
  },
  (t) => [index('audit_target').on(t.targetType, t.targetId, t.id), index('audit_at').on(t.at), index('audit_actor').on(t.actor, t.id)],
);

/**
 * The newest audit row as last written (one row, id 1), itself MAC'd: the chain alone cannot show
 * that its newest rows were removed; a head that names a row no longer there does.
 */
export const auditHead = sqliteTable('audit_head', {
  id: integer('id').primaryKey(),
  lastId: integer('last_id').notNull(),
  lastMac: text('last_mac').notNull(),
  /** HMAC-SHA256 (hex) over last_id and last_mac. */
  mac: text('mac').notNull(),
});

/** People who may use the app, each with a role. User names compare without case. */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    /** 'admin' | 'operator' | 'approver' | 'viewer'. */
    role: text('role').notNull(),
    /** JSON array of the bot ids this user may run; null for every bot. */
    botsJson: text('bots_json'),
    /** argon2id PHC string; null for a desktop account that signs in by its OS account only. */
    passwordHash: text('password_hash'),
    /** The OS account the desktop app signs in as this user without a prompt. */
    osAccount: text('os_account'),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    lastSignInAt: integer('last_sign_in_at'),
  },
  (t) => [uniqueIndex('users_username').on(sql`${t.username} COLLATE NOCASE`), uniqueIndex('users_os_account').on(t.osAccount)],
);

/** Signed-in sessions; only a hash of each token is kept. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** SHA-256 (hex) of the token the client holds. */
    tokenHash: text('token_hash').notNull(),
    userId: integer('user_id').notNull(),
    channel: text('channel').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** The absolute end; the idle end is last_seen_at plus the idle limit. */
    expiresAt: integer('expires_at').notNull(),
    endedAt: integer('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [uniqueIndex('sessions_token').on(t.tokenHash), index('sessions_user').on(t.userId)],
);

/** The vault: each entry's values encrypted as one blob; the key never lives in the database. */
export const credentials = sqliteTable(
  'credentials',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** 'login' | 'secret'. */
    kind: text('kind').notNull(),
    description: text('description').notNull().default(''),
    /** JSON array of the bot ids that may use it; null for every bot. */
    botsJson: text('bots_json'),
    /** AES-256-GCM of the JSON of its values, as `v1:<iv>:<tag>:<ciphertext>` (base64). */
    sealed: text('sealed').notNull(),
    hasTotp: integer('has_totp', { mode: 'boolean' }).notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    lastUsedJobId: integer('last_used_job_id'),
    lastUsedAt: integer('last_used_at'),
  },
  (t) => [uniqueIndex('credentials_name').on(sql`${t.name} COLLATE NOCASE`)],
);

/** Which vault entry a bot's credential slot gets when a job does not choose one. */
export const credentialDefaults = sqliteTable(
  'credential_defaults',
  {
    botId: text('bot_id').notNull(),
    slot: text('slot').notNull(),
    credentialId: integer('credential_id').notNull(),
  },
  (t) => [uniqueIndex('credential_defaults_slot').on(t.botId, t.slot), index('credential_defaults_credential').on(t.credentialId)],
);

/**
 * The vault's own records: `root` (a random secret sealed with the data key, which proves the key
 * at start-up and from which keys of other parts are derived, unchanged by key rotation) and
 * `seeded:<name>` (a demo entry was seeded once; deleting it does not bring it back).
 */
export const vaultMeta = sqliteTable('vault_meta', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
});
