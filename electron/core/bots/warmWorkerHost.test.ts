import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerMessage } from '../../common/workerProtocol.js';
import { ChildProcessHost } from '../../headless/childProcessHost.js';
import { builtPaths } from '../../../test/helpers/paths.js';
import type { WorkerExit, WorkerHandle, WorkerHost } from './workerHost.js';
import { WarmWorkerHost } from './warmWorkerHost.js';

/** Counts the workers the real host starts, and keeps them to kill at the end. */
class CountingHost implements WorkerHost {
  readonly started: WorkerHandle[] = [];
  private readonly inner = new ChildProcessHost(builtPaths.workerEntry);

  spawn(options: { name: string }): WorkerHandle {
    const worker = this.inner.spawn(options);
    this.started.push(worker);
    return worker;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('WarmWorkerHost', () => {
  let counting: CountingHost;
  let warm: WarmWorkerHost | null = null;

  afterEach(() => {
    warm?.close();
    warm = null;
    for (const worker of counting.started) worker.kill();
  });

  it("hands out a worker started ahead whose 'ready' arrived before anyone listened", async () => {
    counting = new CountingHost();
    warm = new WarmWorkerHost(counting, 1);
    expect(counting.started).toHaveLength(1);
    // Long enough for the worker to start and send 'ready' while nobody listens.
    await sleep(1_500);

    const worker = warm.spawn({ name: 'job 1' });
    expect(worker.pid).toBe(counting.started[0]?.pid);
    // The replacement starts on the next turn of the event loop, not before the job's worker is handed out.
    expect(counting.started).toHaveLength(1);
    await expect.poll(() => counting.started.length === 2).toBe(true);

    const messages: WorkerMessage[] = [];
    worker.onMessage((message) => messages.push(message));
    // 'ready' first; heartbeats sent meanwhile may follow it, nothing else.
    expect(messages[0]).toEqual({ type: 'ready' });
    expect(messages.slice(1).every((m) => m.type === 'heartbeat')).toBe(true);

    const exit = new Promise<WorkerExit>((resolve) => worker.onExit(resolve));
    worker.kill();
    expect((await exit).killedByUs).toBe(true);
  });

  it('replaces an idle worker that died', async () => {
    counting = new CountingHost();
    warm = new WarmWorkerHost(counting, 2);
    expect(counting.started).toHaveLength(2);
    await expect.poll(() => counting.started.every((w) => w.pid !== undefined)).toBe(true);

    counting.started[0]?.kill();
    await expect.poll(() => counting.started.length === 3).toBe(true);
    expect(warm.waiting).toBe(2);

    // The replacement works: it says 'ready' to whoever takes it, even much later.
    await sleep(1_500);
    const pids = new Set<number | undefined>();
    for (let i = 0; i < 2; i++) {
      const worker = warm.spawn({ name: `job ${i}` });
      pids.add(worker.pid);
      const ready = await new Promise<WorkerMessage>((resolve) => worker.onMessage(resolve));
      expect(ready).toEqual({ type: 'ready' });
    }
    expect(pids.has(counting.started[0]?.pid)).toBe(false);
  });

  it('reports to a late listener an exit that happened while the worker was handed out but not yet watched', async () => {
    counting = new CountingHost();
    warm = new WarmWorkerHost(counting, 1);
    const worker = warm.spawn({ name: 'job' });
    worker.kill();
    await sleep(500);
    const exit = await new Promise<WorkerExit>((resolve) => worker.onExit(resolve));
    expect(exit.killedByUs).toBe(true);
  });
});
