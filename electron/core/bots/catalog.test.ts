import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_MANIFEST_VERSION, fillLockTemplates, type BotManifest } from '../../common/botManifest.js';
import { RpaError } from '../../common/errors.js';
import { BotCatalog } from './catalog.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function manifest(overrides: Partial<BotManifest> = {}): BotManifest {
  return {
    manifestVersion: BOT_MANIFEST_VERSION,
    id: 'invoices',
    title: 'Invoices',
    description: '',
    params: {
      type: 'object',
      properties: {
        month: { type: 'string', pattern: '^\\d{4}-\\d{2}$', 'x-messages': { pattern: 'Use the form YYYY-MM, e.g. 2026-10' } },
        account: { type: 'string', default: 'A' },
        count: { type: 'integer', minimum: 1, maximum: 100 },
        when: { type: 'string', format: 'date' },
      },
      required: ['month'],
      additionalProperties: false,
    },
    locks: ['carrier-portal:{account}'],
    credentials: [],
    policy: {
      timeoutMs: 60_000,
      concurrency: null,
      maxAttempts: 1,
      backoff: 'fixed',
      retryDelayMs: 5_000,
      rerunSafe: false,
      memoryLimitMb: 256,
      visibleBrowser: false,
      trace: false,
    },
    bundle: 'invoices.cjs',
    ...overrides,
  };
}

/** A bots folder with these files; every bundle throws if anything ever loads it. */
function botsDir(files: Record<string, string | object>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpa-desk-catalog-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

const BUNDLE = 'globalThis.botLoadedInMain = true; throw new Error("a bot bundle was loaded in main");';

function paramsError(fn: () => unknown): RpaError {
  try {
    fn();
  } catch (err) {
    if (err instanceof RpaError) return err;
    throw err;
  }
  throw new Error('the parameters were accepted');
}

describe('BotCatalog', () => {
  it('knows a bot by its manifest alone and never loads its bundle', () => {
    const dir = botsDir({ 'invoices.cjs': BUNDLE, 'invoices.manifest.json': manifest() });
    const catalog = BotCatalog.load(dir);
    expect(catalog.problems).toEqual([]);
    expect((globalThis as { botLoadedInMain?: boolean }).botLoadedInMain).toBeUndefined();
    const bot = catalog.get('invoices');
    expect(bot.file).toBe(path.join(dir, 'invoices.cjs'));
    expect(bot.policy).toMatchObject({ timeoutMs: 60_000, memoryLimitMb: 256, locks: ['carrier-portal:{account}'] });
    expect(catalog.list()).toEqual([expect.objectContaining({ id: 'invoices', title: 'Invoices', visibleBrowser: false, concurrency: null })]);
  });

  it('checks parameters against the JSON Schema, fills defaults, and keeps the bot’s own message per field', () => {
    const catalog = BotCatalog.load(botsDir({ 'invoices.cjs': BUNDLE, 'invoices.manifest.json': manifest() }));
    expect(catalog.validateParams('invoices', { month: '2026-10' })).toEqual({ month: '2026-10', account: 'A' });
    const bad = paramsError(() => catalog.validateParams('invoices', { month: '13/2026', count: 1000, when: '2026-13-45', extra: 1 }));
    expect(bad.code).toBe('invalid_params');
    expect(bad.fields).toEqual({
      month: 'Use the form YYYY-MM, e.g. 2026-10',
      count: expect.stringMatching(/100/),
      when: expect.stringMatching(/date/),
      extra: 'This bot has no such parameter',
    });
    expect(bad.message).toMatch(/^The parameters for Invoices are not valid: /);
    expect(paramsError(() => catalog.validateParams('invoices', {})).fields).toEqual({ month: 'This parameter is required' });
  });

  it('refuses __proto__ and constructor as unknown parameters, polluting nothing', () => {
    const catalog = BotCatalog.load(botsDir({ 'invoices.cjs': BUNDLE, 'invoices.manifest.json': manifest() }));
    for (const name of ['__proto__', 'constructor']) {
      const params = JSON.parse(`{"month":"2026-10","${name}":{"polluted":true}}`) as Record<string, unknown>;
      const bad = paramsError(() => catalog.validateParams('invoices', params));
      expect(bad.message).toBe(`The parameters for Invoices are not valid: Unknown parameter ${name}`);
      expect(Object.keys(bad.fields ?? {})).toEqual([name]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports each bot it cannot know, with why, and loads the others', () => {
    const dir = botsDir({
      'good.cjs': BUNDLE,
      'good.manifest.json': manifest({ id: 'good', bundle: 'good.cjs' }),
      'none.cjs': BUNDLE,
      'looping.cjs': BUNDLE,
      'looping.manifest-error.txt': 'loading it did not finish within 10 s: its top-level code may never end (an endless loop?)\n',
      'garbled.cjs': BUNDLE,
      'garbled.manifest.json': '{ not json',
      'old.cjs': BUNDLE,
      'old.manifest.json': { ...manifest({ id: 'old', bundle: 'old.cjs' }), manifestVersion: 0 },
      'gap.cjs': BUNDLE,
      'gap.manifest.json': manifest({ id: 'gap', bundle: 'gap.cjs', locks: ['portal:{acount}'] }),
      'orphan.manifest.json': manifest({ id: 'orphan', bundle: 'orphan.cjs' }),
      'twin.cjs': BUNDLE,
      'twin.manifest.json': manifest({ id: 'good', bundle: 'twin.cjs' }),
      'escape.cjs': BUNDLE,
      'escape.manifest.json': manifest({ id: 'escape', bundle: '../elsewhere.cjs' }),
    });
    const catalog = BotCatalog.load(dir);
    expect(catalog.list().map((b) => b.id)).toEqual(['good']);
    expect(Object.fromEntries(catalog.problemsShown().map((p) => [p.file, p.message]))).toEqual({
      'escape.cjs': 'its manifest names the bundle "../elsewhere.cjs": a .cjs file in the same folder',
      'gap.cjs': 'the lock "portal:{acount}" names the parameter acount, which the bot does not have',
      'garbled.cjs': expect.stringMatching(/^its manifest is not JSON: /),
      'looping.cjs': 'the build could not describe it: loading it did not finish within 10 s: its top-level code may never end (an endless loop?)',
      'none.cjs': 'it has no manifest (none.manifest.json): the build writes one for each bot',
      'old.cjs': expect.stringMatching(/^its manifest is not valid: manifestVersion: /),
      'orphan.cjs': 'its bundle orphan.cjs is missing',
      'twin.cjs': 'another bot already has the id "good"',
    });
  });
});

describe('fillLockTemplates', () => {
  it('fills each {name} from the parameters and drops duplicates', () => {
    expect(fillLockTemplates(['desktop', 'portal:{account}', 'portal:{account}', '{a}-{b}'], { account: 'A', a: 1, b: true })).toEqual({
      locks: ['desktop', 'portal:A', '1-true'],
    });
  });

  it('says which parameter is missing or unusable instead of throwing', () => {
    expect(fillLockTemplates(['portal:{account}'], {})).toEqual({
      problem: 'the lock "portal:{account}" needs the parameter account, which this job does not have',
    });
    expect(fillLockTemplates(['portal:{account}'], { account: { id: 1 } })).toEqual({
      problem: 'the lock "portal:{account}" needs the parameter account to be text, a number or true/false',
    });
    expect(fillLockTemplates(['portal:{toString}'], {})).toMatchObject({ problem: expect.stringContaining('toString') });
  });
});
