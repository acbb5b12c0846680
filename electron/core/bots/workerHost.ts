import type { HostMessage, WorkerMessage } from '../../common/workerProtocol.js';

/** How a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: string | null;
  /** True when we killed it: Electron reports code 0 for a killed utility process. */
  killedByUs: boolean;
}

/** One running bot worker, whatever kind of process it is. */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: HostMessage): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** Lines the worker wrote to stderr outside the log protocol (crashes, native warnings). */
  onStderr(listener: (text: string) => void): void;
  onExit(listener: (exit: WorkerExit) => void): void;
  /** Kills the worker at once. */
  kill(): void;
}

/** Starts bot workers: a utilityProcess under Electron, a child process under plain Node. */
export interface WorkerHost {
  spawn(options: SpawnOptions): WorkerHandle;
}

/** What a worker is started with. */
export interface SpawnOptions {
  name: string;
  /** V8 heap limit of the worker, so a leaking bot fails instead of starving the workstation. */
  memoryLimitMb?: number;
  /** The bot the worker will run: a worker started ahead of its job loads it while it waits. */
  botFile?: string;
}
