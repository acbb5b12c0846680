import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../../common/domain.js';
import { builtPaths, tempDir } from '../../../test/helpers/paths.js';
import { EventBus } from '../events/eventBus.js';
import { openDatabase } from '../store/database.js';
import { JobStore, type NewLogLine } from './jobStore.js';
import { LogIngest } from './logIngest.js';

let store: JobStore;
let sqlite: Database.Database;
let events: EventBus;
let published: { jobId: number; lines: LogLine[] }[];
let errors: string[];
let clock: number;

beforeEach(async () => {
  const opened = await openDatabase({ file: path.join(tempDir(), 'db.sqlite'), migrationsDir: builtPaths.migrationsDir });
  sqlite = opened.sqlite;
  store = new JobStore(
    opened.db,
    sqlite,
    (id) => `Title of ${id}`,
    () => 1_000,
  );
  events = new EventBus();
  published = [];
  errors = [];
  events.on('log.appended', (payload) => published.push(payload));
  clock = 1_000_000;
  // The publish throttle's timers wait for the test to move them; setImmediate, which the slices
  // yield with, stays real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
  sqlite.close();
});

function newIngest(checkpointWal?: () => Promise<void>): LogIngest {
  return new LogIngest(store, events, {
    logError: (message) => errors.push(message),
    now: () => clock,
    checkpointWal,
  });
}

function newJob(): number {
  return store.createJob({ botId: 'b', params: {}, createdBy: 'x' }).id;
}

function lines(count: number, tag: string): NewLogLine[] {
  return Array.from({ length: count }, (_, i) => ({ at: i, level: 'INFO', message: `${tag} #${i}` }));
}

/** Queues the lines; resolves when `onStored` runs. */
function added(ingest: LogIngest, jobId: number, batch: NewLogLine[], attempt = 1): Promise<void> {
  return new Promise((resolve) => ingest.add(jobId, attempt, batch, resolve));
}

