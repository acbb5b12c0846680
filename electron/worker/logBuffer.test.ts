import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkerLogLine } from '../common/workerProtocol.js';
import { LogBuffer } from './logBuffer.js';

/** A LogBuffer whose sent batches are kept, in order, as the host would receive them. */
function recordingBuffer(): { logs: LogBuffer; batches: WorkerLogLine[][]; messages: () => string[] } {
  const batches: WorkerLogLine[][] = [];
  const logs = new LogBuffer((lines) => batches.push(lines));
  return { logs, batches, messages: () => batches.flat().map((l) => l.message) };
}

function writeLines(logs: LogBuffer, from: number, count: number): void {
  for (let i = from; i < from + count; i++) logs.write('INFO', `line ${i}`);
}

function lineNames(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `line ${from + i}`);
}

/** Lets queued microtasks run (the leading-edge flush is one). */
function endOfTurn(): Promise<void> {
  return Promise.resolve();
}

describe('LogBuffer batching (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the first lines after a quiet spell at the end of the synchronous run, together in one batch', async () => {
    const { logs, batches, messages } = recordingBuffer();
    writeLines(logs, 0, 3);
    expect(batches).toHaveLength(0);
    await endOfTurn();
    expect(batches).toHaveLength(1);
    expect(messages()).toEqual(lineNames(0, 3));
    expect(batches[0]?.[0]).toMatchObject({ level: 'INFO', at: Date.now() });
  });

  it('holds lines written within 50 ms of a batch for the next one, then goes leading-edge again after a quiet spell', async () => {
    const { logs, batches } = recordingBuffer();
    logs.write('INFO', 'first');
    await endOfTurn();
    expect(batches).toHaveLength(1);
    logs.acked();

    vi.advanceTimersByTime(10);
    logs.write('INFO', 'second');
    logs.write('WARNING', 'third');
    await endOfTurn();
    // Not at the end of this turn: the last batch went out only 10 ms ago.
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(39);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(batches.map((b) => b.map((l) => l.message))).toEqual([['first'], ['second', 'third']]);
    logs.acked();

    // An ack does not send a partial batch ahead of its 50 ms rhythm either.
    vi.advanceTimersByTime(20);
    logs.write('INFO', 'fourth');
    logs.acked();
    await endOfTurn();
    expect(batches).toHaveLength(2);
    vi.advanceTimersByTime(30);
    expect(batches).toHaveLength(3);
    logs.acked();

    vi.advanceTimersByTime(50);
    logs.write('INFO', 'after a quiet spell');
    await endOfTurn();
    expect(batches.map((b) => b.map((l) => l.message))).toEqual([['first'], ['second', 'third'], ['fourth'], ['after a quiet spell']]);
  });

  it('never puts more than 1,000 lines in one batch, and keeps their order', async () => {
    const { logs, batches, messages } = recordingBuffer();
    writeLines(logs, 0, 2_500);
    await endOfTurn();
    expect(batches.map((b) => b.length)).toEqual([1_000, 1_000, 500]);
    expect(messages()).toEqual(lineNames(0, 2_500));
  });

  it('keeps at most 4 batches in flight; each ack releases exactly one more', async () => {
    const { logs, batches, messages } = recordingBuffer();
    writeLines(logs, 0, 6_500);
    await endOfTurn();
    vi.advanceTimersByTime(1_000);
    expect(batches).toHaveLength(4);

    logs.acked();
    expect(batches).toHaveLength(5);
    vi.advanceTimersByTime(1_000);
    expect(batches).toHaveLength(5);

    logs.acked();
    expect(batches).toHaveLength(6);
    // The last, partial batch (500 lines) is already due, so an ack sends it at once.
    logs.acked();
    expect(batches).toHaveLength(7);
    expect(batches.map((b) => b.length)).toEqual([1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 500]);
    expect(messages()).toEqual(lineNames(0, 6_500));
  });

  it('does not send a partial batch past the limit on its timer; the next ack does', async () => {
    const { logs, batches } = recordingBuffer();
    for (let i = 0; i < 4; i++) {
      logs.write('INFO', `batch ${i}`);
      await endOfTurn();
      vi.advanceTimersByTime(50);
    }
    expect(batches).toHaveLength(4);
    vi.advanceTimersByTime(10);
    logs.write('INFO', 'waits for room');
    await endOfTurn();
    vi.advanceTimersByTime(500);
    expect(batches).toHaveLength(4);
    logs.acked();
    expect(batches.at(-1)?.map((l) => l.message)).toEqual(['waits for room']);
  });

  it('drain() resolves only once every line is sent, however many acks that takes', async () => {
    const { logs, batches, messages } = recordingBuffer();
    writeLines(logs, 0, 5_200);
    let drained = false;
    void logs.drain().then(() => {
      drained = true;
    });
    await endOfTurn();
    expect(batches).toHaveLength(4);
    expect(drained).toBe(false);

    logs.acked();
    await endOfTurn();
    expect(batches).toHaveLength(5);
    expect(drained).toBe(false);

    logs.acked();
    await endOfTurn();
    expect(batches).toHaveLength(6);
    expect(drained).toBe(true);
    expect(messages()).toEqual(lineNames(0, 5_200));
  });

  it('drain() sends a partial batch at once instead of waiting out the 50 ms, and resolves at once when nothing waits', async () => {
    const { logs, batches } = recordingBuffer();
    await expect(logs.drain()).resolves.toBeUndefined();
    logs.write('INFO', 'one');
    await endOfTurn();
    logs.write('INFO', 'last words');
    await logs.drain();
    expect(batches.map((b) => b.map((l) => l.message))).toEqual([['one'], ['last words']]);
  });
});

describe('LogBuffer under backpressure (real clock)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('loses and reorders nothing in a flood of 50,000 lines with acks arriving asynchronously', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const batches: WorkerLogLine[][] = [];
    const logs: LogBuffer = new LogBuffer((lines) => {
      batches.push(lines);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      // The host stores the batch on a later turn and acknowledges it.
      setImmediate(() => {
        inFlight -= 1;
        logs.acked();
      });
    });
    // 10 batches a turn against at most 4 acks a turn: the writer runs far ahead of the host.
    for (let from = 0; from < 50_000; from += 10_000) {
      writeLines(logs, from, 10_000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await logs.drain();

    expect(batches.flat().map((l) => l.message)).toEqual(lineNames(0, 50_000));
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(1_000);
    expect(mostInFlight).toBeLessThanOrEqual(4);
  });

  it('holds a writer that is more than 20,000 lines ahead of the acks, once per turn of its event loop', async () => {
    const wait = vi.spyOn(Atomics, 'wait');
    const { logs, messages } = recordingBuffer();
    // 4 batches in flight and 20 waiting: exactly at the limit, not beyond it.
    writeLines(logs, 0, 24_000);
    expect(wait).not.toHaveBeenCalled();

    // Beyond it: held, but only once in this synchronous run, so acks can still come in between.
    writeLines(logs, 24_000, 6_000);
    expect(wait).toHaveBeenCalledTimes(1);
    expect(wait).toHaveBeenCalledWith(expect.any(Int32Array), 0, 0, 10);

    // On the next turn a writer still that far ahead is held again.
    await new Promise((resolve) => setImmediate(resolve));
    writeLines(logs, 30_000, 1_000);
    expect(wait).toHaveBeenCalledTimes(2);

    // Held, not dropped: once the host catches up every line arrives, in order.
    const drained = logs.drain();
    for (let i = 0; i < 31; i++) logs.acked();
    await drained;
    expect(messages()).toEqual(lineNames(0, 31_000));
  });
});
