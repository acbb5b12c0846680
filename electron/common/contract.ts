import { z } from 'zod';
import { JobStateSchema, PrioritySchema, type BotSummary, type JobDetail, type JobSummary, type LogLine } from './domain.js';
import type { WireResult } from './errors.js';
import type { EVENT_NAMES } from './channels.js';
import { BotParamsSchema } from './botParams.js';
import type { BotProblem } from './botManifest.js';
import { approvalCommands, type ApprovalEvents } from './approvalContract.js';
import { scheduleCommands, type ScheduleEvents } from './scheduleContract.js';
import { auditCommands } from './auditContract.js';
import { identityCommands, type IdentityEvents } from './identityContract.js';
import type { Permission } from './permissions.js';
import { CredentialChoiceSchema, vaultCommands, type VaultEvents } from './vaultContract.js';

const JobId = z.number().int().positive();
const BotId = z.string().min(1).max(100);
const Timestamp = z.number().int().min(0).max(8.64e15);

/**
 * Every command the renderer may send to main: its input schema and (as a type) its output.
 * Main validates each input against its schema before any handler runs.
 */
export const commands = {
  'app.info': { permission: 'session', input: z.object({}).strict(), output: {} as AppInfo },
  'bots.list': { permission: 'jobs.read', input: z.object({}).strict(), output: [] as BotSummary[] },
  /** Bots found but not loaded (no manifest, a bad one, a bot the build could not describe), each with why. */
  'bots.problems': { permission: 'jobs.read', input: z.object({}).strict(), output: [] as BotProblem[] },
  'jobs.create': {
    permission: 'jobs.run',
    input: z
      .object({
        botId: BotId,
        params: BotParamsSchema,
        priority: PrioritySchema.optional(),
        /** Run later: epoch milliseconds, in the future. */
        runAt: Timestamp.optional(),
        /** Overrides the bot's timeout for this job. */
        timeoutMs: z
          .number()
          .int()
          .min(1_000)
          .max(7 * 24 * 3_600_000)
          .optional(),
        /** Finished uploads (uploads.begin / uploads.chunk) to give the job as input files. */
        uploadIds: z.array(z.string().uuid()).max(50).optional(),
        /** Vault entries for the bot's credential slots; a slot left out gets the bot's default. */
        credentials: CredentialChoiceSchema.optional(),
      })
      .strict(),
    output: {} as JobSummary,
  },
  'jobs.cancel': { permission: 'jobs.cancel', input: z.object({ jobId: JobId }).strict(), output: {} as CancelResult },
  'jobs.rerun': {
    permission: 'jobs.run',
    input: z
      .object({
        jobId: JobId,
        /** Changed parameters ("Rerun with changes"); the same ones when left out. */
        params: BotParamsSchema.optional(),
      })
      .strict(),
    output: {} as JobSummary,
  },
  'jobs.runNow': { permission: 'jobs.run', input: z.object({ jobId: JobId }).strict(), output: {} as JobSummary },
  'jobs.reschedule': { permission: 'jobs.run', input: z.object({ jobId: JobId, runAt: Timestamp }).strict(), output: {} as JobSummary },
  'uploads.begin': {
    permission: 'jobs.run',
    input: z.object({ name: z.string().min(1).max(1_000), size: z.number().int().min(0) }).strict(),
    output: {} as UploadTicket,
  },
  'uploads.chunk': {
    permission: 'jobs.run',
    input: z
      .object({
        uploadId: z.string().uuid(),
        offset: z.number().int().min(0),
        /** Base64 of at most chunkBytes bytes; checked strictly, as Buffer.from would read junk as no bytes. */
        data: z.base64({ error: 'Chunk data must be base64 (A–Z, a–z, 0–9, + and /, padded with =); nothing was added' }).max(1_000_000),
      })
      .strict(),
    output: {} as { received: number; complete: boolean },
  },
  'uploads.discard': { permission: 'jobs.run', input: z.object({ uploadId: z.string().uuid() }).strict(), output: {} as { done: true } },
  'jobs.list': {
    permission: 'jobs.read',
    input: z
      .object({
        state: JobStateSchema.optional(),
        botId: BotId.optional(),
        /** Keyset cursor: only jobs with a smaller id. */
        before: JobId.optional(),
        limit: z.number().int().min(1).max(500).optional(),
        createdFrom: Timestamp.optional(),
        createdTo: Timestamp.optional(),
        /** Matches parameters, error, bot id and who started the job. */
        text: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    output: {} as JobPage,
  },
  'jobs.get': { permission: 'jobs.read', input: z.object({ jobId: JobId }).strict(), output: {} as JobDetail },
  'logs.tail': {
    permission: 'jobs.read',
    input: z
      .object({
        jobId: JobId,
        /** Only lines with a larger id. */
        afterId: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
        /** Only the lines of this try. */
        attempt: z.number().int().min(1).optional(),
      })
      .strict(),
    output: {} as LogPage,
  },
  'files.open': { permission: 'jobs.read', input: z.object({ fileId: z.number().int().positive() }).strict(), output: {} as FileAction },
  'files.save': { permission: 'jobs.read', input: z.object({ fileId: z.number().int().positive() }).strict(), output: {} as FileAction },
  ...scheduleCommands,
  ...approvalCommands,
  ...auditCommands,
  ...identityCommands,
  ...vaultCommands,
} as const;

/** Every event main pushes to the renderer, with its payload type. */
export interface Events extends ScheduleEvents, ApprovalEvents, IdentityEvents, VaultEvents {
  'job.updated': JobSummary;
  'log.appended': { jobId: number; lines: LogLine[] };
}

/**
 * The preload's list of event names (channels.ts, kept free of imports for the sandboxed bundle)
 * names exactly the contract's events: a missing or unknown name does not compile.
 */
type PreloadEventName = (typeof EVENT_NAMES)[number];
const eventListMatches: [Exclude<keyof Events, PreloadEventName>, Exclude<PreloadEventName, keyof Events>] extends [never, never] ? true : false = true;
void eventListMatches;

export type CommandName = keyof typeof commands;
export type EventName = keyof Events;
export type CommandInput<C extends CommandName> = z.input<(typeof commands)[C]['input']>;
export type CommandOutput<C extends CommandName> = (typeof commands)[C]['output'];

/**
 * The permission a command needs: declared once, in the contract, and checked by the router. A
 * command without one does not compile here (and fails test/identity.test.ts if it got in as data).
 */
export function permissionOf(command: CommandName): Permission {
  return commands[command].permission;
}

/** Which shell the renderer is running in, for the About line and file actions. */
export interface AppInfo {
  mode: 'electron' | 'headless';
  version: string;
  dataDir: string;
  /** The signed-in user's name. */
  user: string;
}

/** One page of the Jobs screen, newest first. */
export interface JobPage {
  jobs: JobSummary[];
  /** Pass as `before` for the next page; null on the last page. */
  nextCursor: number | null;
}

/** The answer to a cancel: whether anything changed, and what to tell the operator. */
export interface CancelResult {
  changed: boolean;
  message: string;
  job: JobSummary;
}

/** Where to send an input file's bytes, and how much at a time. */
export interface UploadTicket {
  uploadId: string;
  maxBytes: number;
  chunkBytes: number;
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
