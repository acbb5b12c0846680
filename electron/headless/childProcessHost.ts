import { fork, type ChildProcess } from 'node:child_process';
import type { HostMessage, WorkerMessage } from '../common/workerProtocol.js';
import type { SpawnOptions, WorkerExit, WorkerHandle, WorkerHost } from '../core/bots/workerHost.js';

/** Bot workers as forked Node processes: the host for headless mode and for tests. */
export class ChildProcessHost implements WorkerHost {
  constructor(
    private readonly workerEntry: string,
    private readonly execArgv: string[] = [],
  ) {}

  spawn(options: SpawnOptions): WorkerHandle {
    const memory = options.memoryLimitMb ? [`--max-old-space-size=${options.memoryLimitMb}`] : [];
    const child = fork(this.workerEntry, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [...this.execArgv, ...memory],
      env: { ...process.env, RPA_WORKER_NAME: options.name },
    });
    return new ChildWorker(child);
  }
}

class ChildWorker implements WorkerHandle {
  private killedByUs = false;

  constructor(private readonly child: ChildProcess) {
    // An IPC error (the worker died mid-send) is reported through 'exit'; it must not crash the host.
    child.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: HostMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  onMessage(listener: (message: WorkerMessage) => void): void {
    this.child.on('message', (message) => listener(message as WorkerMessage));
  }

  onStderr(listener: (text: string) => void): void {
    this.child.stderr?.setEncoding('utf8').on('data', listener);
    this.child.stdout?.setEncoding('utf8').on('data', listener);
  }

  onExit(listener: (exit: WorkerExit) => void): void {
    this.child.on('exit', (code, signal) => listener({ code, signal, killedByUs: this.killedByUs }));
  }

  kill(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.killedByUs = true;
    this.child.kill('SIGKILL');
  }
}
