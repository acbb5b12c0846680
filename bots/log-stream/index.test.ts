import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogPage } from '../../electron/common/contract.js';
import type { JobSummary, LogLine } from '../../electron/common/domain.js';
import type { Core } from '../../electron/core/app.js';
import { builtPaths } from '../../test/helpers/paths.js';
import { call, startTestCore, waitForJob } from '../../test/helpers/testCore.js';

// Every line the bot writes reaches the store and the live event stream, in order, in batches.

let core: Core;

beforeAll(async () => {
  core = await startTestCore({ botsDir: builtPaths.botsDir });
});
afterAll(async () => {
  await core.close();
});

describe('log-stream', () => {
  it('delivers all 5,000 lines in order, batched, with their levels', async () => {
    const streamed: LogLine[] = [];
    let batches = 0;
    const off = core.events.on('log.appended', (e) => {
      batches++;
      streamed.push(...e.lines);
    });
    const created = await call<JobSummary>(core, 'jobs.create', { botId: 'log-stream', params: { lines: 5_000, perSecond: 20_000 } });
    expect((await waitForJob(core, created.id)).state).toBe('succeeded');
    off();
    const ours = streamed.filter((l) => l.jobId === created.id && /^Line \d+ of 5000/.test(l.message));
    expect(ours).toHaveLength(5_000);
    expect(ours.map((l) => Number(/^Line (\d+)/.exec(l.message)?.[1]))).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1));
    expect(batches).toBeLessThan(200);
    const stored: LogLine[] = [];
    for (let after = 0, more = true; more;) {
      const page = await call<LogPage>(core, 'logs.tail', { jobId: created.id, afterId: after, limit: 2_000 });
      stored.push(...page.lines);
      more = page.more;
      after = page.lines.at(-1)?.id ?? after;
    }
    expect(stored.map((l) => l.id)).toEqual(streamed.filter((l) => l.jobId === created.id).map((l) => l.id));
    const levels = new Set(ours.map((l) => l.level));
    expect([...levels].sort()).toEqual(['CRITICAL', 'DEBUG', 'ERROR', 'INFO', 'WARNING']);
  });

  it('fails with its message when asked to', async () => {
    const created = await call<JobSummary>(core, 'jobs.create', { botId: 'log-stream', params: { lines: 10, perSecond: 1000, failAtEnd: true } });
    const done = await waitForJob(core, created.id);
    expect(done).toMatchObject({ state: 'failed', error: 'Failed on purpose at the end' });
  });
});
