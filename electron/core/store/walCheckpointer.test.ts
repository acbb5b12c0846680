import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { builtPaths, tempDir } from '../../../test/helpers/paths.js';
import { openDatabase } from './database.js';
import { WalCheckpointer } from './walCheckpointer.js';

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

async function openFile(): Promise<{ sqlite: Database.Database; file: string }> {
  const file = path.join(tempDir(), 'db.sqlite');
  const { sqlite } = await openDatabase({ file, migrationsDir: builtPaths.migrationsDir });
  return { sqlite, file };
}

/** Writes about 4 MB of log lines in one commit, so the WAL holds many frames. */
function writeMuch(sqlite: Database.Database): void {
  sqlite.prepare("INSERT INTO jobs (bot_id, state, params_json, created_by, created_at) VALUES ('b', 'queued', '{}', 'me', 1)").run();
  const jobId = sqlite.prepare('SELECT MAX(id) FROM jobs').pluck().get() as number;
  const insert = sqlite.prepare("INSERT INTO log_lines (job_id, attempt, at, level, message) VALUES (?, 1, ?, 'INFO', ?)");
  sqlite.transaction(() => {
    for (let i = 0; i < 2_000; i++) insert.run(jobId, i, `line ${i} `.padEnd(2_000, 'x'));
  })();
}

/** Frames in the WAL file since it last started over. */
function walFrames(sqlite: Database.Database, file: string): number {
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  return Math.floor((fs.statSync(`${file}-wal`).size - 32) / (pageSize + 24));
}

describe('the WAL checkpointer thread', () => {
  it('takes over checkpoints once ready and copies the whole WAL when asked', async () => {
    const { sqlite, file } = await openFile();
    const errors: unknown[] = [];
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    const checkpointer = new WalCheckpointer(sqlite, file, (_message, err) => errors.push(err));
    // The thread answers in order: its "ready" comes before the answer to the first request.
    await checkpointer.checkpoint();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    writeMuch(sqlite);
    const written = walFrames(sqlite, file);
    expect(written).toBeGreaterThan(1_000);

    await checkpointer.checkpoint();
    // Everything was copied, so main's next write starts the WAL over instead of appending to it.
    sqlite.prepare("UPDATE jobs SET created_by = 'after'").run();
    const [result] = sqlite.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    expect(result?.busy).toBe(0);
    expect(result?.log).toBeLessThan(written);
    expect(result?.log).toBeLessThan(10);
    // And the rows are in the database file itself.
    expect(sqlite.prepare('SELECT COUNT(*) FROM log_lines').pluck().get()).toBe(2_000);

    await checkpointer.close();
    expect(errors).toEqual([]);
    sqlite.close();
  });

  it('hands checkpoints back to SQLite on close, settles what was asked, and lets main remove the WAL', async () => {
    const { sqlite, file } = await openFile();
    const checkpointer = new WalCheckpointer(sqlite, file, () => undefined);
    await checkpointer.checkpoint();
    writeMuch(sqlite);
    const asked = checkpointer.checkpoint();
    await checkpointer.close();
    await asked;
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    // Nothing left to ask: resolves at once.
    await checkpointer.checkpoint();
    sqlite.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) FROM log_lines').pluck().get()).toBe(2_000);
    reopened.close();
  });

  it('leaves SQLite checkpointing when closed before the thread was ready', async () => {
    const { sqlite, file } = await openFile();
    const checkpointer = new WalCheckpointer(sqlite, file, () => undefined);
    await checkpointer.close();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    sqlite.close();
  });

  it('starts no thread for an in-memory database', async () => {
    const sqlite = new Database(':memory:');
    const checkpointer = new WalCheckpointer(sqlite, ':memory:', () => undefined);
    await checkpointer.checkpoint();
    // A thread would have said "ready" before answering, and main would have stopped checkpointing.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    await checkpointer.close();
    sqlite.close();
  });
});
