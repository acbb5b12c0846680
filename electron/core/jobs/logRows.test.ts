import path from 'node:path';
import type Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { LOG_LEVELS, MAX_LOG_MESSAGE_CHARS, type LogLevel, type LogLine } from '../../common/domain.js';
import { builtPaths, tempDir } from '../../../test/helpers/paths.js';
import { openDatabase } from '../store/database.js';
import { JobStore, type NewLogLine } from './jobStore.js';

let store: JobStore;
let sqlite: Database.Database;

beforeEach(async () => {
  const opened = await openDatabase({ file: path.join(tempDir(), 'db.sqlite'), migrationsDir: builtPaths.migrationsDir });
  sqlite = opened.sqlite;
  store = new JobStore(
    opened.db,
    sqlite,
    (id) => `Title of ${id}`,
    () => 1_000,
  );
  return () => sqlite.close();
});

const LEVELS: readonly LogLevel[] = LOG_LEVELS;

function lines(count: number, tag: string): NewLogLine[] {
  return Array.from({ length: count }, (_, i) => ({ at: 10_000 + i, level: LEVELS[i % LEVELS.length] as LogLevel, message: `${tag} #${i}` }));
}

/** The job's rows as the table holds them, in id order. */
function rowsOf(jobId: number): LogLine[] {
  return sqlite.prepare('SELECT id, job_id AS jobId, attempt, at, level, message FROM log_lines WHERE job_id = ? ORDER BY id').all(jobId) as LogLine[];
}

function newJob(): number {
  return store.createJob({ botId: 'b', params: {}, createdBy: 'x' }).id;
}

describe('storing log lines many rows per statement', () => {
  it.each([1, 9, 10, 11, 99, 100, 101, 237])('gives each of %i lines the id the table gave it, in order', (count) => {
    const jobId = newJob();
    // A row already there, so ids do not simply start at 1.
    store.appendLogs(jobId, 1, lines(3, 'before'));
    const sent = lines(count, 'line');
    const stored = store.appendLogs(jobId, 2, sent);
    expect(stored.map((l) => l.message)).toEqual(sent.map((l) => l.message));
    expect(rowsOf(jobId).slice(3)).toEqual(stored);
  });

  it('keeps ids right for several jobs in one call and after the newest rows were deleted', () => {
    const a = newJob();
    const b = newJob();
    store.appendLogs(a, 1, lines(150, 'gone'));
    // AUTOINCREMENT never hands out a deleted id again; ids counted back from the last one must still match.
    sqlite.prepare('DELETE FROM log_lines WHERE id > (SELECT MIN(id) + 9 FROM log_lines)').run();
    const stored = store.appendLogBatches([
      { jobId: a, attempt: 1, lines: lines(237, 'a1') },
      { jobId: b, attempt: 1, lines: lines(11, 'b1') },
      { jobId: a, attempt: 2, lines: lines(9, 'a2') },
    ]);
    expect(stored.map((batch) => batch.length)).toEqual([237, 11, 9]);
    expect(rowsOf(a).slice(10)).toEqual([...stored[0]!, ...stored[2]!]);
    expect(rowsOf(b)).toEqual(stored[1]);
    expect(stored[2]!.every((l) => l.attempt === 2 && l.jobId === a)).toBe(true);
  });

  it('cuts an over-long message wherever it falls in a statement, and stores what it returns', () => {
    const jobId = newJob();
    const sent = lines(237, 'line');
    const giant = 'y'.repeat(MAX_LOG_MESSAGE_CHARS * 3);
    // In a 100-row statement, in a 10-row one and in a single-row one (200 + 3*10 + 7).
    for (const at of [50, 205, 235]) sent[at] = { ...sent[at]!, message: giant };
    const exact = 'z'.repeat(MAX_LOG_MESSAGE_CHARS);
    sent[1] = { ...sent[1]!, message: exact };
    const stored = store.appendLogs(jobId, 1, sent);
    expect(rowsOf(jobId)).toEqual(stored);
    for (const at of [50, 205, 235]) {
      expect(stored[at]!.message.startsWith('y'.repeat(MAX_LOG_MESSAGE_CHARS))).toBe(true);
      expect(stored[at]!.message.slice(MAX_LOG_MESSAGE_CHARS)).toMatch(/line cut/);
      expect(stored[at]!.message.length).toBeLessThan(MAX_LOG_MESSAGE_CHARS + 100);
    }
    expect(stored[1]!.message).toBe(exact);
    expect(stored[0]!.message).toBe('line #0');
  });

  it('stores nothing of a call whose batch names a job that does not exist', () => {
    const jobId = newJob();
    expect(() =>
      store.appendLogBatches([
        { jobId, attempt: 1, lines: lines(120, 'ok') },
        { jobId: jobId + 1_000, attempt: 1, lines: lines(1, 'orphan') },
      ]),
    ).toThrow(/FOREIGN KEY/);
    expect(rowsOf(jobId)).toEqual([]);
    // The statements cached by the failed call still work, and ids still match.
    const stored = store.appendLogs(jobId, 1, lines(111, 'again'));
    expect(rowsOf(jobId)).toEqual(stored);
  });
});
