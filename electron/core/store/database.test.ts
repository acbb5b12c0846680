import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { builtPaths, tempDir } from '../../../test/helpers/paths.js';
import { DUE_SCHEDULED_SQL, queuedInOrderSql } from '../jobs/jobStore.js';
import { DatabaseFromFutureError, MigrationFailedError, openDatabase } from './database.js';
import { ACTIVE_SCHEDULE_JOBS_SQL, SCHEDULE_JOB_COUNTS_SQL, SCHEDULE_MISSES_SQL } from '../schedules/scheduleStore.js';

const migrationsDir = builtPaths.migrationsDir;

function copyMigrations(): string {
  const dir = tempDir('rpa-migrations-');
  fs.cpSync(migrationsDir, dir, { recursive: true });
  return dir;
}

describe('opening the job store', () => {
  it('creates a fresh database with every table and index, in WAL mode with FULL sync', async () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const opened = await openDatabase({ file, migrationsDir });
    expect(opened.applied).toEqual(['0000_init', '0001_job_control', '0002_schedules', '0003_approvals', '0004_job_search', '0005_identity']);
    const tables = opened.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(['jobs', 'job_transitions', 'log_lines', 'job_files', 'users', 'sessions', 'credentials', 'audit_log', 'audit_head']),
    );
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    opened.sqlite.close();
    const again = await openDatabase({ file, migrationsDir });
    expect(again.applied).toEqual([]);
    expect(again.backupFile).toBeNull();
    again.sqlite.close();
  });

  it('upgrades a database of the first release, keeping its jobs and taking a backup first', async () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const firstRelease = copyMigrations();
    const journalFile = path.join(firstRelease, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.tag === '0000_init');
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const old = await openDatabase({ file, migrationsDir: firstRelease });
    old.sqlite.prepare("INSERT INTO jobs (bot_id, state, params_json, created_by, created_at) VALUES ('b', 'succeeded', '{}', 'me', 1)").run();
    old.sqlite.prepare("INSERT INTO log_lines (job_id, at, level, message) VALUES (1, 1, 'INFO', 'kept')").run();
    old.sqlite.close();

    const upgraded = await openDatabase({ file, migrationsDir });
    expect(upgraded.applied[0]).toBe('0001_job_control');
    expect(upgraded.applied).not.toContain('0000_init');
    expect(upgraded.backupFile).toMatch(/before-0001_job_control\.bak$/);
    expect(fs.existsSync(upgraded.backupFile!)).toBe(true);
    expect(upgraded.sqlite.prepare('SELECT message, attempt FROM log_lines').get()).toEqual({ message: 'kept', attempt: 1 });
    expect(upgraded.sqlite.prepare('SELECT state, run_at FROM jobs').get()).toEqual({ state: 'succeeded', run_at: null });
    upgraded.sqlite.close();
  });

  it('uses its indexes for the queue claim, the Jobs pages and the log tail', async () => {
    const { sqlite } = await openDatabase({ file: path.join(tempDir(), 'db.sqlite'), migrationsDir });
    const plan = (sql: string, ...args: unknown[]) =>
      (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | ');
    const claim = plan(queuedInOrderSql(50));
    expect(claim).toMatch(/USING (COVERING )?INDEX jobs_queue/);
    expect(claim).not.toContain('TEMP B-TREE');
    expect(plan("SELECT * FROM jobs WHERE state = 'failed' AND id < 100 ORDER BY id DESC LIMIT 50")).toContain('jobs_state_id');
    expect(plan("SELECT * FROM jobs WHERE bot_id = 'x' ORDER BY id DESC LIMIT 50")).toContain('jobs_bot_id');
    expect(plan('SELECT * FROM log_lines WHERE job_id = 1 AND id > 0 ORDER BY id LIMIT 100')).toContain('log_lines_job');
    expect(plan(`SELECT id FROM jobs WHERE id IN (SELECT rowid FROM jobs_search WHERE jobs_search MATCH '"acme"') ORDER BY id DESC LIMIT 50`)).toContain(
      'VIRTUAL TABLE INDEX',
    );
    const due = plan(DUE_SCHEDULED_SQL, 5, 10);
    expect(due).toContain('jobs_due');
    expect(due).not.toContain('TEMP B-TREE');
    // Schedules: the overlap check and the counters read the partial index jobs_schedule only.
    expect(plan(ACTIVE_SCHEDULE_JOBS_SQL, 1)).toMatch(/USING COVERING INDEX jobs_schedule/);
    expect(plan(SCHEDULE_JOB_COUNTS_SQL, 1)).toMatch(/USING COVERING INDEX jobs_schedule/);
    expect(plan(SCHEDULE_JOB_COUNTS_SQL, 1)).not.toContain('TEMP B-TREE');
    expect(plan(SCHEDULE_MISSES_SQL, 1, 3)).toContain('schedule_misses_schedule');
    sqlite.close();
  });

  it('refuses a database written by a newer version of the app and leaves it untouched', async () => {
    const file = path.join(tempDir(), 'db.sqlite');
    (await openDatabase({ file, migrationsDir })).sqlite.close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', Date.now() + 86_400_000);
    raw.close();
    const before = fs.readFileSync(file);
    await expect(openDatabase({ file, migrationsDir })).rejects.toThrow(DatabaseFromFutureError);
    await expect(openDatabase({ file, migrationsDir })).rejects.toThrow(/newer version of RPA Desk/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('backs up before migrating, and a failing migration changes nothing and says where the backup is', async () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const first = await openDatabase({ file, migrationsDir });
    first.sqlite.prepare("INSERT INTO jobs (bot_id, state, params_json, created_by, created_at) VALUES ('b', 'queued', '{}', 'me', 1)").run();
    first.sqlite.close();

    const dir = copyMigrations();
    const journalFile = path.join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: object[] };
    journal.entries.push({ idx: 1, version: '6', when: Date.now(), tag: '0001_broken', breakpoints: true });
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    fs.writeFileSync(path.join(dir, '0001_broken.sql'), 'ALTER TABLE jobs ADD COLUMN note text;\n--> statement-breakpoint\nTHIS IS NOT SQL;');

    const failure = openDatabase({ file, migrationsDir: dir });
    await expect(failure).rejects.toThrow(MigrationFailedError);
    await expect(openDatabase({ file, migrationsDir: dir })).rejects.toThrow(/a backup is at .*before-0001_broken\.bak/);
    const check = new Database(file, { readonly: true });
    const columns = (check.prepare('PRAGMA table_info(jobs)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('note');
    expect(check.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(1);
    check.close();
    const backup = new Database(`${file}.before-0001_broken.bak`, { readonly: true });
    expect(backup.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(1);
    backup.close();
  });
});
