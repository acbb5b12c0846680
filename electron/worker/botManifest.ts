import { z } from 'zod';
import { BOT_MANIFEST_VERSION, BotManifestSchema, lockTemplateParams, type BotManifest } from '../common/botManifest.js';
import { parseDuration } from '../common/duration.js';
import { CredentialSlotSchema } from '../common/vaultContract.js';

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_MEMORY_LIMIT_MB = 1024;
const DEFAULT_RETRY_DELAY_MS = 5_000;

/** The parts of a bot module its manifest is made of (the SDK's BotDefinition, read loosely: a bundle may hold anything). */
interface BotModuleShape {
  id: string;
  title: string;
  description?: unknown;
  params: z.ZodObject;
  browser?: { visible?: boolean };
  timeout?: number | string;
  concurrency?: unknown;
  locks?: unknown;
  retries?: { maxAttempts: unknown; backoff?: 'fixed' | 'exponential'; delay?: number | string };
  rerunSafe?: boolean;
  memoryLimitMb?: unknown;
  trace?: boolean;
  credentials?: unknown;
  run: unknown;
}

function isBotModule(value: unknown): value is BotModuleShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.title === 'string' && v.params instanceof z.ZodObject && typeof v.run === 'function';
}

function positiveInt(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`${what} must be a whole number of at least 1`);
  return value;
}

/** The credential slots a bot declares (`{ portal: 'Carrier portal login' }`), checked. */
function credentialSlotsOf(declared: unknown): BotManifest['credentials'] {
  if (declared === undefined) return [];
  if (typeof declared !== 'object' || declared === null || Array.isArray(declared)) {
    throw new Error('credentials must be an object of slot names and what each is, e.g. { portal: "Carrier portal login" }');
  }
  return Object.entries(declared as Record<string, unknown>).map(([slot, title]) => {
    if (!CredentialSlotSchema.safeParse(slot).success)
      throw new Error(`credential slot "${slot}" must be a name of letters, digits and _ that starts with a letter`);
    if (typeof title !== 'string' || title.trim() === '')
      throw new Error(`credential slot "${slot}" needs a title saying what it is, e.g. "Carrier portal login"`);
    return { slot, title: title.trim() };
  });
}

function locksOf(declared: unknown): string[] {
  if (declared === undefined) return [];
  if (!Array.isArray(declared) || !declared.every((l) => typeof l === 'string')) {
    throw new Error('locks must be a list of lock templates, e.g. ["desktop", "carrier-portal:{account}"]');
  }
  return [...new Set(declared)];
}

/** The JSON Schema keywords a zod check becomes, so its message can be found by the keyword that failed. */
function keywordsOfCheck(check: string): string[] {
  switch (check) {
    case 'string_format':
      return ['pattern', 'format'];
    case 'min_length':
      return ['minLength', 'minItems'];
    case 'max_length':
      return ['maxLength', 'maxItems'];
    case 'length_equals':
      return ['minLength', 'maxLength', 'minItems', 'maxItems'];
    case 'greater_than':
      return ['minimum', 'exclusiveMinimum'];
    case 'less_than':
      return ['maximum', 'exclusiveMaximum'];
    case 'multiple_of':
      return ['multipleOf'];
    case 'number_format':
      return ['type', 'minimum', 'maximum'];
    default:
      return [];
  }
}

/** The bot's own message of a zod error setting (a string given as `message`/`error`), or null for zod's default. */
function messageOf(error: unknown): string | null {
  if (typeof error !== 'function') return null;
  try {
    const made: unknown = (error as (issue: object) => unknown)({});
    if (typeof made === 'string') return made;
    if (typeof made === 'object' && made !== null && typeof (made as { message?: unknown }).message === 'string') return (made as { message: string }).message;
  } catch {
    // A message made from the issue itself: the validator's own message stands in for it.
  }
  return null;
}

interface ZodDefLike {
  error?: unknown;
  checks?: { _zod: { def: { check: string; error?: unknown } } }[];
}

/** The parameters as JSON Schema, unknown keys refused, each property carrying the bot's own messages in `x-messages`. */
function paramsSchemaOf(params: z.ZodObject): BotManifest['params'] {
  const schema = z.toJSONSchema(params, {
    io: 'input',
    unrepresentable: 'any',
    override(ctx) {
      const def = (ctx.zodSchema as { _zod: { def: ZodDefLike } })._zod.def;
      const messages: Record<string, string> = {};
      const own = messageOf(def.error);
      if (own) for (const keyword of ['type', 'enum', 'const', 'required']) messages[keyword] = own;
      for (const check of def.checks ?? []) {
        const message = messageOf(check._zod.def.error);
        if (message) for (const keyword of keywordsOfCheck(check._zod.def.check)) messages[keyword] = message;
      }
      if (Object.keys(messages).length > 0) {
        const target = ctx.jsonSchema as Record<string, unknown>;
        target['x-messages'] = { ...(target['x-messages'] as Record<string, string> | undefined), ...messages };
      }
    },
  }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return { type: 'object', properties: schema.properties ?? {}, required: schema.required ?? [], additionalProperties: false };
}

/**
 * Describes a loaded bot module as its manifest, checked against the manifest schema. Throws with
 * an author-facing reason when the module is not a bot or declares something the app cannot honour.
 */
export function manifestOf(loaded: unknown, bundle: string): BotManifest {
  const bot = (loaded as { default?: unknown } | null)?.default;
  if (!isBotModule(bot)) throw new Error('its default export is not a bot made with defineBot()');
  const visibleBrowser = bot.browser?.visible ?? false;
  const params = paramsSchemaOf(bot.params);
  const locks = locksOf(bot.locks);
  for (const template of locks) {
    for (const name of lockTemplateParams(template)) {
      if (!Object.hasOwn(params.properties, name)) throw new Error(`the lock "${template}" names the parameter ${name}, which the bot does not have`);
    }
  }
  const manifest: BotManifest = {
    manifestVersion: BOT_MANIFEST_VERSION,
    id: bot.id,
    title: bot.title,
    description: typeof bot.description === 'string' ? bot.description : '',
    params,
    locks,
    credentials: credentialSlotsOf(bot.credentials),
    policy: {
      timeoutMs: bot.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(bot.timeout),
      // A visible browser takes the operator's screen: one at a time unless the bot says otherwise.
      concurrency: bot.concurrency !== undefined ? positiveInt(bot.concurrency, 'concurrency') : visibleBrowser ? 1 : null,
      maxAttempts: bot.retries ? positiveInt(bot.retries.maxAttempts, 'retries.maxAttempts') : 1,
      backoff: bot.retries?.backoff ?? 'fixed',
      retryDelayMs: bot.retries?.delay !== undefined ? parseDuration(bot.retries.delay) : DEFAULT_RETRY_DELAY_MS,
      rerunSafe: bot.rerunSafe ?? false,
      memoryLimitMb: bot.memoryLimitMb !== undefined ? positiveInt(bot.memoryLimitMb, 'memoryLimitMb') : DEFAULT_MEMORY_LIMIT_MB,
      visibleBrowser,
      trace: bot.trace ?? false,
    },
    bundle,
  };
  const checked = BotManifestSchema.safeParse(manifest);
  if (!checked.success) throw new Error(checked.error.issues.map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`).join('; '));
  return checked.data;
}
