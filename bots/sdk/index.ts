import type { Download, Page } from 'playwright-core';
import type { z } from 'zod';
import { parseDuration } from '../../electron/common/duration.js';

export { parseDuration };

/** Where a bot writes what the operator reads in the live log. */
export interface BotLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  critical(message: string): void;
}

/** A file the bot saved; it appears in the Job screen. */
export interface SavedFile {
  name: string;
  path: string;
  size: number;
}

/** Output files of the job, stored under the data folder with names the app chooses. */
export interface BotFiles {
  /** Saves bytes (or text) as an output file shown to the operator under `name`. */
  save(name: string, data: Uint8Array | string): Promise<SavedFile>;
  /** Saves a Playwright download as an output file under its suggested name. */
  saveDownload(download: Download): Promise<SavedFile>;
}

/**
 * One vault entry, in the slot the bot declared. Its values reach only this job's worker, and are
 * masked (`••••`) in everything the job reports: log, progress, result, errors, approvals.
 */
export interface BotCredential {
  /** The user name of a login; throws for a secret entry. */
  readonly username: string;
  /** The password of a login; throws for a secret entry. */
  readonly password: string;
  /** The secret of a secret entry (an API key, a token); throws for a login. */
  readonly secret: string;
  /** True when the entry holds a TOTP seed. */
  readonly hasTotp: boolean;
  /** The current six-digit one-time code of the entry's TOTP seed; throws when it has none. */
  totp(): string;
}

/** The credential slots a bot declares: slot name → what it is, as the Run form shows it. */
export type CredentialSlots = Readonly<Record<string, string>>;

/** What a running bot gets from RPA Desk. */
export interface BotContext<P, C extends string = string> {
  readonly jobId: number;
  /** The parameters, already validated against the bot's schema. */
  readonly params: P;
  readonly log: BotLog;
  /** Reports progress (0..1) and the current step, shown as a bar on the Job screen. */
  progress(value: number, step?: string): void;
  /** The bot's browser page, launched on first call in the workstation's browser. */
  page(): Promise<Page>;
  readonly files: BotFiles;
  /** Base URL of a named site (e.g. 'carrier-portal'); throws if the site is not configured. */
  site(name: string): string;
  /** The vault entries of the slots the bot declares in `credentials`, by slot. */
  readonly credentials: Readonly<Record<C, BotCredential>>;
  /** Aborted when the operator cancels or the job times out; pass it on to long waits. */
  readonly signal: AbortSignal;
  /** Files the operator gave the job, copied under the data folder (original names kept for display). */
  readonly inputFiles: readonly InputFile[];
  /** Which try this is (1 for the first); retries make more. */
  readonly attempt: number;
  /** Ends the job as failed with a business error: the operator reads the message, and it is never retried. */
  fail(message: string): never;
  /**
   * Asks a person to decide before the bot goes on; the job waits as `waiting_approval`. With
   * `release: true` the worker and browser close while waiting and the job resumes in a new worker:
   * save what you need with `checkpoint.save()` first and read it back with `checkpoint.load()`.
   */
  requestApproval(request: ApprovalRequest): Promise<ApprovalDecision>;
  /** Data kept across a release-and-resume (and a restart of the app) of this job. */
  readonly checkpoint: {
    save(data: unknown): Promise<void>;
    load<T = unknown>(): T | null;
  };
  /**
   * Hands the visible browser to the operator (a CAPTCHA, a second factor): the window comes to the
   * front, RPA Desk shows `message` with Continue and Abort. Resolves on Continue; Abort fails the
   * job with a business error.
   */
  handOff(request: { message: string }): Promise<void>;
}

