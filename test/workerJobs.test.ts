import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobDetail, JobSummary } from '../electron/common/domain.js';
import type { LogPage } from '../electron/common/contract.js';
import type { Core } from '../electron/core/app.js';
import { call, startTestCore, waitForJob } from './helpers/testCore.js';

// Jobs run by real worker processes against a real SQLite file: success, bot errors, crashes,
// timeouts and the concurrency limit, as the operator would see them through the contract.

let core: Core;

beforeAll(async () => {
  core = await startTestCore({ concurrency: 2, cancelGraceMs: 1_000 });
});
afterAll(async () => {
  await core.close();
});

async function run(botId: string, params: Record<string, unknown> = {}): Promise<JobSummary> {
  const job = await call<JobSummary>(core, 'jobs.create', { botId, params });
  return waitForJob(core, job.id);
}

async function logText(jobId: number): Promise<string> {
  const page = await call<LogPage>(core, 'logs.tail', { jobId });
  return page.lines.map((l) => `${l.level} ${l.message}`).join('\n');
}

describe('a job in a real worker', () => {
  it('succeeds with its result, progress, log lines and files kept inside the job folder', async () => {
    const done = await run('echo', { text: 'hello', count: 4 });
    expect(done.state).toBe('succeeded');
    const detail = await call<JobDetail>(core, 'jobs.get', { jobId: done.id });
    expect(detail.result).toEqual({ echoed: 'hello', count: 4 });
    expect(detail.progress).toBe(1);
    expect(detail.params).toEqual({ text: 'hello', count: 4, mode: 'fast', loud: false });
    expect(detail.transitions.map((t) => t.to)).toEqual(['queued', 'running', 'succeeded']);
    const log = await logText(done.id);
    expect(log).toContain('INFO hello 1');
    expect(log).toContain('INFO hello 4');
    expect(log).toContain('WARNING a console warning');
    // Hostile names are shown defanged and never become paths.
    expect(detail.files.map((f) => f.name)).toEqual(['passwd', '_CON']);
    const jobDir = path.join(core.jobsDir, String(done.id));
    expect(fs.readdirSync(jobDir).sort()).toEqual(['output-1-0001', 'output-1-0002']);
  });

  it('fails with the error message, and the stack in the log, when the bot throws', async () => {
    const done = await run('throws');
    expect(done.state).toBe('failed');
    expect(done.error).toBe('Invoice table missing');
    const log = await logText(done.id);
    expect(log).toMatch(/ERROR Error: Invoice table missing\n\s+at /);
  });

  it('fails with the exit reason when the worker process dies', async () => {
    const done = await run('crash');
    expect(done.state).toBe('failed');
    expect(done.error).toBe("The bot's worker process ended unexpectedly (signal SIGKILL)");
    expect(await logText(done.id)).toContain('Crashing the worker now');
  });

  it('fails as timed out when the bot runs past its timeout', async () => {
    const started = Date.now();
    const done = await run('hang');
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(/^Timed out/);
    const detail = await call<JobDetail>(core, 'jobs.get', { jobId: done.id });
    expect(detail.transitions.at(-1)?.reason).toBe('timed_out');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
  });

  it('never runs more jobs at once than the concurrency limit', async () => {
    let running = 0;
    let most = 0;
    const seen = new Map<number, string>();
    const off = core.events.on('job.updated', (job) => {
      const before = seen.get(job.id);
      seen.set(job.id, job.state);
      if (job.state === 'running' && before !== 'running') most = Math.max(most, ++running);
      if (before === 'running' && job.state !== 'running') running--;
    });
    const jobs = await Promise.all([1, 2, 3, 4, 5].map((n) => call<JobSummary>(core, 'jobs.create', { botId: 'echo', params: { text: `job ${n}` } })));
    const ended = await Promise.all(jobs.map((j) => waitForJob(core, j.id)));
    off();
    expect(ended.every((j) => j.state === 'succeeded')).toBe(true);
    expect(most).toBe(2);
  });
});
