import { fork, type ChildProcess } from 'node:child_process';
import type { HostMessage, WorkerMessage } from '../common/workerProtocol.js';
import { PROCESS_MARKER_ENV } from '../core/bots/processMarker.js';
import type { SpawnOptions, WorkerExit, WorkerHandle, WorkerHost } from '../core/bots/workerHost.js';

/** Bot workers as forked Node processes: the host for headless mode and for tests. */
export class ChildProcessHost implements WorkerHost {
  constructor(
    private readonly workerEntry: string,
    private readonly execArgv: string[] = [],
  ) {}

  spawn(options: SpawnOptions): WorkerHandle {
    const memory = options.memoryLimitMb ? [`--max-old-space-size=${options.memoryLimitMb}`] : [];
    const env: NodeJS.ProcessEnv = { ...process.env, RPA_WORKER_NAME: options.name };
    // A marker this process inherited belongs to someone else's job: never pass it on.
    delete env[PROCESS_MARKER_ENV];
    if (options.marker) env[PROCESS_MARKER_ENV] = options.marker;
    // On POSIX the worker leads a process group of its own, so its job's end can kill the group (the
    // worker and every child that stayed in it), and a Ctrl-C meant for the app reaches the app, which
    // stops its jobs, instead of killing bots mid-step. On Windows `detached` would open a console.
    const ownProcessGroup = process.platform !== 'win32';
    const child = fork(this.workerEntry, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [...this.execArgv, ...memory],
      env,
      detached: ownProcessGroup,
    });
    return new ChildWorker(child, options.marker, ownProcessGroup);
  }
}

class ChildWorker implements WorkerHandle {
  private killedByUs = false;

  constructor(
    private readonly child: ChildProcess,
    readonly marker: string | undefined,
    readonly ownProcessGroup: boolean,
  ) {
    // An IPC error (the worker died mid-send) is reported through 'exit'; it must not crash the host,
    // and neither may a pipe broken by a kill.
    child.on('error', () => undefined);
    child.stdout?.on('error', () => undefined);
    child.stderr?.on('error', () => undefined);
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
