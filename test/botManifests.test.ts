import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobSummary } from '../electron/common/domain.js';
import type { Core } from '../electron/core/app.js';
import { BotCatalog } from '../electron/core/bots/catalog.js';
import { fixtureBotsDir } from './helpers/paths.js';
import { asTester, call, startTestCore, waitForJob } from './helpers/testCore.js';

// Main knows bots by their manifests only: a bot whose top-level code never ends and one whose lock
// cannot be filled are reported (Bots screen, the job) while main's event loop stays responsive.
// Real worker processes, a real SQLite file.

const P99_LIMIT_MS = 20;

let core: Core;
let loop: IntervalHistogram;

function p99Ms(): number {
  return loop.percentile(99) / 1e6;
}

beforeAll(async () => {
  core = await startTestCore();
});
afterAll(async () => {
  loop?.disable();
  await core.close();
});

/** From here on: the bots' jobs created and run, their workers started (start-up and the test's own catalog reload are not the bots'). */
function watchMainLoop(): void {
  loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
}

describe('bots known by their manifests', () => {
  it('reports a bot whose top-level code never ends as a catalog problem, without ever loading it', async () => {
    const problems = await call<{ file: string; message: string }[]>(core, 'bots.problems', {});
    expect(problems).toEqual([
      {
        file: 'top-level-loop.cjs',
        message: expect.stringMatching(/^the build could not describe it: loading it did not finish within 5 s: its top-level code may never end/),
      },
    ]);
    const bots = await call<{ id: string }[]>(core, 'bots.list', {});
    expect(bots.map((b) => b.id)).toContain('lock-gap');
    expect(bots.map((b) => b.id)).not.toContain('top-level-loop');
    const refused = await core.router.handle('jobs.create', { botId: 'top-level-loop', params: {} }, asTester(core));
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Loading the whole fixture folder again reads manifests only: quick, and it never hangs.
    const started = performance.now();
    const again = BotCatalog.load(fixtureBotsDir);
    const loadMs = performance.now() - started;
    console.log(`BotCatalog.load of ${again.list().length} fixture bots (+${again.problems.length} problem): ${loadMs.toFixed(1)} ms`);
    expect(loadMs).toBeLessThan(200);
  });

  it('fails a job whose lock template names a parameter it lacks, with the reason, and runs one that has it', async () => {
    watchMainLoop();
    const gap = await call<JobSummary>(core, 'jobs.create', { botId: 'lock-gap', params: {} });
    const ok = await call<JobSummary>(core, 'jobs.create', { botId: 'lock-gap', params: { account: 'A' } });
    const failed = await waitForJob(core, gap.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toBe(
      'Could not work out the bot\'s locks: the lock "carrier-portal:{account}" needs the parameter account, which this job does not have',
    );
    expect((await waitForJob(core, ok.id)).state).toBe('succeeded');
  });

  it('lets the worker refuse what only the bot’s zod schema knows, failing the job with the field’s message', async () => {
    const job = await call<JobSummary>(core, 'jobs.create', { botId: 'lock-gap', params: { account: 'nobody' } });
    const done = await waitForJob(core, job.id);
    expect(done.state).toBe('failed');
    expect(done.error).toContain('account: There is no account nobody');
    expect(done.attempt).toBe(1);
  });

  it('kept main’s event loop responsive throughout (p99 under 20 ms)', () => {
    const p99 = p99Ms();
    console.log(
      `main event loop delay while the bots' jobs were created and run: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
    );
    expect(p99).toBeLessThan(P99_LIMIT_MS);
  });
});
