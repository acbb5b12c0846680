import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { BotManifestSchema, lockTemplateParams, type BotManifest, type BotProblem } from '../../common/botManifest.js';
import type { BotSummary, JsonObjectSchema } from '../../common/domain.js';
import { RpaError } from '../../common/errors.js';

/** How the app runs a bot's jobs: limits, locks, retries; read once from the bot's manifest. */
export interface BotPolicy {
  timeoutMs: number;
  /** Jobs of this bot that may run at once, or null for only the global limit. */
  concurrency: number | null;
  /** The lock templates a job fills from its parameters (`'carrier-portal:{account}'`); see fillLockTemplates. */
  locks: readonly string[];
  maxAttempts: number;
  backoff: 'fixed' | 'exponential';
  retryDelayMs: number;
  rerunSafe: boolean;
  memoryLimitMb: number;
  trace: boolean;
}

/** A bot the app found, by its manifest, with the bundle its worker loads. */
export interface CatalogBot {
  summary: BotSummary;
  /** The bundle a worker loads; main never does. */
  file: string;
  manifest: BotManifest;
  policy: BotPolicy;
}

/** A bot that could not be loaded, shown to the operator instead of being silently dropped. */
export interface BotLoadProblem {
  file: string;
  message: string;
}

const MAX_PARAM_PROBLEMS_SHOWN = 5;
const MANIFEST_SUFFIX = '.manifest.json';
const MANIFEST_ERROR_SUFFIX = '.manifest-error.txt';
const BUNDLE_SUFFIX = '.cjs';

/** One validator for every bot: formats (date, email, uuid…) checked, defaults filled in, the bots' own messages carried. */
function createValidator(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, useDefaults: true, strict: false, logger: false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-messages', schemaType: 'object' });
  return ajv;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** The bot's manifest read from its file, checked; throws with the reason the Bots screen shows. */
function readManifest(dir: string, base: string): BotManifest {
  const manifestPath = path.join(dir, base + MANIFEST_SUFFIX);
  if (!fs.existsSync(manifestPath)) {
    const errorPath = path.join(dir, base + MANIFEST_ERROR_SUFFIX);
    if (fs.existsSync(errorPath)) throw new Error(`the build could not describe it: ${firstLine(fs.readFileSync(errorPath, 'utf8'))}`);
    throw new Error(`it has no manifest (${base}${MANIFEST_SUFFIX}): the build writes one for each bot`);
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new Error(`its manifest is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = BotManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`);
    throw new Error(`its manifest is not valid: ${issues.join('; ')}`);
  }
  const manifest = parsed.data;
  if (manifest.bundle !== path.basename(manifest.bundle) || !manifest.bundle.endsWith(BUNDLE_SUFFIX)) {
    throw new Error(`its manifest names the bundle "${manifest.bundle}": a .cjs file in the same folder`);
  }
  if (!fs.existsSync(path.join(dir, manifest.bundle))) throw new Error(`its bundle ${manifest.bundle} is missing`);
  for (const template of manifest.locks) {
    for (const name of lockTemplateParams(template)) {
      if (!Object.hasOwn(manifest.params.properties, name)) throw new Error(`the lock "${template}" names the parameter ${name}, which the bot does not have`);
    }
  }
  return manifest;
}

function summaryOf(manifest: BotManifest): BotSummary {
  return {
    id: manifest.id,
    title: manifest.title,
    description: manifest.description,
    paramsSchema: manifest.params,
    visibleBrowser: manifest.policy.visibleBrowser,
    timeoutMs: manifest.policy.timeoutMs,
    concurrency: manifest.policy.concurrency,
    maxAttempts: manifest.policy.maxAttempts,
    rerunSafe: manifest.policy.rerunSafe,
    credentials: manifest.credentials,
  };
}

function policyOf(manifest: BotManifest): BotPolicy {
  const { visibleBrowser: _visible, ...policy } = manifest.policy;
  return { ...policy, locks: manifest.locks };
}

/** The property a validation error is about, JSON-pointer escapes undone. */
function propertyOf(error: ErrorObject): string {
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty?: unknown }).missingProperty;
    return typeof missing === 'string' ? missing : '';
  }
  const first = error.instancePath.split('/')[1];
  return first === undefined ? '' : first.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The operator's message for one error: the bot's own (`x-messages`) when it has one, else the validator's. */
