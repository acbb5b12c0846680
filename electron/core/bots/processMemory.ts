import fs from 'node:fs';
import { commandOutput } from './commandOutput.js';

/**
 * The resident memory (RSS) of a process in bytes, or null when it is gone or unreadable. Resident
 * memory counts what V8's heap limit does not: Buffers, native add-ons, a script bot's interpreter.
 * Linux reads /proc (no process started); macOS asks `ps`; Windows asks `tasklist` (working set).
 * Only the Linux path is exercised by the tests.
 */
export async function residentMemoryBytes(pid: number): Promise<number | null> {
  if (process.platform === 'linux') {
    const status = await fs.promises.readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
    const kib = status ? /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] : undefined;
    return kib ? Number(kib) * 1024 : null;
  }
  if (process.platform === 'win32') {
    // "node.exe","1234","Console","1","45,236 K": the last field, with the locale's digit grouping.
    const out = await commandOutput('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH']);
    const last = out?.trim().split(/\r?\n/)[0]?.split('","').at(-1);
    const kib = last?.replace(/[^\d]/g, '');
    return kib ? Number(kib) * 1024 : null;
  }
  const out = await commandOutput('ps', ['-o', 'rss=', '-p', String(pid)]);
  const kib = out?.trim();
  return kib && /^\d+$/.test(kib) ? Number(kib) * 1024 : null;
}

/** One process whose resident memory is sampled until it is stopped. */
export interface MemoryWatch {
  /** The highest resident memory seen so far, in bytes (0 before the first sample). */
  readonly peakBytes: number;
  stop(): void;
}

/** How often memory is sampled: reading /proc is cheap; elsewhere each sample starts a process. */
export const MEMORY_SAMPLE_MS = process.platform === 'linux' ? 100 : 1_000;

/**
 * Samples `pid`'s resident memory now and every `intervalMs` (one timer, one read in flight at most)
 * and calls `onExceeded` once with the peak when it goes over `limitBytes`; sampling stops then.
 */
export function watchMemory(pid: number, limitBytes: number, onExceeded: (peakBytes: number) => void, intervalMs = MEMORY_SAMPLE_MS): MemoryWatch {
  let peakBytes = 0;
  let reading = false;
  let stopped = false;
  const sample = (): void => {
    if (reading || stopped) return;
    reading = true;
    void residentMemoryBytes(pid)
      .then((bytes) => {
        reading = false;
        if (stopped || bytes === null) return;
        peakBytes = Math.max(peakBytes, bytes);
        if (bytes > limitBytes) {
          watch.stop();
          onExceeded(peakBytes);
        }
      })
      .catch(() => {
        reading = false;
      });
  };
  const timer = setInterval(sample, intervalMs);
  // Sampling never keeps the app alive by itself.
  timer.unref();
  const watch: MemoryWatch = {
    get peakBytes() {
      return peakBytes;
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
  sample();
  return watch;
}

/** Bytes as operators read them in a message: "1,034 MiB". */
export function formatMiB(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024)).toLocaleString('en-US')} MiB`;
}