/** The next turn of the event loop: a setImmediate queued now runs after those queued before it. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function storedRows(jobId: number): LogLine[] {
  return sqlite.prepare('SELECT id, job_id AS jobId, attempt, at, level, message FROM log_lines WHERE job_id = ? ORDER BY id').all(jobId) as LogLine[];
}

function storedCount(jobId: number): number {
  return sqlite.prepare('SELECT COUNT(*) FROM log_lines WHERE job_id = ?').pluck().get(jobId) as number;
}

function publishedLines(jobId: number): LogLine[] {
  return published.filter((e) => e.jobId === jobId).flatMap((e) => e.lines);
}

describe('log ingest', () => {
  it('stores and publishes every line of every job once, in the order it came', async () => {
    const ingest = newIngest();
    const jobs = [newJob(), newJob(), newJob()];
    const expected = new Map<number, string[]>(jobs.map((id) => [id, []]));
    const acks: Promise<void>[] = [];
    for (let round = 0; round < 30; round++) {
      for (const [j, jobId] of jobs.entries()) {
        const batch = lines(((round * 37 + j * 11) % 120) + 1, `job ${jobId} round ${round}`);
        expected.get(jobId)?.push(...batch.map((l) => l.message));
        acks.push(added(ingest, jobId, batch, 1 + (round % 2)));
      }
    }
    await Promise.all(acks);
    vi.advanceTimersByTime(50);
    for (const jobId of jobs) {
      const rows = storedRows(jobId);
      expect(rows.map((r) => r.message)).toEqual(expected.get(jobId));
      expect(publishedLines(jobId)).toEqual(rows);
    }
    const events = published.length;
    ingest.flushAll();
    expect(published.length).toBe(events);
    expect(errors).toEqual([]);
  });

  it('stores a flood in slices of at most 1,000 rows, letting other work run between them', async () => {
    const ingest = newIngest();
    const jobId = newJob();
    let acked = false;
    const stored = added(ingest, jobId, lines(3_500, 'flood')).then(() => (acked = true));
    const seenBetweenSlices: number[] = [];
    const ackedBetweenSlices: boolean[] = [];
    const probe = (): void => {
      seenBetweenSlices.push(storedCount(jobId));
      ackedBetweenSlices.push(acked);
      if (seenBetweenSlices.at(-1)! < 3_500) setImmediate(probe);
    };
    setImmediate(probe);
    await stored;
    // The probe queued right after add() ran between slices, each time, and never saw the ack.
    expect(seenBetweenSlices.length).toBeGreaterThanOrEqual(3);
    expect(seenBetweenSlices[0]).toBeGreaterThan(0);
    expect(ackedBetweenSlices.every((a) => !a)).toBe(true);
    const counts = [0, ...seenBetweenSlices.filter((n) => n < 3_500), 3_500];
    for (let i = 1; i < counts.length; i++) {
      expect(counts[i]! - counts[i - 1]!).toBeGreaterThan(0);
      expect(counts[i]! - counts[i - 1]!).toBeLessThanOrEqual(1_000);
    }
    expect(storedRows(jobId).map((r) => r.message)).toEqual(lines(3_500, 'flood').map((l) => l.message));
  });

  it('acknowledges a batch only once all its lines are stored', async () => {
    const ingest = newIngest();
    const a = newJob();
    const b = newJob();
    const countsAtAck: Record<string, number> = {};
    const ackA = new Promise<void>((resolve) =>
      ingest.add(a, 1, lines(1_500, 'a'), () => {
        countsAtAck.a = storedCount(a);
        resolve();
      }),
    );
    const ackB = new Promise<void>((resolve) =>
      ingest.add(b, 1, lines(10, 'b'), () => {
        countsAtAck.b = storedCount(b);
        resolve();
      }),
    );
    await Promise.all([ackA, ackB]);
    expect(countsAtAck).toEqual({ a: 1_500, b: 10 });

    let emptyAcked = false;
    ingest.add(a, 1, [], () => (emptyAcked = true));
    expect(emptyAcked).toBe(true);
  });

  it('stores and publishes a job’s queued lines at once when flushed, leaving other jobs queued', async () => {
    const ingest = newIngest();
    const a = newJob();
    const b = newJob();
    let ackedA = false;
    ingest.add(a, 1, lines(2_500, 'a'), () => (ackedA = true));
    const ackB = added(ingest, b, lines(20, 'b'));
    await nextTurn();
    expect(storedCount(a)).toBeGreaterThan(0);
    expect(storedCount(a)).toBeLessThan(2_500);

    ingest.flushJob(a);
    // What the caller records next (the job's end) comes after every line, and listeners heard them all.
    expect(ackedA).toBe(true);
    const rows = storedRows(a);
    expect(rows.map((r) => r.message)).toEqual(lines(2_500, 'a').map((l) => l.message));
    expect(publishedLines(a)).toEqual(rows);
    expect(storedCount(b)).toBe(0);

    await ackB;
    vi.advanceTimersByTime(50);
    expect(storedRows(a)).toEqual(rows);
    expect(publishedLines(a)).toEqual(rows);
    expect(publishedLines(b)).toEqual(storedRows(b));
    expect(storedCount(b)).toBe(20);
  });

  it('publishes a burst in few events: the first lines at once, the rest when the interval is up', async () => {
    const ingest = newIngest();
    const jobId = newJob();
    const acks = Array.from({ length: 40 }, (_, i) => added(ingest, jobId, lines(100, `burst ${i}`)));
    await Promise.all(acks);
    expect(storedCount(jobId)).toBe(4_000);
    expect(published.length).toBe(1);
    vi.advanceTimersByTime(50);
    expect(published.length).toBe(2);
    expect(publishedLines(jobId)).toEqual(storedRows(jobId));

    // After a quiet spell the next line goes out at once, without waiting for a timer.
    clock += 50;
    await added(ingest, jobId, lines(1, 'after a pause'));
    expect(published.length).toBe(3);
    expect(published[2]?.lines.map((l) => l.message)).toEqual(['after a pause #0']);
  });

  it('publishes on flush whatever the throttle held back, once, and the next line at once', async () => {
    const ingest = newIngest();
    const jobId = newJob();
    await added(ingest, jobId, lines(1, 'first'));
    await added(ingest, jobId, lines(5, 'held'));
    expect(published.length).toBe(1);
    ingest.flushJob(jobId);
    expect(published.length).toBe(2);
    expect(published[1]?.lines.map((l) => l.message)).toEqual(lines(5, 'held').map((l) => l.message));
    vi.advanceTimersByTime(50);
    expect(published.length).toBe(2);
    await added(ingest, jobId, lines(1, 'retry'));
    expect(published.length).toBe(3);
    expect(publishedLines(jobId)).toEqual(storedRows(jobId));
  });

  it('stores and publishes everything queued when flushed all, and nothing twice afterwards', async () => {
    const ingest = newIngest();
    const jobs = [newJob(), newJob(), newJob()];
    const acked: number[] = [];
    ingest.add(jobs[0]!, 1, lines(2_500, 'big'), () => acked.push(0));
    ingest.add(jobs[1]!, 1, lines(3, 'small'), () => acked.push(1));
    ingest.add(jobs[2]!, 2, lines(700, 'mid'), () => acked.push(2));
    ingest.add(jobs[1]!, 1, lines(4, 'more'), () => acked.push(3));
    ingest.flushAll();
    expect(acked).toEqual([0, 1, 2, 3]);
    expect(jobs.map(storedCount)).toEqual([2_500, 7, 700]);
    for (const jobId of jobs) expect(publishedLines(jobId)).toEqual(storedRows(jobId));
    const events = published.length;
    for (let turn = 0; turn < 5; turn++) await nextTurn();
    vi.advanceTimersByTime(1_000);
    expect(jobs.map(storedCount)).toEqual([2_500, 7, 700]);
    expect(published.length).toBe(events);
  });

  it('loses only the lines of a batch that cannot be stored, and says so', async () => {
    const ingest = newIngest();
    const a = newJob();
    const b = newJob();
    const missing = b + 1_000;
    await Promise.all([added(ingest, a, lines(5, 'a')), added(ingest, missing, lines(3, 'orphan')), added(ingest, b, lines(4, 'b'))]);
    vi.advanceTimersByTime(50);
    expect(storedRows(a).map((r) => r.message)).toEqual(lines(5, 'a').map((l) => l.message));
    expect(storedRows(b).map((r) => r.message)).toEqual(lines(4, 'b').map((l) => l.message));
    expect(storedCount(missing)).toBe(0);
    expect(publishedLines(a)).toEqual(storedRows(a));
    expect(publishedLines(b)).toEqual(storedRows(b));
    expect(published.some((e) => e.jobId === missing)).toBe(false);
    expect(errors).toHaveLength(2);
    expect(errors).toEqual(expect.arrayContaining([expect.stringMatching(/stored batch by batch/), `3 log lines of job ${missing} could not be stored`]));

    // The next batches go together again.
    await added(ingest, a, lines(2, 'later'));
    expect(storedCount(a)).toBe(7);
    expect(errors).toHaveLength(2);
  });

  it('stops storing while the WAL is checkpointed after many rows, then goes on', async () => {
    let release: () => void = () => undefined;
    const rowsAtCheckpoint: number[] = [];
    let jobId = 0;
    const ingest = newIngest(() => {
      rowsAtCheckpoint.push(storedCount(jobId));
      return new Promise<void>((resolve) => (release = resolve));
    });
    jobId = newJob();
    const acks = Array.from({ length: 25 }, (_, i) => added(ingest, jobId, lines(1_000, `part ${i}`)));
    for (let turn = 0; turn < 200 && rowsAtCheckpoint.length === 0; turn++) await nextTurn();
    expect(rowsAtCheckpoint).toHaveLength(1);
    const atCheckpoint = rowsAtCheckpoint[0]!;
    expect(atCheckpoint).toBeGreaterThanOrEqual(20_000);
    expect(atCheckpoint).toBeLessThan(25_000);
    // Lines arriving meanwhile wait too.
    acks.push(added(ingest, jobId, lines(10, 'meanwhile')));
    for (let turn = 0; turn < 5; turn++) await nextTurn();
    expect(storedCount(jobId)).toBe(atCheckpoint);

    release();
    await Promise.all(acks);
    expect(storedCount(jobId)).toBe(25_010);
    expect(storedRows(jobId).at(-1)?.message).toBe('meanwhile #9');
    expect(rowsAtCheckpoint).toHaveLength(1);
  });
});