function messageFor(schema: JsonObjectSchema, key: string, error: ErrorObject): string {
  const property = Object.hasOwn(schema.properties, key) ? (schema.properties[key] as Record<string, unknown>) : undefined;
  const own = property?.['x-messages'] as Record<string, unknown> | undefined;
  const message = own && Object.hasOwn(own, error.keyword) ? own[error.keyword] : undefined;
  if (typeof message === 'string') return message;
  if (error.keyword === 'required') return 'This parameter is required';
  const text = error.message ?? 'Not valid';
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The bots the app knows, keyed by id: read from their manifests, never by loading their code. */
export class BotCatalog {
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(
    private readonly bots: Map<string, CatalogBot>,
    readonly problems: BotLoadProblem[],
    private readonly ajv: Ajv2020,
  ) {}

  /** Reads every bot manifest (`<bot>.manifest.json`, next to `<bot>.cjs`) in a folder. */
  static load(botsDir: string): BotCatalog {
    const bots = new Map<string, CatalogBot>();
    const problems: BotLoadProblem[] = [];
    const ajv = createValidator();
    const catalog = new BotCatalog(bots, problems, ajv);
    const names = fs.existsSync(botsDir) ? fs.readdirSync(botsDir) : [];
    const bases = new Set<string>();
    for (const name of names) {
      if (name.endsWith(BUNDLE_SUFFIX)) bases.add(name.slice(0, -BUNDLE_SUFFIX.length));
      else if (name.endsWith(MANIFEST_SUFFIX)) bases.add(name.slice(0, -MANIFEST_SUFFIX.length));
    }
    for (const base of [...bases].sort()) {
      const file = path.join(botsDir, base + BUNDLE_SUFFIX);
      try {
        const manifest = readManifest(botsDir, base);
        if (bots.has(manifest.id)) throw new Error(`another bot already has the id "${manifest.id}"`);
        // Checked now, compiled on first use (a few ms a bot, kept off start-up).
        if (!ajv.validateSchema(manifest.params)) throw new Error(`its parameter schema is not valid JSON Schema: ${ajv.errorsText(ajv.errors)}`);
        bots.set(manifest.id, { file: path.join(botsDir, manifest.bundle), manifest, policy: policyOf(manifest), summary: summaryOf(manifest) });
      } catch (err) {
        problems.push({ file, message: err instanceof Error ? err.message : String(err) });
      }
    }
    return catalog;
  }

  /** The bots that could not be loaded, by file name, for the Bots screen. */
  problemsShown(): BotProblem[] {
    return this.problems.map((p) => ({ file: path.basename(p.file), message: p.message }));
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

  /**
   * Checks parameters against the JSON Schema of the bot's manifest and returns them with its
   * defaults filled in; per-field messages go back to the Run form. The worker parses them again
   * with the bot's own zod schema (transforms, refinements).
   */
  validateParams(botId: string, params: Record<string, unknown>): Record<string, unknown> {
    const bot = this.get(botId);
    let validate = this.validators.get(botId);
    if (!validate) {
      validate = this.ajv.compile<Record<string, unknown>>(bot.manifest.params);
      this.validators.set(botId, validate);
    }
    // A copy the validator may fill with defaults. JSON, as the parameters came: a `__proto__` key
    // stays an own key (JSON.parse defines it), so it is refused as unknown like any other.
    const data = JSON.parse(JSON.stringify(params)) as Record<string, unknown>;
    if (validate(data)) return data;
    // A Map, not `{}`: a parameter named `__proto__` or `constructor` must get its own entry.
    const fields = new Map<string, string>();
    const problems: string[] = [];
    for (const error of validate.errors ?? []) {
      if (error.keyword === 'additionalProperties') {
        const key = String((error.params as { additionalProperty?: unknown }).additionalProperty);
        if (fields.has(key)) continue;
        fields.set(key, 'This bot has no such parameter');
        problems.push(`Unknown parameter ${key}`);
        continue;
      }
      const key = propertyOf(error) || '_';
      if (fields.has(key)) continue;
      const message = messageFor(bot.manifest.params, key, error);
      fields.set(key, message);
      problems.push(`${key}: ${message}`);
    }
    // The message is read by a person: a few problems and a count, never one per key of a huge object.
    const shown = problems.slice(0, MAX_PARAM_PROBLEMS_SHOWN).join('; ');
    const more = problems.length - MAX_PARAM_PROBLEMS_SHOWN;
    const summary = more > 0 ? `${shown}; and ${more.toLocaleString('en-US')} more` : shown;
    // Object.fromEntries defines own properties, so a `__proto__` key stays a key.
    throw new RpaError('invalid_params', `The parameters for ${bot.summary.title} are not valid: ${summary}`, Object.fromEntries(fields));
  }
}
