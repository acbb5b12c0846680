import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogPage } from '../electron/common/contract.js';
import type { JobDetail, JobSummary } from '../electron/common/domain.js';
import type { Core } from '../electron/core/app.js';
import { connectClient, startHeadlessApp, type HeadlessApp } from './helpers/headlessApp.js';
import { fixtureBotsDir, tempDir } from './helpers/paths.js';
import { call, startTestCore, waitForJob } from './helpers/testCore.js';

// What a job's end takes with it: a bot over its memory limit (counted in resident memory, so
// Buffers count too) is stopped, and every process a bot started dies with its job, also after a crash.

interface SpawnedPids {
  child: number;
  grandchild: number;
  marker: string | null;
}

/** True while the process exists and is not a zombie (an orphan nobody reaped yet is gone for us). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Processes on this machine whose environment holds exactly `RPA_DESK_JOB=<marker>`, read from /proc: independent of the code under test. */
function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`RPA_DESK_JOB=${marker}`)) found.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found;
}

/** Waits until `probe` gives a value (vitest's own waitFor), saying what it waited for if it never does. */
function poll<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error(`Still waiting for ${what}`);
      return value;
    },
    { timeout: ms, interval: 50 },
  );
}

function readPids(dir: string): SpawnedPids | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'pids.json'), 'utf8')) as SpawnedPids;
  } catch {
    return undefined;
  }
}

