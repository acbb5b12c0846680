import { utilityProcess, type UtilityProcess } from 'electron';
import type { HostMessage, WorkerMessage } from '../common/workerProtocol.js';
import { PROCESS_MARKER_ENV } from '../core/bots/processMarker.js';
import type { SpawnOptions, WorkerExit, WorkerHandle, WorkerHost } from '../core/bots/workerHost.js';

/**
 * Bot workers as Electron utility processes: a bot's crash or leak never reaches main. A utility
 * process cannot be made a group leader, so its job's processes are found by their marker alone.
 */
export class UtilityProcessHost implements WorkerHost {
  constructor(private readonly workerEntry: string) {}

  spawn(options: SpawnOptions): WorkerHandle {
    const execArgv = options.memoryLimitMb ? [`--max-old-space-size=${options.memoryLimitMb}`] : [];
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
    // A marker main inherited belongs to someone else's job: never pass it on.
    delete env[PROCESS_MARKER_ENV];
    if (options.marker) env[PROCESS_MARKER_ENV] = options.marker;
    const child = utilityProcess.fork(this.workerEntry, [], { serviceName: options.name, stdio: 'pipe', execArgv, env });
    return new UtilityWorker(child, options.marker);
  }
}

class UtilityWorker implements WorkerHandle {
  // Electron reports code 0 for a process it killed: remember that we did.
  private killedByUs = false;
  private exited = false;

  constructor(
    private readonly child: UtilityProcess,
    readonly marker: string | undefined,
  ) {
    child.on('exit', () => {
      this.exited = true;
    });
    // A V8 fatal error is followed by 'exit', which reports it; a pipe broken by a kill must not crash main.
    child.on('error', () => undefined);
    child.stdout?.on('error', () => undefined);
    child.stderr?.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: HostMessage): void {
    if (!this.exited) this.child.postMessage(message);
  }

  onMessage(listener: (message: WorkerMessage) => void): void {
    this.child.on('message', (message: unknown) => listener(message as WorkerMessage));
  }

  onStderr(listener: (text: string) => void): void {
    this.child.stderr?.setEncoding('utf8').on('data', listener);
    this.child.stdout?.setEncoding('utf8').on('data', listener);
  }

  onExit(listener: (exit: WorkerExit) => void): void {
    this.child.on('exit', (code) => listener({ code, signal: null, killedByUs: this.killedByUs }));
  }

  kill(): void {
    if (this.exited) return;
    this.killedByUs = true;
    this.child.kill();
  }
}
