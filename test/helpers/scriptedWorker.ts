import type { HostMessage, WorkerMessage } from '../../electron/common/workerProtocol.js';
import type { WorkerExit, WorkerHandle } from '../../electron/core/bots/workerHost.js';

/**
 * A worker with no process, for tests and benchmarks of the host side: the owner makes it speak
 * (`emit`) and end (`exit`); `onStart` hears the job id when the pool tells it to start.
 */
export class ScriptedWorker implements WorkerHandle {
  readonly pid = undefined;
  private readonly messageListeners: ((message: WorkerMessage) => void)[] = [];
  private readonly exitListeners: ((exit: WorkerExit) => void)[] = [];
  private exited = false;

  constructor(private readonly onStart: (jobId: number) => void) {}

  emit(message: WorkerMessage): void {
    for (const listener of this.messageListeners) listener(message);
  }

  exit(killedByUs: boolean): void {
    if (this.exited) return;
    this.exited = true;
    for (const listener of this.exitListeners) listener({ code: 0, signal: null, killedByUs });
  }

  send(message: HostMessage): void {
    if (message.type === 'start') this.onStart(message.job.jobId);
  }

  onMessage(listener: (message: WorkerMessage) => void): void {
    this.messageListeners.push(listener);
  }

  onStderr(): void {}

  onExit(listener: (exit: WorkerExit) => void): void {
    this.exitListeners.push(listener);
  }

  kill(): void {
    this.exit(true);
  }
}
