import type { LogLevel } from '../common/domain.js';
import type { WorkerLogLine } from '../common/workerProtocol.js';

const FLUSH_EVERY_MS = 50;
const MAX_LINES_PER_BATCH = 1_000;

/**
 * Collects log lines and sends them in batches: one message per 50 ms or per 1,000 lines, never
 * one per line, so a chatty bot cannot flood the host's event loop.
 */
export class LogBuffer {
  private lines: WorkerLogLine[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly send: (lines: WorkerLogLine[]) => void) {}

  write(level: LogLevel, message: string): void {
    this.lines.push({ at: Date.now(), level, message });
    if (this.lines.length >= MAX_LINES_PER_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_EVERY_MS);
  }

  /** Sends what is buffered now, e.g. before the worker reports its result. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.lines.length === 0) return;
    const batch = this.lines;
    this.lines = [];
    this.send(batch);
  }
}
