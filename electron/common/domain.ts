import { z } from 'zod';

/** Every state a job can be in; see DESIGN.md "A job". */
export const JOB_STATES = [
  'scheduled',
  'queued',
  'running',
  'waiting_approval',
  'waiting_operator',
  'succeeded',
  'failed',
  'cancelled',
  'interrupted',
] as const;
export const JobStateSchema = /* @__PURE__ */ z.enum(JOB_STATES);
export type JobState = z.infer<typeof JobStateSchema>;

/** States a job never leaves. */
export const FINAL_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

/** Log levels, lowest first; the renderer colours each one. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export const LogLevelSchema = /* @__PURE__ */ z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** Longest log message stored; longer ones are cut with a marker so one line cannot stall the store. */
export const MAX_LOG_MESSAGE_CHARS = 8_192;

/** Job priorities: higher runs first, first in first out within one. */
export const PRIORITIES = ['high', 'normal', 'low'] as const;
export const PrioritySchema = /* @__PURE__ */ z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

/** A bot as the operator sees it in the Bots screen. */
export interface BotSummary {
  id: string;
  title: string;
  description: string;
  /** JSON Schema (draft 2020-12) of the bot's parameters, generated from its zod schema. */
  paramsSchema: JsonObjectSchema;
  visibleBrowser: boolean;
  timeoutMs: number;
  /** Jobs of this bot that may run at once, or null for no limit of its own. */
  concurrency: number | null;
  /** Tries in all when a job fails with an application error. */
  maxAttempts: number;
  /** Re-queued automatically after the app was interrupted. */
  rerunSafe: boolean;
  /** The credential slots the bot declares, each filled from the vault when a job starts. */
  credentials: { slot: string; title: string }[];
}

/** The subset of JSON Schema that parameter forms understand. */
export interface JsonPropertySchema {
  type?: 'string' | 'number' | 'integer' | 'boolean';
  title?: string;
  description?: string;
  enum?: readonly (string | number)[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
}

/** JSON Schema of an object of parameters. */
export interface JsonObjectSchema {
  type: 'object';
  properties: Record<string, JsonPropertySchema>;
  required?: readonly string[];
}

/** One row of the Jobs screen. */
export interface JobSummary {
  id: number;
  botId: string;
  botTitle: string;
  state: JobState;
  /** 0..1, or null while the bot has not reported any. */
  progress: number | null;
  step: string | null;
  createdBy: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Why the job failed, was cancelled or interrupted. */
  error: string | null;
  priority: Priority;
  /** Which try is running or ran last (0 before the first). */
  attempt: number;
  /** When a scheduled job becomes due (run later, or a retry waiting out its backoff). */
  runAt: number | null;
  /** Why a queued job has not started yet, e.g. "waiting for lock desktop held by job 412". */
  waitReason: string | null;
  /** The job this one reruns. */
  rerunOf: number | null;
  /** Who asked to cancel, while a running job is still stopping. */
  cancelRequestedBy: string | null;
}

/** One try of a job. */
export interface JobAttempt {
  attempt: number;
  startedAt: number;
  finishedAt: number | null;
  outcome: JobState | null;
  reason: string | null;
  error: string | null;
}

/** One recorded state change of a job. */
export interface JobTransition {
  from: JobState | null;
  to: JobState;
  at: number;
  reason: string | null;
}

/** What a job took or made, kept under the data folder. */
export interface JobFile {
  id: number;
  jobId: number;
  kind: 'input' | 'output' | 'evidence';
  attempt: number;
  name: string;
  size: number;
  mime: string;
  createdAt: number;
}

/** Everything the Job screen shows apart from the log. */
export interface JobDetail extends JobSummary {
  params: Record<string, unknown>;
  result: unknown;
  transitions: JobTransition[];
  files: JobFile[];
  attempts: JobAttempt[];
  /** Jobs that rerun this one, newest last. */
  reruns: number[];
  /** The per-job timeout overriding the bot's, if one was set. */
  timeoutMs: number | null;
}

/** One line of a job's log. `id` grows across all jobs, so it doubles as a cursor. */
export interface LogLine {
  id: number;
  jobId: number;
  at: number;
  level: LogLevel;
  message: string;
  attempt: number;
}