/** Kills what a failed run of these tests left behind, so one failure does not leak processes. */
function cleanUp(pids: SpawnedPids | undefined): void {
  for (const pid of [pids?.child, pids?.grandchild]) {
    if (!pid || !isRunning(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

const onLinux = process.platform === 'linux';

describe.runIf(onLinux)('job limits with real workers', () => {
  let core: Core;
  const leftovers: SpawnedPids[] = [];

  beforeAll(async () => {
    core = await startTestCore({ concurrency: 2 });
  });
  afterAll(async () => {
    for (const pids of leftovers) cleanUp(pids);
    await core.close();
  });

  it('stops a bot whose Buffers take its resident memory over memoryLimitMb, naming the limit and the peak', async () => {
    const job = await call<JobSummary>(core, 'jobs.create', { botId: 'buffer-hog', params: {} });
    const done = await waitForJob(core, job.id);
    expect(done).toMatchObject({ state: 'failed' });
    const detail = await call<JobDetail>(core, 'jobs.get', { jobId: job.id });
    expect(detail.attempts.at(-1)?.reason).toBe('out_of_memory');
    expect(detail.error).toMatch(/^The bot used [\d,]+ MiB of memory, more than its limit of 128 MiB, and was stopped$/);
    const peakMb = Number(/used ([\d,]+) MiB/.exec(detail.error ?? '')?.[1]?.replace(/,/g, ''));
    expect(peakMb).toBeGreaterThan(128);
    const page = await call<LogPage>(core, 'logs.tail', { jobId: job.id });
    const held = page.lines.filter((l) => l.message.startsWith('Holding ')).at(-1)?.message;
    const peakLine = page.lines.find((l) => l.message.startsWith('Peak memory'))?.message;
    expect(peakLine).toBe(`Peak memory of the bot's worker: ${peakMb.toLocaleString('en-US')} MiB (limit 128 MiB); stopping it`);
    console.log(`buffer-hog (limit 128 MiB): stopped at a peak of ${peakMb} MiB resident; last log line "${held}"; ${detail.error}`);
  });

  it('kills the child and the detached grandchild a bot started when the bot throws', async () => {
    const dir = tempDir('rpa-desk-spawn-');
    const job = await call<JobSummary>(core, 'jobs.create', { botId: 'spawns-children', params: { dir, then: 'throw' } });
    const done = await waitForJob(core, job.id);
    const pids = readPids(dir);
    if (pids) leftovers.push(pids);
    expect(done).toMatchObject({ state: 'failed', error: 'Failed after starting helper processes' });
    expect(pids?.child).toBeGreaterThan(0);
    expect(pids?.grandchild).toBeGreaterThan(0);
    await poll('the child and the grandchild to be gone', () => (!isRunning(pids!.child) && !isRunning(pids!.grandchild) ? true : undefined), 5_000);
    expect(pids?.marker).toMatch(/^[0-9a-f]+:/);
    const count = processesWithMarker(pids!.marker!).length;
    console.log(`spawns-children (throw): processes carrying the job's marker ${pids!.marker} after the job ended: ${count}`);
    expect(count).toBe(0);
  });
});

describe.runIf(onLinux)('two installs on one machine', () => {
  it("never kill each other's processes, at start-up or at a job's end", async () => {
    const dirA = tempDir('rpa-desk-spawn-');
    const dirB = tempDir('rpa-desk-spawn-');
    const a = await startTestCore({ cancelGraceMs: 500 });
    let pidsA: SpawnedPids | undefined;
    let pidsB: SpawnedPids | undefined;
    try {
      const held = await call<JobSummary>(a, 'jobs.create', { botId: 'spawns-children', params: { dir: dirA, then: 'hang' } });
      pidsA = await poll('install A to start its processes', () => readPids(dirA), 30_000);
      // Install B starts (its recovery sweeps its own leftovers) and runs a job that ends with a sweep.
      const b = await startTestCore();
      try {
        const job = await call<JobSummary>(b, 'jobs.create', { botId: 'spawns-children', params: { dir: dirB, then: 'throw' } });
        await waitForJob(b, job.id);
        pidsB = readPids(dirB);
        const ended = pidsB;
        await poll("install B's processes to be gone", () => (ended && !isRunning(ended.child) && !isRunning(ended.grandchild) ? true : undefined), 5_000);
      } finally {
        await b.close();
      }
      expect(isRunning(pidsA.child) && isRunning(pidsA.grandchild)).toBe(true);
      expect(pidsA.marker?.split(':')[0]).not.toBe(pidsB?.marker?.split(':')[0]);

      // Cancelling A's job takes its processes with it.
      await call(a, 'jobs.cancel', { jobId: held.id });
      await waitForJob(a, held.id);
      const found = pidsA;
      await poll(
        "install A's processes to be gone after the cancel",
        () => (!isRunning(found.child) && !isRunning(found.grandchild) ? true : undefined),
        5_000,
      );
    } finally {
      cleanUp(pidsA);
      cleanUp(pidsB);
      await a.close();
    }
  });
});

describe.runIf(onLinux)('start-up recovery', () => {
  const apps: HeadlessApp[] = [];
  let pids: SpawnedPids | undefined;
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.stop('SIGKILL');
    cleanUp(pids);
  });

  it('kills the processes a bot of the crashed app left behind, before any job runs', async () => {
    const dataDir = tempDir();
    const dir = tempDir('rpa-desk-spawn-');
    const first = await startHeadlessApp({ dataDir, args: ['--bots-dir', fixtureBotsDir] });
    apps.push(first);
    const client = await connectClient(first);
    const created = await client.invoke('jobs.create', { botId: 'spawns-children', params: { dir, then: 'hang' } });
    if (!created.ok) throw new Error('could not create the job');
    pids = await poll('the bot to start its processes', () => readPids(dir), 30_000);
    client.close();

    // As a crash or a power cut would: nothing of the app gets to clean up.
    first.process.kill('SIGKILL');
    await poll('the app to die', () => (first.process.exitCode !== null || first.process.signalCode !== null ? true : undefined), 10_000);
    expect(isRunning(pids.grandchild)).toBe(true);

    const second = await startHeadlessApp({ dataDir, args: ['--bots-dir', fixtureBotsDir] });
    apps.push(second);
    const found = pids;
    await poll('the leftover child and grandchild to be gone', () => (!isRunning(found.child) && !isRunning(found.grandchild) ? true : undefined), 5_000);
    expect(found.marker).toMatch(/^[0-9a-f]+:/);
    const count = processesWithMarker(found.marker!).length;
    console.log(`spawns-children (hang, app killed): processes carrying the crashed job's marker after the next start: ${count}`);
    expect(count).toBe(0);
  });
});
