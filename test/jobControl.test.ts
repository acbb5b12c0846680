import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CancelResult, LogPage, UploadTicket } from '../electron/common/contract.js';
import type { JobDetail, JobSummary } from '../electron/common/domain.js';
import type { Core } from '../electron/core/app.js';
import { isAlive } from '../electron/core/bots/processTree.js';
import { asTester, call, startTestCore, waitForJob } from './helpers/testCore.js';

// Job control with real worker processes and real Chromium: cancel, rerun, run later, priorities,
// limits and locks, timeouts, hangs, memory caps, retries, evidence and input files.

let core: Core;

beforeAll(async () => {
  core = await startTestCore({ concurrency: 3, cancelGraceMs: 2_000, unresponsiveMs: 3_000, maxInputFileBytes: 1_000 });
});
afterAll(async () => {
  await core.close();
});

function create(botId: string, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<JobSummary> {
  return call<JobSummary>(core, 'jobs.create', { botId, params, ...extra });
}

function detail(jobId: number): Promise<JobDetail> {
  return call<JobDetail>(core, 'jobs.get', { jobId });
}

async function logText(jobId: number, attempt?: number): Promise<string> {
  const page = await call<LogPage>(core, 'logs.tail', { jobId, attempt });
  return page.lines.map((l) => `${l.level} ${l.message}`).join('\n');
}

function waitForLease(jobId: number, which: 'browserPid' | 'workerPid'): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      const lease = core.store.leasedJobs().find((j) => j.id === jobId);
      if (lease?.[which]) {
        clearInterval(timer);
        resolve(lease[which]);
      } else if (Date.now() - started > 30_000) {
        clearInterval(timer);
        reject(new Error(`No ${which} for job ${jobId}`));
      }
    }, 50);
  });
}

