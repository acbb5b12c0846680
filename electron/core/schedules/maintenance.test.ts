import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { builtPaths, tempDir } from '../../../test/helpers/paths.js';
import { AuditLog } from '../audit/auditLog.js';
import { openDatabase } from '../store/database.js';
import { backUpDatabase, cleanUpOldJobs } from './maintenance.js';

const DAY = 86_400_000;

describe('maintenance tasks', () => {
  it('deletes the logs and files of ended jobs older than the setting, and keeps the jobs', async () => {
    const dir = tempDir();
    const { sqlite } = await openDatabase({ file: path.join(dir, 'db.sqlite'), migrationsDir: builtPaths.migrationsDir, durability: 'NORMAL' });
    const now = Date.parse('2026-06-01T00:00:00Z');
    const insertJob = sqlite.prepare("INSERT INTO jobs (bot_id, state, params_json, created_by, created_at) VALUES ('b', ?, '{}', 'me', ?)");
    const oldJob = Number(insertJob.run('succeeded', now - 100 * DAY).lastInsertRowid);
    const oldRunning = Number(insertJob.run('running', now - 100 * DAY).lastInsertRowid);
    const recent = Number(insertJob.run('failed', now - 10 * DAY).lastInsertRowid);
    for (const id of [oldJob, oldRunning, recent]) {
      sqlite.prepare("INSERT INTO log_lines (job_id, at, level, message) VALUES (?, 1, 'INFO', 'x')").run(id);
      sqlite
        .prepare("INSERT INTO job_files (job_id, kind, name, stored_name, size, mime, created_at) VALUES (?, 'output', 'a', 'a', 1, 'text/plain', 1)")
        .run(id);
      fs.mkdirSync(path.join(dir, 'jobs', String(id)), { recursive: true });
    }
    expect(cleanUpOldJobs(sqlite, path.join(dir, 'jobs'), now, 90)).toBe('Deleted 1 log lines and 1 files of 1 jobs older than 90 days');
    expect(sqlite.prepare('SELECT job_id FROM log_lines ORDER BY job_id').pluck().all()).toEqual([oldRunning, recent]);
    expect(sqlite.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(3);
    expect(fs.existsSync(path.join(dir, 'jobs', String(oldJob)))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'jobs', String(recent)))).toBe(true);
    sqlite.close();
  });

  it('never deletes audit rows: those of jobs it cleans up stay, and the trail still verifies', async () => {
    const dir = tempDir();
    const { db, sqlite } = await openDatabase({ file: path.join(dir, 'db.sqlite'), migrationsDir: builtPaths.migrationsDir, durability: 'NORMAL' });
    const now = Date.parse('2026-06-01T00:00:00Z');
    const audit = new AuditLog(db, Buffer.alloc(32, 7), () => now - 200 * DAY);
    const insertJob = sqlite.prepare("INSERT INTO jobs (bot_id, state, params_json, created_by, created_at) VALUES ('b', 'succeeded', '{}', 'me', ?)");
    for (let i = 0; i < 250; i++) {
      const id = Number(insertJob.run(now - 100 * DAY).lastInsertRowid);
      sqlite.prepare("INSERT INTO log_lines (job_id, at, level, message) VALUES (?, 1, 'INFO', 'x')").run(id);
      audit.record('me', 'job.created', { type: 'job', id });
      audit.record('me', 'job.cancelled', { type: 'job', id });
    }
    expect(cleanUpOldJobs(sqlite, path.join(dir, 'jobs'), now, 90)).toBe('Deleted 250 log lines and 0 files of 250 jobs older than 90 days');
    expect(sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(500);
    expect(await audit.verify()).toEqual({ ok: true, checked: 500, firstBad: null });
    sqlite.close();
  });

  it('backs up with the online backup and keeps only the newest N', async () => {
    const dir = tempDir();
    const { sqlite } = await openDatabase({ file: path.join(dir, 'db.sqlite'), migrationsDir: builtPaths.migrationsDir, durability: 'NORMAL' });
    sqlite.prepare("INSERT INTO jobs (bot_id, state, params_json, created_by, created_at) VALUES ('b', 'queued', '{}', 'me', 1)").run();
    const backups = path.join(dir, 'backups');
    for (let i = 0; i < 4; i++) await backUpDatabase(sqlite, backups, Date.parse('2026-06-01T00:00:00Z') + i * DAY, 2);
    const kept = fs.readdirSync(backups).sort();
    expect(kept).toEqual(['rpa-desk-20260603-000000.sqlite', 'rpa-desk-20260604-000000.sqlite']);
    const copy = new Database(path.join(backups, kept[1]!), { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(1);
    copy.close();
    sqlite.close();
  });
});
