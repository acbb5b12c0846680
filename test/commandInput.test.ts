import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSummary } from '../electron/common/domain.js';
import type { ScheduleSummary } from '../electron/common/schedules.js';
import type { Core } from '../electron/core/app.js';
import { asTester, call, startTestCore } from './helpers/testCore.js';

// Hostile command inputs through the one door every transport uses, `CommandRouter.handle`, on a
// real core: inputs too deep or too big for the validators to walk, and parameter names that
// JavaScript treats specially. Each must be refused with a clear message and create nothing.

let core: Core;

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  await core.close();
});

function handle(command: string, input: unknown) {
  return core.router.handle(command, input, asTester(core));
}

function jobCount(): number {
  return core.store.listJobs({ limit: 500 }).jobs.length;
}

async function scheduleCount(): Promise<number> {
  return (await call<ScheduleSummary[]>(core, 'schedules.list', {})).length;
}

/** JSON text of `{"a":{"a":…}}` (or `[[…]]`), `levels` containers deep, as it would arrive off the wire. */
function nestedJson(levels: number, kind: 'object' | 'array' = 'object'): string {
  return kind === 'object' ? '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1) : '['.repeat(levels) + ']'.repeat(levels);
}

/** A job that waits a day, so a rerun has something to rerun without starting a worker. */
async function laterJob(): Promise<JobSummary> {
  return call<JobSummary>(core, 'jobs.create', { botId: 'echo', params: { text: 'later' }, runAt: Date.now() + 86_400_000 });
}

describe('command inputs nested too deep', () => {
  it('refuses 10,000-deep parameters with invalid_input and a clear message, and creates no job', async () => {
    // The `rows` bot's schema accepts any nesting, so without a limit this reached the store.
    const before = jobCount();
    for (const botId of ['rows', 'echo']) {
      const input = JSON.parse(`{"botId":"${botId}","params":{"rows":[${nestedJson(10_000)}]}}`) as unknown;
      const reply = await handle('jobs.create', input);
      expect(reply).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Input is nested deeper than 32 levels' } });
    }
    expect(jobCount()).toBe(before);
  });

  it('refuses deep arrays too, in any command, before its schema sees them', async () => {
    const listReply = await handle('jobs.list', JSON.parse(`{"state":${nestedJson(10_000, 'array')}}`) as unknown);
    expect(listReply).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Input is nested deeper than 32 levels' } });
    const before = await scheduleCount();
    const scheduleReply = await handle('schedules.create', {
      name: 'deep',
      botId: 'echo',
      params: JSON.parse(`{"text":${nestedJson(5_000, 'array')}}`) as unknown,
      cron: '0 2 * * *',
      timeZone: 'UTC',
    });
    expect(scheduleReply).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Input is nested deeper than 32 levels' } });
    expect(await scheduleCount()).toBe(before);
  });

  it('lets an input exactly 32 levels deep through to the schemas, and refuses 33', async () => {
    // Level 1 is the input, 2 its params, so the parameter's value holds the other 30.
    const at = (levels: number) => JSON.parse(`{"botId":"echo","params":{"text":${nestedJson(levels - 2)}}}`) as unknown;
    const atLimit = await handle('jobs.create', at(32));
    expect(atLimit).toMatchObject({ ok: false, error: { code: 'invalid_params', fields: { text: expect.any(String) } } });
    const overLimit = await handle('jobs.create', at(33));
    expect(overLimit).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Input is nested deeper than 32 levels' } });
  });

  it('refuses a structured-clone input that is cyclic or shares one object thousands of times, at once', async () => {
    const cyclic: Record<string, unknown> = { text: 'loop' };
    cyclic.self = cyclic;
    const cyclicReply = await handle('jobs.create', { botId: 'echo', params: cyclic });
    expect(cyclicReply).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Input is nested deeper than 32 levels' } });
    // 30 levels of [x, x]: 2^30 paths through a handful of objects (IPC's structured clone keeps sharing).
    let shared: unknown = 'leaf';
    for (let i = 0; i < 30; i++) shared = [shared, shared];
    const started = performance.now();
    const sharedReply = await handle('jobs.create', { botId: 'echo', params: { text: 'x', shared } });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(sharedReply).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Input has more than 100000 values' } });
  });

  it('refuses an input with more values than any form sends, and answers a 10,000-key object briefly', async () => {
    const before = jobCount();
    const huge = await handle('jobs.create', { botId: 'echo', params: { text: 'x', list: new Array<number>(200_000).fill(1) } });
    expect(huge).toEqual({ ok: false, error: { code: 'invalid_input', message: 'Input has more than 100000 values' } });
    const wide: Record<string, number> = { text: 1 };
    for (let i = 0; i < 10_000; i++) wide[`p${i}`] = i;
    const wideReply = await handle('jobs.create', { botId: 'echo', params: wide });
    expect(wideReply).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    // The operator reads this message: it names a few unknown parameters and how many more, not 10,000.
    const message = wideReply.ok ? '' : wideReply.error.message;
    expect(message.length).toBeLessThan(600);
    expect(message).toMatch(/Unknown parameter p0\b.*and 9,9\d\d more/);
    expect(jobCount()).toBe(before);
  });
});

describe('parameter names JavaScript treats specially', () => {
  const specialNames = ['__proto__', 'constructor', 'prototype'];

  it.each(specialNames)('refuses a %s parameter in jobs.create as unknown, like any other, and creates no job', async (name) => {
    const before = jobCount();
    const input = JSON.parse(`{"botId":"echo","params":{"text":"hi","${name}":{"polluted":true}}}`) as unknown;
    const reply = await handle('jobs.create', input);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid_params');
    expect(reply.error.message).toBe(`The parameters for Echo (test) are not valid: Unknown parameter ${name}`);
    expect(Object.keys(reply.error.fields ?? {})).toEqual([name]);
    expect(jobCount()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses them when rerunning with changes', async () => {
    const original = await laterJob();
    const before = jobCount();
    const reply = await handle('jobs.rerun', JSON.parse(`{"jobId":${original.id},"params":{"text":"again","__proto__":{}}}`) as unknown);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_params', message: expect.stringMatching(/Unknown parameter __proto__$/) } });
    expect(jobCount()).toBe(before);
  });

  it('refuses them when creating or editing a schedule', async () => {
    const base = { name: 'special', botId: 'echo', cron: '0 2 * * *', timeZone: 'UTC', enabled: false };
    const before = await scheduleCount();
    const created = await handle('schedules.create', { ...base, params: JSON.parse('{"text":"x","__proto__":{"a":1}}') as unknown });
    expect(created).toMatchObject({ ok: false, error: { code: 'invalid_params', message: expect.stringMatching(/Unknown parameter __proto__$/) } });
    expect(await scheduleCount()).toBe(before);
    const saved = await call<ScheduleSummary>(core, 'schedules.create', { ...base, params: { text: 'x' } });
    const updated = await handle('schedules.update', { ...base, scheduleId: saved.id, params: JSON.parse('{"text":"y","constructor":{}}') as unknown });
    expect(updated).toMatchObject({ ok: false, error: { code: 'invalid_params', message: expect.stringMatching(/Unknown parameter constructor$/) } });
    expect((await call<ScheduleSummary>(core, 'schedules.get', { scheduleId: saved.id })).params).toEqual({ text: 'x', count: 3, mode: 'fast', loud: false });
  });

  it('still takes an object without them, and stores only the declared parameters', async () => {
    const job = await laterJob();
    expect(core.store.getParams(job.id)).toEqual({ text: 'later', count: 3, mode: 'fast', loud: false });
  });
});
