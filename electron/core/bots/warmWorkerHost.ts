import type { HostMessage, WorkerMessage } from '../../common/workerProtocol.js';
import type { SpawnOptions, WorkerExit, WorkerHandle, WorkerHost } from './workerHost.js';

/**
 * A WorkerHost that keeps `size` workers of the wrapped host already started and waiting, so a job
 * does not pay for a process start. Once started, a waiting worker is told to warm up: load the bot
 * it will most likely run (zod and the SDK with it) and compile its parameter schema. Still one
 * process per job: a worker is handed out once and never comes back. `spawn()` hands out a waiting worker with the job's memory limit, preferring one that
 * is ready and has the job's bot loaded (or starts one if none fits), and then starts a replacement
 * with the options of that job, so the pool follows the bots that run. The replacement starts on the
 * next turn of the event loop: starting a process takes milliseconds of main's time, which the job
 * being handed out should not wait for.
 *
 * A worker sends `ready` as soon as it has started, long before the pool attaches its listeners, so
 * every message, stderr chunk and exit is buffered until then. An idle worker that dies is replaced.
 */
export class WarmWorkerHost implements WorkerHost {
  private readonly idle: BufferedWorker[] = [];
  private closed = false;
  private refill: NodeJS.Immediate | null = null;
  private warmOptions: SpawnOptions;

  constructor(
    private readonly inner: WorkerHost,
    private readonly size: number,
    /** What the waiting workers are started with until the first job says better (their name says they wait). */
    warmOptions: SpawnOptions = { name: 'warm bot worker' },
  ) {
    this.warmOptions = warmOptions;
    this.fill();
  }

  /** Workers started and waiting for a job. */
  get waiting(): number {
    return this.idle.length;
  }

  /** Waiting workers that have warmed up: a job handed one starts at once. */
  get ready(): number {
    return this.idle.filter((w) => w.isWarm).length;
  }

  spawn(options: SpawnOptions): WorkerHandle {
    const worker = this.takeIdle(options) ?? this.start(options);
    worker.hire();
    // The marker is the hired worker's own: a replacement gets a fresh one from the host below.
    this.warmOptions = { name: this.warmOptions.name, memoryLimitMb: options.memoryLimitMb, botFile: options.botFile };
    this.scheduleFill();
    return worker;
  }

  /** Stops keeping workers and kills the waiting ones. */
  close(): void {
    this.closed = true;
    if (this.refill) clearImmediate(this.refill);
    this.refill = null;
    for (const worker of this.idle.splice(0)) worker.kill();
  }

  /** The best waiting worker for these options: the memory limit must match; ready beats starting, the job's own bot beats another. */
  private takeIdle(options: SpawnOptions): BufferedWorker | undefined {
    let best: BufferedWorker | undefined;
    let bestScore = -1;
    for (const worker of this.idle) {
      if (worker.options.memoryLimitMb !== options.memoryLimitMb) continue;
      const score = (worker.isWarm ? 2 : 0) + (worker.options.botFile === options.botFile ? 1 : 0);
      if (score > bestScore) {
        best = worker;
        bestScore = score;
      }
    }
    if (best) this.idle.splice(this.idle.indexOf(best), 1);
    return best;
  }

  private scheduleFill(): void {
    if (this.closed || this.refill) return;
    this.refill = setImmediate(() => {
      this.refill = null;
      this.fill();
    });
  }

  private fill(): void {
    while (!this.closed && this.idle.length < this.size) this.idle.push(this.start(this.warmOptions));
  }

  private start(options: SpawnOptions): BufferedWorker {
    const worker = new BufferedWorker(this.inner.spawn(options), options);
    worker.onIdleExit(() => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.scheduleFill();
    });
    return worker;
  }
}

/** Wraps a worker and holds what it says until someone listens. */
class BufferedWorker implements WorkerHandle {
  private readonly messages: WorkerMessage[] = [];
  private readonly stderr: string[] = [];
  private exit: WorkerExit | null = null;
  private messageListeners: ((message: WorkerMessage) => void)[] = [];
  private stderrListeners: ((text: string) => void)[] = [];
  private exitListeners: ((exit: WorkerExit) => void)[] = [];
  private hired = false;
  private idleExit: (() => void) | null = null;
  /** The worker answered 'warm': it has loaded its bot and waits for nothing but a job. */
  isWarm = false;

  constructor(
    private readonly inner: WorkerHandle,
    readonly options: SpawnOptions,
  ) {
    inner.onMessage((message) => {
      // Warming is between this host and the worker: the job's owner hears 'ready' only.
      if (message.type === 'ready' && !this.hired) inner.send({ type: 'warm', botFile: options.botFile ?? null });
      if (message.type === 'warmed') {
        this.isWarm = true;
        return;
      }
      if (this.messageListeners.length === 0) {
        // Heartbeats of a worker nobody has hired yet say nothing its new owner needs: do not hoard them.
        if (!this.hired && message.type === 'heartbeat') return;
        this.messages.push(message);
      }
      for (const listener of this.messageListeners) listener(message);
    });
    inner.onStderr((text) => {
      if (this.stderrListeners.length === 0) this.stderr.push(text);
      for (const listener of this.stderrListeners) listener(text);
    });
    inner.onExit((exit) => {
      this.exit = exit;
      if (!this.hired) this.idleExit?.();
      for (const listener of this.exitListeners) listener(exit);
    });
  }

  get pid(): number | undefined {
    return this.inner.pid;
  }

  get marker(): string | undefined {
    return this.inner.marker;
  }

  get ownProcessGroup(): boolean | undefined {
    return this.inner.ownProcessGroup;
  }

  /** Called once when the worker is handed out: from then on an exit is the job's business. */
  hire(): void {
    this.hired = true;
  }

  onIdleExit(listener: () => void): void {
    this.idleExit = listener;
  }

  send(message: HostMessage): void {
    this.inner.send(message);
  }

  onMessage(listener: (message: WorkerMessage) => void): void {
    this.messageListeners.push(listener);
    // Replay after the listener is in place, so a listener that attaches more listeners sees the order kept.
    for (const message of this.messages.splice(0)) listener(message);
  }

  onStderr(listener: (text: string) => void): void {
    this.stderrListeners.push(listener);
    for (const text of this.stderr.splice(0)) listener(text);
  }

  onExit(listener: (exit: WorkerExit) => void): void {
    this.exitListeners.push(listener);
    // An exit before anyone listened is reported at once, but after the buffered messages, as it happened.
    const exit = this.exit;
    if (exit) queueMicrotask(() => listener(exit));
  }

  kill(): void {
    this.inner.kill();
  }
}
