import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { BotSummary, JsonObjectSchema } from '../../common/domain.js';
import { parseDuration } from '../../common/duration.js';
import { RpaError } from '../../common/errors.js';
import { CredentialSlotSchema } from '../../common/vaultContract.js';

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** The parts of a bot module main reads; the bot's code runs only in its worker. */
interface BotModuleShape {
  id: string;
  title: string;
  description?: string;
  params: z.ZodObject;
  browser?: { visible?: boolean };
  timeout?: number | string;
  concurrency?: number;
  locks?: readonly string[] | ((params: Record<string, unknown>) => readonly string[]);
  retries?: { maxAttempts: number; backoff?: 'fixed' | 'exponential'; delay?: number | string };
  rerunSafe?: boolean;
  memoryLimitMb?: number;
  trace?: boolean;
  credentials?: unknown;
  run: unknown;
}

/** How the app runs a bot's jobs: limits, locks, retries; read once from the bot's definition. */
export interface BotPolicy {
  timeoutMs: number;
  /** Jobs of this bot that may run at once, or null for only the global limit. */
  concurrency: number | null;
  /** The named locks a job with these parameters needs. */
  locks(params: Record<string, unknown>): string[];
  maxAttempts: number;
  backoff: 'fixed' | 'exponential';
  retryDelayMs: number;
  rerunSafe: boolean;
  memoryLimitMb: number;
  trace: boolean;
}

/** A bot the app found, with the file its worker loads. */
export interface CatalogBot {
  summary: BotSummary;
  file: string;
  /** The bot's parameter schema, strict (unknown parameters are refused); made once, as zod compiles a parser on a schema's first use. */
  params: z.ZodObject;
  policy: BotPolicy;
}

const DEFAULT_MEMORY_LIMIT_MB = 1024;
const MAX_PARAM_PROBLEMS_SHOWN = 5;
const DEFAULT_RETRY_DELAY_MS = 5_000;

function positiveInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`${what} must be a whole number of at least 1`);
  return value;
}

function policyOf(bot: BotModuleShape): BotPolicy {
  const visible = bot.browser?.visible ?? false;
  const locks = bot.locks;
  return {
    timeoutMs: bot.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(bot.timeout),
    // A visible browser takes the operator's screen: one at a time unless the bot says otherwise.
    concurrency: bot.concurrency !== undefined ? positiveInt(bot.concurrency, 'concurrency') : visible ? 1 : null,
    locks: (params) => {
      const names = typeof locks === 'function' ? locks(params) : (locks ?? []);
      return [...new Set(names.map(String))];
    },
    maxAttempts: bot.retries ? positiveInt(bot.retries.maxAttempts, 'retries.maxAttempts') : 1,
    backoff: bot.retries?.backoff ?? 'fixed',
    retryDelayMs: bot.retries?.delay !== undefined ? parseDuration(bot.retries.delay) : DEFAULT_RETRY_DELAY_MS,
    rerunSafe: bot.rerunSafe ?? false,
    memoryLimitMb: bot.memoryLimitMb !== undefined ? positiveInt(bot.memoryLimitMb, 'memoryLimitMb') : DEFAULT_MEMORY_LIMIT_MB,
    trace: bot.trace ?? false,
  };
}

/** The credential slots a bot declares (`{ portal: 'Carrier portal login' }`), checked: a bad one stops the bot loading. */
function credentialSlotsOf(bot: BotModuleShape): BotSummary['credentials'] {
  const declared = bot.credentials;
  if (declared === undefined) return [];
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) {
    throw new Error('credentials must be an object of slot names and what each is, e.g. { portal: "Carrier portal login" }');
  }
  return Object.entries(declared as Record<string, unknown>).map(([slot, title]) => {
    if (!CredentialSlotSchema.safeParse(slot).success) throw new Error(`credential slot "${slot}" must be a name of letters, digits and _ that starts with a letter`);
    if (typeof title !== 'string' || title.trim() === '') throw new Error(`credential slot "${slot}" needs a title saying what it is, e.g. "Carrier portal login"`);
    return { slot, title: title.trim() };
  });
}

/** A bot module that could not be loaded, shown to the operator instead of being silently dropped. */
export interface BotLoadProblem {
  file: string;
  message: string;
}

function isBotModule(value: unknown): value is BotModuleShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.title === 'string' && v.params instanceof z.ZodObject && typeof v.run === 'function';
}

