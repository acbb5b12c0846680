import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { commandOutput } from './commandOutput.js';
import type { SpawnOptions, WorkerHandle, WorkerHost } from './workerHost.js';

/**
 * The environment variable that marks every process of a bot worker: the worker and whatever it
 * starts, detached or not (the browser included), inherit it. Its value is
 * `<install>:<boot>:<worker>`: the install keeps two RPA Desk data folders on one machine from
 * touching each other's processes, the boot tells this run's workers from a crashed run's, and the
 * worker (one worker runs one job) tells a job's processes from its neighbours'. A worker is named,
 * not its job, because warm workers start before their job is known.
 */
export const PROCESS_MARKER_ENV = 'RPA_DESK_JOB';

/** A short, stable id of the install: a hash of its data folder's real path. */
export function installId(dataDir: string): string {
  let real = path.resolve(dataDir);
  try {
    real = fs.realpathSync(real);
  } catch {
    // Not created yet: the resolved path is as stable.
  }
  return createHash('sha256').update(real).digest('hex').slice(0, 12);
}

/** Hands out the markers of one run of the app and recognises those a crashed run left. */
export class ProcessMarkers {
  private issued = 0;
  private readonly bootPrefix: string;

  constructor(
    readonly install: string,
    bootId: string,
  ) {
    this.bootPrefix = `${install}:${bootId.replace(/-/g, '').slice(0, 12)}:`;
  }

  /** A fresh marker for one worker. */
  issue(): string {
    this.issued += 1;
    return `${this.bootPrefix}${this.issued}`;
  }

  /** True for a marker of this install from an earlier run: nothing of that run is running any more. */
  isLeftover(marker: string): boolean {
    return marker.startsWith(`${this.install}:`) && !marker.startsWith(this.bootPrefix);
  }
}

/** A WorkerHost that gives each worker a marker of its own (the real host puts it in the worker's environment). */
export class MarkingWorkerHost implements WorkerHost {
  constructor(
    private readonly inner: WorkerHost,
    private readonly markers: ProcessMarkers,
  ) {}

  spawn(options: SpawnOptions): WorkerHandle {
    return this.inner.spawn({ ...options, marker: this.markers.issue() });
  }
}

/** Where the marker's value begins in an environment block or a `ps -E` line. */
const MARKER_PREFIX = `${PROCESS_MARKER_ENV}=`;

/**
 * Pids of the processes whose marker passes `test`, or null where environments of other processes
 * cannot be read (Windows). Linux reads /proc/<pid>/environ (no process started); macOS reads
 * `ps -E` (environments of this user's processes). Never this process itself. A process that
 * replaced its environment with one without the marker (`env -i`) is not found.
 */
export async function findMarkedProcesses(test: (marker: string) => boolean): Promise<number[] | null> {
  if (process.platform === 'win32') return null;
  const found: number[] = [];
  if (process.platform === 'linux') {
    const entries = await fs.promises.readdir('/proc').catch(() => [] as string[]);
    await Promise.all(
      entries.map(async (entry) => {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return;
        // Unreadable (another user's, or gone) means not ours; a zombie's environment reads empty.
        const environ = await fs.promises.readFile(`/proc/${entry}/environ`, 'latin1').catch(() => '');
        const variable = environ.split('\0').find((v) => v.startsWith(MARKER_PREFIX));
        if (variable && test(variable.slice(MARKER_PREFIX.length))) found.push(Number(entry));
      }),
    );
    return found;
  }
  const out = await commandOutput('ps', ['-E', '-ww', '-ax', '-o', 'pid=,command=']);
  for (const line of out?.split('\n') ?? []) {
    const pid = Number(/^\s*(\d+)\s/.exec(line)?.[1]);
    const marker = new RegExp(`(?:^|\\s)${MARKER_PREFIX}(\\S+)`).exec(line)?.[1];
    if (pid && pid !== process.pid && marker && test(marker)) found.push(pid);
  }
  return found;
}

/**
 * Kills every process whose marker passes `test` and returns their pids. Each is proven ours by the
 * marker read just before the kill. It looks again after each round, because a process may start
 * another while its siblings die; three rounds end even a process that forks as fast as it can.
 */
export async function killMarkedProcesses(test: (marker: string) => boolean): Promise<number[]> {
  const killed: number[] = [];
  for (let round = 0; round < 3; round++) {
    const pids = (await findMarkedProcesses(test)) ?? [];
    const fresh = pids.filter((pid) => !killed.includes(pid));
    if (fresh.length === 0) break;
    for (const pid of fresh) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // Already gone.
      }
    }
  }
  return killed;
}
