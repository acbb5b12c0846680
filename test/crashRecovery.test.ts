import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobDetail, JobSummary } from '../electron/common/domain.js';
import { processStartTime } from '../electron/core/bots/processIdentity.js';
import { isAlive } from '../electron/core/bots/processTree.js';
import { openDatabase } from '../electron/core/store/database.js';
import { connectClient, startHeadlessApp, type HeadlessApp } from './helpers/headlessApp.js';
import { builtPaths, fixtureBotsDir, tempDir } from './helpers/paths.js';
import { startTestCore } from './helpers/testCore.js';

// The app killed with SIGKILL mid-run (as a power cut or a crash would) and started again: nothing
// it acknowledged is lost, the cut-off job is interrupted, no browser is left, a rerun-safe bot runs again.

const apps: HeadlessApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop('SIGKILL');
});

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function lease(dataDir: string, jobId: number): { workerPid: number | null; browserPid: number | null } | undefined {
  const db = new Database(path.join(dataDir, 'rpa-desk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT lease_worker_pid AS workerPid, lease_browser_pid AS browserPid FROM jobs WHERE id = ?').get(jobId) as
      { workerPid: number | null; browserPid: number | null } | undefined;
  } finally {
    db.close();
  }
}

describe('crash recovery', () => {
  it('after kill -9 of the app: job interrupted, no orphan browser, rerun-safe job re-queued, scheduled job kept', async () => {
    const dataDir = tempDir();
    const first = await startHeadlessApp({ dataDir, args: ['--bots-dir', fixtureBotsDir] });
    apps.push(first);
    const client = await connectClient(first);
    const later = await client.invoke('jobs.create', { botId: 'echo', params: { text: 'kept' }, runAt: Date.now() + 3_600_000 });
    const running = await client.invoke('jobs.create', { botId: 'browser-wait', params: { ms: 3_000 } });
    if (!later.ok || !running.ok) throw new Error('could not create the jobs');
    const jobId = running.result.id;
    const pids = await until('the browser to start', () => {
      const l = lease(dataDir, jobId);
      return l?.browserPid && l.workerPid ? { worker: l.workerPid, browser: l.browserPid } : undefined;
    });
    client.close();

    first.process.kill('SIGKILL');
    await until('the app to die', () => (first.process.exitCode !== null || first.process.signalCode !== null ? true : undefined));
    // The worker sees its host gone and closes the browser; whatever survives is swept at the next start.
    const second = await startHeadlessApp({ dataDir, args: ['--bots-dir', fixtureBotsDir] });
    apps.push(second);
    await until('the old worker and browser to be gone', () => (!isAlive(pids.worker) && !isAlive(pids.browser) ? true : undefined), 10_000);

    const again = await connectClient(second);
    const interrupted = await again.invoke('jobs.get', { jobId });
    expect(interrupted).toMatchObject({ ok: true, result: { state: 'interrupted', error: 'RPA Desk stopped while this job was running' } });
    const rerunId = await until('the rerun', async () => {
      const r = await again.invoke('jobs.get', { jobId });
      return r.ok ? r.result.reruns[0] : undefined;
    });
    const rerun = await until('the rerun to succeed', async () => {
      const r = await again.invoke('jobs.get', { jobId: rerunId });
      return r.ok && r.result.state === 'succeeded' ? r.result : undefined;
    });
    expect(rerun).toMatchObject({ rerunOf: jobId, createdBy: 'recovery' } satisfies Partial<JobDetail>);
    const kept = await again.invoke('jobs.get', { jobId: later.result.id });
    expect(kept).toMatchObject({ ok: true, result: { state: 'scheduled', runAt: later.result.runAt } satisfies Partial<JobSummary> });
    again.close();
  });

  it('kills a leftover process only when both its pid and its start time match the lease', async () => {
    const dataDir = tempDir();
    const { sqlite } = await openDatabase({ file: path.join(dataDir, 'rpa-desk.sqlite'), migrationsDir: builtPaths.migrationsDir });
    const ours = spawn('sleep', ['60'], { stdio: 'ignore' });
    const stranger = spawn('sleep', ['60'], { stdio: 'ignore' });
    const insert = sqlite.prepare(
      `INSERT INTO jobs (bot_id, state, params_json, created_by, created_at, lease_boot_id, lease_worker_pid, lease_worker_start)
       VALUES ('echo', 'running', '{"text":"x"}', 'me', 1, 'old-boot', ?, ?)`,
    );
    insert.run(ours.pid, await processStartTime(ours.pid!));
    // Same pid as a live process, but another start time: a stranger that reused the pid.
    insert.run(stranger.pid, 'some other start time');
    sqlite.close();

    const core = await startTestCore({ dataDir });
    try {
      await until('our leftover to be killed', () => (ours.exitCode !== null || ours.signalCode !== null ? true : undefined), 5_000);
      expect(isAlive(stranger.pid!)).toBe(true);
      expect(core.store.getSummary(1)).toMatchObject({ state: 'interrupted' });
      expect(core.store.getSummary(2)).toMatchObject({ state: 'interrupted' });
    } finally {
      stranger.kill('SIGKILL');
      await core.close();
    }
  });
});