function toJsonSchema(params: z.ZodObject): JsonObjectSchema {
  const schema = z.toJSONSchema(params, { io: 'input', unrepresentable: 'any' }) as Partial<JsonObjectSchema>;
  return { type: 'object', properties: schema.properties ?? {}, required: schema.required ?? [] };
}

/** The bots the app knows, keyed by id. */
export class BotCatalog {
  private constructor(
    private readonly bots: Map<string, CatalogBot>,
    readonly problems: BotLoadProblem[],
  ) {}

  /** Loads every compiled bot module (`*.cjs`) in a folder. */
  static load(botsDir: string): BotCatalog {
    const bots = new Map<string, CatalogBot>();
    const problems: BotLoadProblem[] = [];
    const files = fs.existsSync(botsDir) ? fs.readdirSync(botsDir).filter((f) => f.endsWith('.cjs')).sort() : [];
    const requireBot = createRequire(path.join(botsDir, 'index.cjs'));
    for (const name of files) {
      const file = path.join(botsDir, name);
      try {
        const loaded = requireBot(file) as { default?: unknown };
        const bot = loaded.default;
        if (!isBotModule(bot)) throw new Error('its default export is not a bot made with defineBot()');
        if (bots.has(bot.id)) throw new Error(`another bot already has the id "${bot.id}"`);
        const policy = policyOf(bot);
        bots.set(bot.id, {
          file,
          params: bot.params.strict(),
          policy,
          summary: {
            id: bot.id,
            title: bot.title,
            description: bot.description ?? '',
            paramsSchema: toJsonSchema(bot.params),
            visibleBrowser: bot.browser?.visible ?? false,
            timeoutMs: policy.timeoutMs,
            concurrency: policy.concurrency,
            maxAttempts: policy.maxAttempts,
            rerunSafe: policy.rerunSafe,
            credentials: credentialSlotsOf(bot),
          },
        });
      } catch (err) {
        problems.push({ file, message: err instanceof Error ? err.message : String(err) });
      }
    }
    return new BotCatalog(bots, problems);
  }

  /** All bots, by title. */
  list(): BotSummary[] {
    return [...this.bots.values()].map((b) => b.summary).sort((a, b) => a.title.localeCompare(b.title));
  }

  /** True when a bot with this id is installed. */
  has(botId: string): boolean {
    return this.bots.has(botId);
  }

  /** A bot by id, or an operator-facing not_found error. */
  get(botId: string): CatalogBot {
    const bot = this.bots.get(botId);
    if (!bot) throw new RpaError('not_found', `There is no bot "${botId}"`);
    return bot;
  }

  /** The bot's title, or its id for jobs of a bot that was removed since. */
  title(botId: string): string {
    return this.bots.get(botId)?.summary.title ?? botId;
  }

  /** Checks parameters against the bot's schema; per-field messages go back to the Run form. */
  validateParams(botId: string, params: Record<string, unknown>): Record<string, unknown> {
    const bot = this.get(botId);
    const parsed = bot.params.safeParse(params);
    if (parsed.success) return parsed.data;
    // A Map, not `{}`: a parameter named `__proto__` or `constructor` must get its own entry, and
    // `fields[key] ??= …` on a plain object finds the inherited one and records nothing.
    const fields = new Map<string, string>();
    const problems: string[] = [];
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          if (fields.has(key)) continue;
          fields.set(key, 'This bot has no such parameter');
          problems.push(`Unknown parameter ${key}`);
        }
        continue;
      }
      const key = String(issue.path[0] ?? '') || '_';
      if (fields.has(key)) continue;
      fields.set(key, issue.message);
      problems.push(`${key}: ${issue.message}`);
    }
    // The message is read by a person: a few problems and a count, never one per key of a huge object.
    const shown = problems.slice(0, MAX_PARAM_PROBLEMS_SHOWN).join('; ');
    const more = problems.length - MAX_PARAM_PROBLEMS_SHOWN;
    const summary = more > 0 ? `${shown}; and ${more.toLocaleString('en-US')} more` : shown;
    // Object.fromEntries defines own properties, so a `__proto__` key stays a key.
    throw new RpaError('invalid_params', `The parameters for ${bot.summary.title} are not valid: ${summary}`, Object.fromEntries(fields));
  }
}
