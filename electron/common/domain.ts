import { z } from 'zod';

/** Every state a job can be in; see DESIGN.md "A job". */
export const JOB_STATES = [
  'scheduled',
  'queued',
  'running',
  'waiting_approval',
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

/** A bot as the operator sees it in the Bots screen. */
export interface BotSummary {
  id: string;
  title: string;
  description: string;
  /** JSON Schema (draft 2020-12) of the bot's parameters, generated from its zod schema. */
  paramsSchema: JsonObjectSchema;
  visibleBrowser: boolean;
  timeoutMs: number;
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
}

/** One line of a job's log. `id` grows across all jobs, so it doubles as a cursor. */
export interface LogLine {
  id: number;
  jobId: number;
  at: number;
  level: LogLevel;
  message: string;
}
