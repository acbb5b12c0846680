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
  /** The RPA_DESK_JOB value the worker and every process it starts inherit; undefined when unmarked. */
  readonly marker?: string;
  /** True when the worker leads its own POSIX process group, so the group can be killed as a whole. */
  readonly ownProcessGroup?: boolean;
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
  /** Put in the worker's environment as RPA_DESK_JOB, so its processes can be found and killed with its job. */
  marker?: string;
}
