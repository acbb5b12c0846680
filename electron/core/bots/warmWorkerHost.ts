import type { HostMessage, WorkerMessage } from '../../common/workerProtocol.js';
import type { WorkerExit, WorkerHandle, WorkerHost } from './workerHost.js';

type SpawnOptions = Parameters<WorkerHost['spawn']>[0];

/**
 * A WorkerHost that keeps `size` workers of the wrapped host already started and waiting, so a job
 * does not pay for a process start. `spawn()` hands out a waiting worker (or starts one if none is
 * left) and starts a replacement. A worker sends `ready` as soon as it has started, long before
 * the pool attaches its listeners, so every message, stderr chunk and exit is buffered until then.
 * An idle worker that dies is replaced.
 */
export class WarmWorkerHost implements WorkerHost {
  private readonly idle: BufferedWorker[] = [];
  private closed = false;

  constructor(
    private readonly inner: WorkerHost,
    private readonly size: number,
    /** What the waiting workers are started with (their name says they wait; a job's own options cannot be known yet). */
    private readonly warmOptions: SpawnOptions = { name: 'warm bot worker' },
  ) {
    this.fill();
  }

  /** Workers started and waiting for a job. */
  get waiting(): number {
    return this.idle.length;
  }

  spawn(options: SpawnOptions): WorkerHandle {
    const worker = this.idle.shift() ?? this.start(options);
    worker.hire();
    this.fill();
    return worker;
  }

  /** Stops keeping workers and kills the waiting ones. */
  close(): void {
    this.closed = true;
    for (const worker of this.idle.splice(0)) worker.kill();
  }

  private fill(): void {
    while (!this.closed && this.idle.length < this.size) this.idle.push(this.start(this.warmOptions));
  }

  private start(options: SpawnOptions): BufferedWorker {
    const worker = new BufferedWorker(this.inner.spawn(options));
    worker.onIdleExit(() => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.fill();
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

  constructor(private readonly inner: WorkerHandle) {
    inner.onMessage((message) => {
      if (this.messageListeners.length === 0) this.messages.push(message);
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
