import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobState, JobSummary } from '../../common/domain.js';
import { builtPaths, fixtureBotsDir, tempDir } from '../../../test/helpers/paths.js';
import { startCore, type Core } from '../app.js';
import type { WorkerHandle, WorkerHost } from '../bots/workerHost.js';
import { ScriptedWorker } from '../../../test/helpers/scriptedWorker.js';

/**
 * A WorkerHost with no processes: each worker says ready, and once told to start holds its job
 * until the test ends it. Ending several in one synchronous loop is what many slots finishing in
 * one turn look like to the dispatcher, which real processes cannot arrange on demand.
 */
class HeldHost implements WorkerHost {
  readonly running = new Map<number, ScriptedWorker>();

  spawn(): WorkerHandle {
    const worker = new ScriptedWorker((jobId) => this.running.set(jobId, worker));
    queueMicrotask(() => worker.emit({ type: 'ready' }));
    return worker;
  }

  /** Ends these jobs' workers one after another, all in the current turn. */
  finish(jobIds: readonly number[]): void {
    for (const jobId of jobIds) {
      const worker = this.running.get(jobId);
      if (!worker) throw new Error(`Job ${jobId} has no worker`);
      this.running.delete(jobId);
      worker.emit({ type: 'done', result: { jobId } });
      worker.exit(false);
    }
  }
}

interface Heard {
  id: number;
  reported: JobState;
  /** The job's state as another connection to the same file saw it when the event arrived. */
  committed: string | undefined;
}

let core: Core | null = null;
let reader: Database.Database | null = null;

afterEach(async () => {
  await core?.close();
  core = null;
  reader?.close();
  reader = null;
});

async function startHeldCore(host: HeldHost, logged: string[] = []): Promise<{ core: Core; reader: Database.Database; heard: Heard[] }> {
  const dataDir = tempDir();
  core = await startCore({
    dataDir,
    migrationsDir: builtPaths.migrationsDir,
    botsDir: fixtureBotsDir,
    workerHost: host,
    files: { open: () => Promise.resolve({ done: true }), save: () => Promise.resolve({ done: true }) },
    sites: {},
    browser: { executablePath: '/nonexistent', args: [], canShowWindow: false },
    mode: 'headless',
    version: 'test',
    user: 'tester',
    durability: 'NORMAL',
    concurrency: 3,
    warmWorkers: 0,
    logError: (message) => logged.push(message),
  });
  reader = new Database(path.join(dataDir, 'rpa-desk.sqlite'));
  const read = reader.prepare<[number], { state: string }>('SELECT state FROM jobs WHERE id = ?');
  const heard: Heard[] = [];
  core.events.on('job.updated', (job: JobSummary) => heard.push({ id: job.id, reported: job.state, committed: read.get(job.id)?.state }));
  return { core, reader, heard };
}

function createEchoJobs(target: Core, count: number): number[] {
  return Array.from({ length: count }, (_, i) => target.store.createJob({ botId: 'echo', params: { text: `job ${i}` }, createdBy: 'tester' }).id);
}

describe('the dispatcher, when several jobs end in the same turn', () => {
  it('records every end and claims the queued successors, and no listener hears of it before the commit', async () => {
    const host = new HeldHost();
    const { core, heard } = await startHeldCore(host);
    const ids = createEchoJobs(core, 6);
    core.dispatcher.kick();
    await expect.poll(() => host.running.size === 3).toBe(true);
    const first = ids.slice(0, 3);
    const next = ids.slice(3);
    expect([...host.running.keys()].sort((a, b) => a - b)).toEqual(first);

    heard.length = 0;
    host.finish(first);
    await expect.poll(() => next.every((id) => host.running.has(id))).toBe(true);

    for (const id of first) expect(core.store.getDetail(id)).toMatchObject({ state: 'succeeded', result: { jobId: id } });
    for (const id of next) expect(core.store.getSummary(id)).toMatchObject({ state: 'running', attempt: 1 });
    // Every end and every claim was announced, and each announcement was already committed.
    for (const id of first) expect(heard).toContainEqual({ id, reported: 'succeeded', committed: 'succeeded' });
    for (const id of next) expect(heard).toContainEqual({ id, reported: 'running', committed: 'running' });
    expect(heard.filter((h) => h.reported !== h.committed)).toEqual([]);

    heard.length = 0;
    host.finish(next);
    await expect.poll(() => next.every((id) => core.store.getSummary(id)?.state === 'succeeded')).toBe(true);
    for (const id of next) expect(heard).toContainEqual({ id, reported: 'succeeded', committed: 'succeeded' });
    expect(heard.filter((h) => h.reported !== h.committed)).toEqual([]);
  });

  it('records the other ends when one cannot be recorded', async () => {
    const host = new HeldHost();
    const logged: string[] = [];
    const { core, reader, heard } = await startHeldCore(host, logged);
    const ids = createEchoJobs(core, 4);
    core.dispatcher.kick();
    await expect.poll(() => host.running.size === 3).toBe(true);
    const [a, refused, c] = ids.slice(0, 3) as [number, number, number];
    const successor = ids[3] as number;
    // Fault injection at the database, not in our code: the last write of this one end (closing its
    // attempt, after the job's row and transition were written) fails, as on a constraint or I/O error.
    reader.exec(`CREATE TRIGGER refuse_end BEFORE UPDATE ON job_attempts WHEN OLD.job_id = ${refused}
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);

    heard.length = 0;
    host.finish([a, refused, c]);
    await expect.poll(() => host.running.has(successor)).toBe(true);

    expect(core.store.getSummary(a)?.state).toBe('succeeded');
    expect(core.store.getSummary(c)?.state).toBe('succeeded');
    // The refused end rolled back alone, and nobody was told it happened.
    expect(core.store.getDetail(refused)).toMatchObject({ state: 'running', transitions: [{ to: 'queued' }, { to: 'running' }] });
    expect(heard.filter((h) => h.id === refused)).toEqual([]);
    expect(logged).toContain(`The end of job ${refused} could not be recorded`);
    expect(core.store.getSummary(successor)?.state).toBe('running');
    expect(heard.filter((h) => h.reported !== h.committed)).toEqual([]);

    reader.exec('DROP TRIGGER refuse_end');
    host.finish([successor]);
  });
});
