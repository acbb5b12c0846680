import type { WireCredential, WorkerMessage } from './workerProtocol.js';

// One masker for both sides of a job: the worker masks what it sends, main masks it again before
// anything is stored or shown (a bot runs in the worker's process and could get around the first).

/** What a secret is replaced with wherever it would be shown or stored. */
export const MASK = '••••';

/**
 * Shorter values are left alone: masking every "abc" would blank ordinary text, and the vault
 * refuses passwords and secrets this short (a user name may be shorter, and is then not masked).
 */
export const MIN_MASKED_LENGTH = 4;

/** TOTP codes change every 30 seconds; the masker hides the previous, current and next one. */
export const TOTP_PERIOD_MS = 30_000;

/** The one-time codes a TOTP seed gives around `at`: previous, current and next (each side computes them with otpauth). */
export type TotpCodes = (seed: string, at: number) => string[];

/** Past this depth a result or checkpoint is not walked: the part below is replaced, not left unchecked. */
const MAX_DEPTH = 64;
const TOO_DEEP = '[nested too deep to check for secrets]';

const REGEX_SPECIALS = /[.*+?^${}()|[\]\\]/g;

function utf8Base64(value: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** application/x-www-form-urlencoded, as browsers and URLSearchParams write it. */
function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function lowerHex(encoded: string): string {
  return encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
}

function htmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Inside a JSON string; `ascii` also escapes non-ASCII characters as \uXXXX, as some serializers do. */
function jsonEscape(value: string, ascii = false): string {
  const escaped = JSON.stringify(value).slice(1, -1);
  return ascii ? escaped.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : escaped;
}

/**
 * Every way a value commonly turns up in text a bot produces: as it is, URL- and form-encoded
 * (both hex cases), base64 (standard, unpadded, URL-safe), JSON-escaped (once, twice, ASCII-only)
 * and HTML-escaped. Only forms of at least MIN_MASKED_LENGTH characters.
 */
export function maskedForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const uri = encodeURIComponent(value);
  const form = formEncode(value);
  const base64 = utf8Base64(value);
  const unpadded = base64.replace(/=+$/, '');
  const json = jsonEscape(value);
  for (const f of [
    uri,
    lowerHex(uri),
    form,
    lowerHex(form),
    base64,
    unpadded,
    unpadded.replace(/\+/g, '-').replace(/\//g, '_'),
    json,
    jsonEscape(json),
    jsonEscape(value, true),
    htmlEscape(value),
  ]) {
    forms.add(f);
  }
  return [...forms].filter((f) => f.length >= MIN_MASKED_LENGTH);
}

/** One-time codes to hide: the seeds, and how to compute their codes. */
export interface MaskedTotp {
  seeds: readonly string[];
  codes: TotpCodes;
}

/**
 * Replaces the values a job was given, in every form `maskedForms` lists, and the current and
 * adjacent TOTP codes of its seeds, with `••••`. An inactive masker (a job without credentials)
 * returns what it is given untouched, at no cost.
 */
export class SecretMasker {
  /** The masker of a job that was given no credentials. */
  static readonly none = new SecretMasker([]);

  private readonly fixed = new Set<string>();
  private readonly extra = new Set<string>();
  private readonly totp: MaskedTotp | null;
  private pattern: RegExp | null = null;
  private patternStep = Number.NaN;

  constructor(
    values: readonly string[],
    totp: MaskedTotp | null = null,
    private readonly now: () => number = Date.now,
  ) {
    for (const value of values) if (value.length >= MIN_MASKED_LENGTH) for (const form of maskedForms(value)) this.fixed.add(form);
    this.totp = totp && totp.seeds.length > 0 ? totp : null;
  }

  /** True when there is anything to mask. */
  get active(): boolean {
    return this.fixed.size > 0 || this.totp !== null;
  }

  /** Masks `value` too from now on: a one-time code the bot was handed stays hidden after its 30 seconds. */
  add(value: string): void {
    if (value.length < MIN_MASKED_LENGTH || this.fixed.has(value) || this.extra.has(value)) return;
    this.extra.add(value);
    this.pattern = null;
  }

  /** Every form masked right now, longest first: what a trace file is scrubbed of. */
  forms(): string[] {
    const all = new Set([...this.fixed, ...this.extra]);
    if (this.totp) for (const seed of this.totp.seeds) for (const code of this.totp.codes(seed, this.now())) all.add(code);
    return [...all].sort((a, b) => b.length - a.length);
  }

  /** The text with every secret replaced. */
  mask(text: string): string {
    if (!this.active || text.length === 0) return text;
    return text.replace(this.currentPattern(), MASK);
  }

  /** A copy of a JSON-like value with every string (keys included) masked. */
  maskDeep<T>(value: T): T {
    if (!this.active) return value;
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.mask(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return TOO_DEEP;
    if (Array.isArray(value)) return value.map((v) => this.walk(v, depth + 1));
    // fromEntries defines own properties: a key named __proto__ stays a key.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.mask(k), this.walk(v, depth + 1)]));
  }

  /** One regular expression of every form, longest first so a longer form wins; rebuilt when the TOTP codes move on. */
  private currentPattern(): RegExp {
    const step = this.totp ? Math.floor(this.now() / TOTP_PERIOD_MS) : 0;
    if (this.pattern && step === this.patternStep) return this.pattern;
    const alternatives = this.forms().map((f) => f.replace(REGEX_SPECIALS, '\\$&'));
    this.pattern = new RegExp(alternatives.join('|'), 'g');
    this.patternStep = step;
    return this.pattern;
  }
}

/**
 * A worker's message with every text it carries masked: log lines, progress step, file names,
 * approval and hand-off requests, checkpoint data, result, error and stack. Paths are kept (they
 * name files in the job's folder, which the app named).
 */
export function maskWorkerMessage(masker: SecretMasker, message: WorkerMessage): WorkerMessage {
  if (!masker.active) return message;
  switch (message.type) {
    case 'log':
      return { ...message, lines: message.lines.map((line) => ({ ...line, message: masker.mask(line.message) })) };
    case 'progress':
      return { ...message, step: message.step === null ? null : masker.mask(message.step) };
    case 'file':
      return { ...message, name: masker.mask(message.name) };
    case 'approval': {
      const { files, ...rest } = message.request;
      return { ...message, request: { ...masker.maskDeep(rest), files } };
    }
    case 'handoff':
      return { ...message, message: masker.mask(message.message) };
    case 'checkpoint':
      return { ...message, data: masker.maskDeep(message.data) };
    case 'done':
      return { ...message, result: masker.maskDeep(message.result) };
    case 'failed':
      return { ...message, message: masker.mask(message.message), stack: message.stack === null ? null : masker.mask(message.stack) };
    default:
      return message;
  }
}

/** The values of a job's delivered credentials that must never be shown: each one, and a login's `user:password` (HTTP Basic). */
export function credentialValues(credentials: Record<string, WireCredential>): { values: string[]; totpSeeds: string[] } {
  const values: string[] = [];
  const totpSeeds: string[] = [];
  for (const c of Object.values(credentials)) {
    for (const v of [c.username, c.password, c.secret, c.totpSeed]) if (v) values.push(v);
    if (c.username && c.password) values.push(`${c.username}:${c.password}`);
    if (c.totpSeed) totpSeeds.push(c.totpSeed);
  }
  return { values, totpSeeds };
}
