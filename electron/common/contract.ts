import { z } from 'zod';
import {
  JobStateSchema,
  type BotSummary,
  type JobDetail,
  type JobSummary,
  type LogLine,
} from './domain.js';
import type { WireResult } from './errors.js';

const JobId = z.number().int().positive();
const BotId = z.string().min(1).max(100);

/**
 * Every command the renderer may send to main: its input schema and (as a type) its output.
 * Main validates each input against its schema before any handler runs.
 */
export const commands = {
  'app.info': { input: z.object({}).strict(), output: {} as AppInfo },
  'bots.list': { input: z.object({}).strict(), output: [] as BotSummary[] },
  'jobs.create': {
    input: z
      .object({
        botId: BotId,
        params: z.record(z.string(), z.unknown()),
      })
      .strict(),
    output: {} as JobSummary,
  },
  'jobs.list': {
    input: z
      .object({
        state: JobStateSchema.optional(),
        botId: BotId.optional(),
        /** Keyset cursor: only jobs with a smaller id. */
        before: JobId.optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    output: {} as JobPage,
  },
  'jobs.get': { input: z.object({ jobId: JobId }).strict(), output: {} as JobDetail },
  'logs.tail': {
    input: z
      .object({
        jobId: JobId,
        /** Only lines with a larger id. */
        afterId: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
      })
      .strict(),
    output: {} as LogPage,
  },
  'files.open': { input: z.object({ fileId: z.number().int().positive() }).strict(), output: {} as FileAction },
  'files.save': { input: z.object({ fileId: z.number().int().positive() }).strict(), output: {} as FileAction },
} as const;

/** Every event main pushes to the renderer, with its payload type. */
export interface Events {
  'job.updated': JobSummary;
  'log.appended': { jobId: number; lines: LogLine[] };
}

export type CommandName = keyof typeof commands;
export type EventName = keyof Events;
export type CommandInput<C extends CommandName> = z.input<(typeof commands)[C]['input']>;
export type CommandOutput<C extends CommandName> = (typeof commands)[C]['output'];

/** Which shell the renderer is running in, for the About line and file actions. */
export interface AppInfo {
  mode: 'electron' | 'headless';
  version: string;
  dataDir: string;
  user: string;
}

/** One page of the Jobs screen, newest first. */
export interface JobPage {
  jobs: JobSummary[];
  /** Pass as `before` for the next page; null on the last page. */
  nextCursor: number | null;
}

/** A slice of a job's log, oldest first. */
export interface LogPage {
  lines: LogLine[];
  /** True when more lines follow the last one returned. */
  more: boolean;
}

/** What the shell did with a file: opened or saved it itself, or handed back a URL for the browser. */
export interface FileAction {
  done: boolean;
  url?: string;
  savedTo?: string;
}

export { CHANNELS } from './channels.js';

/** True when `name` is a command of the contract. */
export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}

/** The API the preload exposes as `window.rpa` and the headless client imitates. */
export interface RpaBridge {
  invoke<C extends CommandName>(command: C, input: CommandInput<C>): Promise<WireResult<CommandOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}