async function untilDead(pid: number, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe('cancel', () => {
  it('takes a queued job out of the queue at once, and says so plainly when asked twice or too late', async () => {
    const job = await create('sleepy', { ms: 0 }, { runAt: Date.now() + 60_000 });
    const first = await call<CancelResult>(core, 'jobs.cancel', { jobId: job.id });
    expect(first).toMatchObject({ changed: true, job: { state: 'cancelled', error: 'Cancelled by tester' } });
    const again = await call<CancelResult>(core, 'jobs.cancel', { jobId: job.id });
    expect(again).toMatchObject({ changed: false, message: `Job ${job.id} already ended (cancelled); there is nothing to cancel` });
  });

  it('stops a running job with its browser open: cancelled, who did it, and no browser left behind', async () => {
    const job = await create('browser-wait');
    const browserPid = await waitForLease(job.id, 'browserPid');
    await waitForLog(job.id, 'Browser open');
    const clicked = Date.now();
    const result = await call<CancelResult>(core, 'jobs.cancel', { jobId: job.id });
    expect(result).toMatchObject({ changed: true, message: `Stopping job ${job.id}…`, job: { cancelRequestedBy: 'tester' } });
    expect(await call<CancelResult>(core, 'jobs.cancel', { jobId: job.id })).toMatchObject({
      changed: false,
      message: expect.stringContaining('already stopping'),
    });
    const done = await waitForJob(core, job.id);
    const cancelMs = Date.now() - clicked;
    expect(done).toMatchObject({ state: 'cancelled', error: 'Cancelled by tester' });
    expect(await untilDead(browserPid)).toBe(true);
    console.log(`Cancel with a browser open: ${cancelMs} ms from the command to cancelled`);
  });

  it('kills a bot that ignores the cancel after the grace period, browser and all', async () => {
    const job = await create('browser-wait', { ignoreCancel: true });
    const browserPid = await waitForLease(job.id, 'browserPid');
    await waitForLog(job.id, 'Browser open');
    const clicked = Date.now();
    await call(core, 'jobs.cancel', { jobId: job.id });
    const done = await waitForJob(core, job.id);
    expect(done.state).toBe('cancelled');
    expect(Date.now() - clicked).toBeGreaterThanOrEqual(1_900);
    expect(await untilDead(browserPid)).toBe(true);
  });
});

async function waitForLog(jobId: number, text: string): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if ((await logText(jobId)).includes(text)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Job ${jobId} never logged "${text}"`);
}

describe('rerun and run later', () => {
  it('reruns with the same parameters, or with changes, and links both ways', async () => {
    const original = await waitForJob(core, (await create('echo', { text: 'first', count: 2 })).id);
    const same = await call<JobSummary>(core, 'jobs.rerun', { jobId: original.id });
    const changed = await call<JobSummary>(core, 'jobs.rerun', { jobId: original.id, params: { text: 'second', count: 1 } });
    await waitForJob(core, same.id);
    await waitForJob(core, changed.id);
    expect((await detail(same.id)).params).toEqual((await detail(original.id)).params);
    expect((await detail(changed.id)).result).toEqual({ echoed: 'second', count: 1 });
    expect(same.rerunOf).toBe(original.id);
    expect((await detail(original.id)).reruns).toEqual([same.id, changed.id]);
    const bad = await core.router.handle('jobs.rerun', { jobId: original.id, params: { text: '' } }, asTester(core));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
  });

  it('runs a job at the chosen time, refuses a time in the past, and can run it now instead', async () => {
    const past = await core.router.handle('jobs.create', { botId: 'echo', params: { text: 'x' }, runAt: Date.now() - 60_000 }, asTester(core));
    expect(past).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('in the past') } });
    const later = await create('echo', { text: 'later' }, { runAt: Date.now() + 1_500 });
    expect(later.state).toBe('scheduled');
    const done = await waitForJob(core, later.id);
    expect(done.state).toBe('succeeded');
    expect(done.startedAt! - later.runAt!).toBeGreaterThanOrEqual(0);
    expect(done.startedAt! - later.runAt!).toBeLessThan(1_000);

    const far = await create('echo', { text: 'far' }, { runAt: Date.now() + 3_600_000 });
    const moved = await call<JobSummary>(core, 'jobs.reschedule', { jobId: far.id, runAt: Date.now() + 7_200_000 });
    expect(moved.runAt).toBeGreaterThan(far.runAt!);
    await call(core, 'jobs.runNow', { jobId: far.id });
    expect((await waitForJob(core, far.id)).state).toBe('succeeded');
    const notScheduled = await core.router.handle('jobs.runNow', { jobId: far.id }, asTester(core));
    expect(notScheduled).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('limits, locks and priorities', () => {
  it('holds a job for a lock held by another, says so, and runs jobs on other accounts meanwhile', async () => {
    const holder = await create('sleepy', { ms: 1_500, account: 'A', tag: 'holder' });
    await waitForJob(core, holder.id, ['running']);
    const waiting = await create('sleepy', { ms: 0, account: 'A', tag: 'waiter' });
    const other = await create('sleepy', { ms: 0, account: 'B', tag: 'other' });
    expect((await waitForJob(core, other.id)).state).toBe('succeeded');
    const page = await call<{ jobs: JobSummary[] }>(core, 'jobs.list', { botId: 'sleepy', limit: 5 });
    expect(page.jobs.find((j) => j.id === waiting.id)).toMatchObject({
      state: 'queued',
      waitReason: `Waiting for lock carrier-portal:A held by job ${holder.id}`,
    });
    const done = await waitForJob(core, waiting.id);
    expect(done.startedAt!).toBeGreaterThanOrEqual((await detail(holder.id)).finishedAt!);
  });

  it('starts higher priorities first and says when all slots are busy', async () => {
    const blockers = await Promise.all([1, 2, 3].map((n) => create('sleepy', { ms: 1_200, account: `slot-${n}` })));
    await Promise.all(blockers.map((b) => waitForJob(core, b.id, ['running'])));
    const low = await create('sleepy', { ms: 0, account: 'p1' }, { priority: 'low' });
    const normal = await create('sleepy', { ms: 0, account: 'p2' });
    const high = await create('sleepy', { ms: 0, account: 'p3' }, { priority: 'high' });
    expect(core.store.getSummary(low.id)?.waitReason).toBe('Waiting for a free slot (3 of 3 running)');
    const ended = await Promise.all([low, normal, high].map((j) => waitForJob(core, j.id)));
    const [l, n, h] = ended.map((j) => j.startedAt!);
    expect(h!).toBeLessThanOrEqual(n!);
    expect(n!).toBeLessThanOrEqual(l!);
  });
});

describe('failures', () => {
  it('fails a job past its own timeout, shorter than the bot’s', async () => {
    const job = await create('sleepy', { ms: 30_000, account: 'timeout' }, { timeoutMs: 1_000 });
    const done = await waitForJob(core, job.id);
    expect(done).toMatchObject({ state: 'failed', error: 'Timed out: the job ran longer than its limit of 1 s' });
  });

  it('kills a bot stuck in an endless loop when its heartbeat stops', async () => {
    const done = await waitForJob(core, (await create('endless-loop')).id);
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(/^The bot stopped responding \(no heartbeat for \d/);
  });

  it('fails a bot that goes over its memory cap, with the cap in the message', async () => {
    const done = await waitForJob(core, (await create('memory-hog')).id);
    expect(done.state).toBe('failed');
    // The host's resident-memory sample (the worker idles at ~55 MiB) usually trips before V8's heap limit does.
    expect(done.error).toMatch(
      /^The bot used (more memory than its limit of 64 MiB and was stopped|[\d,]+ MiB of memory, more than its limit of 64 MiB, and was stopped)$/,
    );
  });

  it('fails a job whose worker is killed from outside, with the signal', async () => {
    const job = await create('browser-wait', { ms: 60_000 });
    const workerPid = await waitForLease(job.id, 'workerPid');
    const browserPid = await waitForLease(job.id, 'browserPid');
    process.kill(workerPid, 'SIGKILL');
    const done = await waitForJob(core, job.id);
    expect(done).toMatchObject({ state: 'failed', error: "The bot's worker process ended unexpectedly (signal SIGKILL)" });
    expect(await untilDead(browserPid)).toBe(true);
  });

  it('retries an application error with backoff, each attempt with its own log, until it succeeds', async () => {
    const done = await waitForJob(core, (await create('flaky', { succeedOnAttempt: 3 })).id);
    expect(done).toMatchObject({ state: 'succeeded', attempt: 3 });
    const d = await detail(done.id);
    expect(d.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'succeeded'],
    ]);
    expect(d.attempts[1]!.startedAt - d.attempts[0]!.finishedAt!).toBeGreaterThanOrEqual(150);
    expect(await logText(done.id, 2)).toContain('INFO attempt 2');
    expect(await logText(done.id, 2)).not.toContain('attempt 1');
  });

  it('never retries a business error', async () => {
    const done = await waitForJob(core, (await create('flaky', { business: true })).id);
    expect(done).toMatchObject({ state: 'failed', error: 'Invoice not found', attempt: 1 });
    expect((await detail(done.id)).transitions.at(-1)?.reason).toBe('business_error');
  });

  it('keeps a screenshot of every open page and the trace as evidence when a bot fails', async () => {
    const done = await waitForJob(core, (await create('page-then-throw')).id);
    expect(done.state).toBe('failed');
    const files = (await detail(done.id)).files;
    expect(files.map((f) => [f.kind, f.name, f.mime])).toEqual([
      ['evidence', 'screenshot-1.png', 'image/png'],
      ['evidence', 'trace.zip', 'application/zip'],
    ]);
    const png = fs.readFileSync(path.join(core.jobsDir, String(done.id), 'evidence-1-0001.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('input files', () => {
  async function upload(name: string, text: string): Promise<string> {
    const ticket = await call<UploadTicket>(core, 'uploads.begin', { name, size: Buffer.byteLength(text) });
    await call(core, 'uploads.chunk', { uploadId: ticket.uploadId, offset: 0, data: Buffer.from(text).toString('base64') });
    return ticket.uploadId;
  }

  it('copies them into the job folder under names the app chooses, whatever the operator’s file was called', async () => {
    const ids = [await upload('../../../etc/passwd', 'one'), await upload('C:\\Windows\\CON', 'two'), await upload('invoice\u0000.pdf', 'three')];
    const job = await waitForJob(core, (await create('inputs', {}, { uploadIds: ids })).id);
    const result = (await detail(job.id)).result as { name: string; text: string; path: string }[];
    expect(result.map((r) => [r.name, r.text])).toEqual([
      ['passwd', 'one'],
      ['_CON', 'two'],
      ['invoice_.pdf', 'three'],
    ]);
    const jobDir = path.join(core.jobsDir, String(job.id));
    for (const r of result) expect(path.dirname(r.path)).toBe(jobDir);
    expect((await detail(job.id)).files.filter((f) => f.kind === 'input').map((f) => f.name)).toEqual(['passwd', '_CON', 'invoice_.pdf']);
  });

  it('refuses a file over the size limit with a clear message, and an upload used twice', async () => {
    const big = await core.router.handle('uploads.begin', { name: 'big.pdf', size: 5_000 }, asTester(core));
    expect(big).toMatchObject({ ok: false, error: { code: 'invalid_input', message: '"big.pdf" is 4.9 KB; input files may be at most 1000 bytes' } });
    const id = await upload('a.txt', 'x');
    await create('inputs', {}, { uploadIds: [id] });
    const again = await core.router.handle('jobs.create', { botId: 'inputs', params: {}, uploadIds: [id] }, asTester(core));
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
