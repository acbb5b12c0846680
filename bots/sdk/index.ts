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

/** What a running bot gets from RPA Desk. */
export interface BotContext<P> {
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
  /** Aborted when the operator cancels or the job times out; pass it on to long waits. */
  readonly signal: AbortSignal;
}

/** How a bot declares itself. */
export interface BotDefinition<S extends z.ZodObject = z.ZodObject> {
  /** Stable id: lower-case letters, digits and dashes. */
  id: string;
  title: string;
  description?: string;
  params: S;
  browser?: { visible?: boolean };
  /** Longest a job may run: milliseconds, or '90s', '10m', '2h'. Default 10 minutes. */
  timeout?: number | string;
  run(ctx: BotContext<z.output<S>>): Promise<unknown>;
}

/** Timeout of a bot that declares none. */
export const DEFAULT_TIMEOUT = '10m';

const BOT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Declares a bot; the default export of a bot module. */
export function defineBot<S extends z.ZodObject>(definition: BotDefinition<S>): BotDefinition<S> {
  if (!BOT_ID.test(definition.id)) {
    throw new Error(`Bot id "${definition.id}" must be lower-case letters, digits and dashes`);
  }
  parseDuration(definition.timeout ?? DEFAULT_TIMEOUT);
  return definition;
}
