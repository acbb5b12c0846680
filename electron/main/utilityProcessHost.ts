import { utilityProcess, type UtilityProcess } from 'electron';
import type { HostMessage, WorkerMessage } from '../common/workerProtocol.js';
import type { SpawnOptions, WorkerExit, WorkerHandle, WorkerHost } from '../core/bots/workerHost.js';

/** Bot workers as Electron utility processes: a bot's crash or leak never reaches main. */
export class UtilityProcessHost implements WorkerHost {
  constructor(private readonly workerEntry: string) {}

  spawn(options: SpawnOptions): WorkerHandle {
    const execArgv = options.memoryLimitMb ? [`--max-old-space-size=${options.memoryLimitMb}`] : [];
    const child = utilityProcess.fork(this.workerEntry, [], { serviceName: options.name, stdio: 'pipe', execArgv });
    return new UtilityWorker(child);
  }
}

class UtilityWorker implements WorkerHandle {
  // Electron reports code 0 for a process it killed: remember that we did.
  private killedByUs = false;
  private exited = false;

  constructor(private readonly child: UtilityProcess) {
    child.on('exit', () => {
      this.exited = true;
    });
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
