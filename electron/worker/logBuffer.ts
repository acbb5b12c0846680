import type { LogLevel } from '../common/domain.js';
import type { WorkerLogLine } from '../common/workerProtocol.js';

const FLUSH_EVERY_MS = 50;
const MAX_LINES_PER_BATCH = 1_000;
/**
 * Batches sent but not yet stored by the host. Enough that the host always has the next batch at
 * hand while it stores one; few enough that a bot logging flat out cannot pile lines up in main:
 * the backlog stays here, in the bot's own process, bounded by its own memory limit.
 */
const MAX_BATCHES_IN_FLIGHT = 4;
/**
 * Lines waiting here beyond which the bot is held back: it logs faster than the host can store, and
 * would otherwise grow this buffer until it runs out of memory and starve the host of CPU meanwhile.
 */
const MAX_WAITING_LINES = 20_000;
/** How long such a bot is held, once per turn of its event loop, as a full pipe holds a writer. */
const HOLD_PER_TURN_MS = 10;
const holdCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Collects log lines and sends them in batches, never one message per line, so a chatty bot cannot
 * flood the host's event loop. The first lines after a quiet spell go out at once (at the end of the
 * current synchronous run of the bot, so lines written together still travel together); lines that
 * follow within 50 ms wait for the next batch, at most 1,000 lines each. The host acknowledges
 * every stored batch; while it is behind, lines wait here, and a bot that keeps logging faster than
 * the host stores is slowed down rather than left to pile up lines without bound.
 */
export class LogBuffer {
  /** Full batches waiting for room at the host, oldest first; then the batch being filled. */
  private full: WorkerLogLine[][] = [];
  private current: WorkerLogLine[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushQueued = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private inFlight = 0;
  private drained: (() => void)[] = [];
  private heldThisTurn = false;

  constructor(private readonly send: (lines: WorkerLogLine[]) => void) {}

  write(level: LogLevel, message: string): void {
    this.current.push({ at: Date.now(), level, message });
    if (this.current.length >= MAX_LINES_PER_BATCH) {
      this.full.push(this.current);
      this.current = [];
      this.sendWhileRoom();
      if (this.full.length * MAX_LINES_PER_BATCH > MAX_WAITING_LINES) this.holdWriter();
    } else this.schedule();
  }

  /** The host stored one batch: room for the next. */
  acked(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    // A full batch goes at once; a partial one keeps to the 50 ms rhythm unless it was already due.
    if (this.full.length > 0 || (this.current.length > 0 && this.timer === null && !this.flushQueued)) this.sendWhileRoom();
  }

  /** Sends what is buffered as soon as the host has room; resolves once nothing is left here (before the worker exits). */
  drain(): Promise<void> {
    this.sendWhileRoom();
    if (this.isEmpty()) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /**
   * Blocks the bot for a moment, at most once per turn of its event loop so the host's
   * acknowledgements still come in between: its logging slows to what the host can store.
   */
  private holdWriter(): void {
    if (this.heldThisTurn) return;
    this.heldThisTurn = true;
    setImmediate(() => {
      this.heldThisTurn = false;
    });
    Atomics.wait(holdCell, 0, 0, HOLD_PER_TURN_MS);
  }

  private schedule(): void {
    if (this.timer !== null || this.flushQueued) return;
    const quietFor = Date.now() - this.lastSentAt;
    if (quietFor >= FLUSH_EVERY_MS) {
      // Leading edge: nothing went out lately, so the operator sees this line without waiting.
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        this.sendWhileRoom();
      });
    } else {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.sendWhileRoom();
      }, FLUSH_EVERY_MS - quietFor);
    }
  }

  private sendWhileRoom(): void {
    this.clearTimer();
    while (!this.isEmpty() && this.inFlight < MAX_BATCHES_IN_FLIGHT) this.sendBatch();
    if (this.isEmpty()) for (const resolve of this.drained.splice(0)) resolve();
  }

  private sendBatch(): void {
    let batch = this.full.shift();
    if (!batch) {
      batch = this.current;
      this.current = [];
    }
    this.inFlight += 1;
    this.lastSentAt = Date.now();
    this.send(batch);
  }

  private isEmpty(): boolean {
    return this.full.length === 0 && this.current.length === 0;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
