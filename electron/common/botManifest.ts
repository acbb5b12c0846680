import { z } from 'zod';
import { CredentialSlotSchema } from './vaultContract.js';

/** The version of the manifest format this app reads; a manifest of another version is a catalog problem. */
export const BOT_MANIFEST_VERSION = 1;

/** A bot id: lower-case letters, digits and dashes. */
export const BOT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** `{name}` in a lock template: the parameter whose value fills it. */
const PLACEHOLDER = /\{([^{}]*)\}/g;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A lock template: `'desktop'`, or `'carrier-portal:{account}'` filled from the job's parameters. */
export const LockTemplateSchema = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (t) => [...t.matchAll(PLACEHOLDER)].every((m) => PARAM_NAME.test(m[1] ?? '')),
    'A lock template names parameters as {name}, e.g. "carrier-portal:{account}"',
  )
  .refine(
    (t) => !t.replace(PLACEHOLDER, '').includes('{') && !t.replace(PLACEHOLDER, '').includes('}'),
    'A lock template has a { without its } (or the other way round)',
  );

/**
 * JSON Schema (draft 2020-12) of a bot's parameters: an object whose properties the Run form shows.
 * A property may carry `x-messages`, the bot's own message per JSON Schema keyword
 * (`{ pattern: 'Use the form YYYY-MM, e.g. 2026-10' }`), which the operator reads instead of the validator's.
 */
export const ParamsJsonSchemaSchema = z
  .object({
    type: z.literal('object'),
    properties: z.record(z.string(), z.record(z.string(), z.unknown())),
    required: z.array(z.string()).optional(),
    additionalProperties: z.literal(false),
  })
  .loose();

/**
 * What main knows of a bot: written at build time next to its bundle (`<bot>.manifest.json`), and
 * the same shape script bots and external workers declare. Main never loads the bot's code.
 */
export const BotManifestSchema = z
  .object({
    manifestVersion: z.literal(BOT_MANIFEST_VERSION),
    id: z.string().regex(BOT_ID_PATTERN, 'A bot id is lower-case letters, digits and dashes'),
    title: z.string().trim().min(1).max(200),
    description: z.string().max(4_000),
    params: ParamsJsonSchemaSchema,
    /** Named resources a job holds while it runs, as templates filled from its parameters. */
    locks: z.array(LockTemplateSchema).max(50),
    credentials: z.array(z.object({ slot: CredentialSlotSchema, title: z.string().trim().min(1).max(200) }).strict()).max(50),
    policy: z
      .object({
        timeoutMs: z.number().int().min(1),
        /** Jobs of this bot that may run at once, or null for only the global limit. */
        concurrency: z.number().int().min(1).nullable(),
        maxAttempts: z.number().int().min(1),
        backoff: z.enum(['fixed', 'exponential']),
        retryDelayMs: z.number().int().min(0),
        rerunSafe: z.boolean(),
        memoryLimitMb: z.number().int().min(1),
        visibleBrowser: z.boolean(),
        trace: z.boolean(),
      })
      .strict(),
    /** The file a worker loads to run the bot, relative to the manifest's folder. */
    bundle: z.string().min(1).max(255),
  })
  .strict();

/** A bot's manifest: see BotManifestSchema. */
export type BotManifest = z.infer<typeof BotManifestSchema>;

/** A bot the app found but could not load, as the Bots screen shows it. */
export interface BotProblem {
  /** The bot's file name, e.g. `invoice-download.cjs`. */
  file: string;
  message: string;
}

/** The parameter names a lock template reads, in order. */
export function lockTemplateParams(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * Fills lock templates from a job's parameters: `'carrier-portal:{account}'` with `{ account: 'A' }`
 * is `'carrier-portal:A'`. Never throws: a missing or non-scalar parameter is a problem to report.
 */
export function fillLockTemplates(templates: readonly string[], params: Record<string, unknown>): { locks: string[] } | { problem: string } {
  const locks = new Set<string>();
  for (const template of templates) {
    let problem: string | null = null;
    const lock = template.replace(PLACEHOLDER, (_, name: string) => {
      const value = Object.hasOwn(params, name) ? params[name] : undefined;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      problem ??=
        value === undefined || value === null
          ? `the lock "${template}" needs the parameter ${name}, which this job does not have`
          : `the lock "${template}" needs the parameter ${name} to be text, a number or true/false`;
      return '';
    });
    if (problem) return { problem };
    locks.add(lock);
  }
  return { locks: [...locks] };
}