/** What the operator is asked to decide. */
export interface ApprovalRequest {
  title: string;
  summary?: string;
  /** Label/value pairs shown above the table. */
  fields?: { label: string; value: string }[];
  /** A table of what the bot found; with `selectable`, the operator picks the rows to approve. */
  table?: { columns: string[]; rows: (string | number)[][]; selectable?: boolean };
  /** Job files to preview (paths from `files.save` / `files.saveDownload`). */
  files?: string[];
  /** Extra answers besides Approve and Reject, e.g. `{ id: 'later', label: 'Ask me next week' }`. */
  choices?: { id: string; label: string }[];
  /** Give up waiting after this long: the decision is then `timed_out`. */
  timeout?: number | string;
  /** Close the worker and browser while waiting; the job resumes in a new worker. */
  release?: boolean;
  /** Several approvals of this bot may be approved at once from the inbox. */
  allowBulk?: boolean;
}

/** What the operator decided. */
export interface ApprovalDecision {
  /** 'approved', 'rejected', 'timed_out' or the id of a custom choice. */
  decision: string;
  comment: string | null;
  decidedBy: string | null;
  decidedAt: number;
  /** Indexes of the table rows the operator approved, when the table was selectable. */
  selectedRows: number[] | null;
}

/** A file the operator gave the job. */
export interface InputFile {
  name: string;
  path: string;
  size: number;
}

/**
 * A failure in the business, not in the software (an invoice that does not exist, a portal that
 * says no): retrying will not help, so the job fails at once. Any other error is retried.
 */
export class BusinessError extends Error {
  override name = 'BusinessError';
}

/** How a failing job is tried again. */
export interface RetryPolicy {
  /** Tries in all, the first included. Default 1 (no retry). */
  maxAttempts: number;
  backoff?: 'fixed' | 'exponential';
  /** Wait before the second try (doubled each time for exponential): '5s', '1m'… Default 5s. */
  delay?: number | string;
}

/** How a bot declares itself. */
export interface BotDefinition<S extends z.ZodObject = z.ZodObject, C extends CredentialSlots = CredentialSlots> {
  /** Stable id: lower-case letters, digits and dashes. */
  id: string;
  title: string;
  description?: string;
  params: S;
  browser?: { visible?: boolean };
  /** Longest a job may run: milliseconds, or '90s', '10m', '2h'. Default 10 minutes. */
  timeout?: number | string;
  /** Jobs of this bot that may run at once. Default 1 for a visible browser, else no limit beyond the global one. */
  concurrency?: number;
  /**
   * Resources a job needs for itself while it runs, as templates filled from its parameters:
   * `['carrier-portal:{account}']`, or `['desktop']` for bots that take the mouse. A job waits while
   * another holds any of them. Templates, not a function: the app fills them without running the
   * bot's code. Each `{name}` must be one of the bot's parameters: the build refuses the bot otherwise.
   */
  locks?: readonly string[];
  retries?: RetryPolicy;
  /** True when running the bot again after an interruption is harmless: it is re-queued after a crash. */
  rerunSafe?: boolean;
  /** Heap limit of the bot's worker in MiB; a bot that needs more fails instead of starving the machine. Default 1024. */
  memoryLimitMb?: number;
  /**
   * Vault entries the bot needs, by slot: `{ portal: 'Carrier portal login' }`. Each job gets the
   * entry the operator chose or the bot's default, as `ctx.credentials.portal`; never put a
   * password in the bot's code or parameters.
   */
  credentials?: C;
  /** Record a Playwright trace and keep it as evidence when the job fails; a job's credentials are scrubbed from it first. */
  trace?: boolean;
  run(ctx: BotContext<z.output<S>, keyof C & string>): Promise<unknown>;
}

/** Timeout of a bot that declares none. */
export const DEFAULT_TIMEOUT = '10m';

const BOT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Declares a bot; the default export of a bot module. */
export function defineBot<S extends z.ZodObject, C extends CredentialSlots = Record<never, string>>(definition: BotDefinition<S, C>): BotDefinition<S, C> {
  if (!BOT_ID.test(definition.id)) {
    throw new Error(`Bot id "${definition.id}" must be lower-case letters, digits and dashes`);
  }
  parseDuration(definition.timeout ?? DEFAULT_TIMEOUT);
  return definition;
}
