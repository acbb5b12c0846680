import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { FINAL_STATES } from '../../common/domain.js';
import { jobDir } from '../files/jobFiles.js';

const DAY = 86_400_000;
/** Defaults of the built-in maintenance schedules. */
export const DEFAULT_CLEANUP_DAYS = 90;
export const DEFAULT_BACKUPS_KEPT = 7;
const BACKUP_PREFIX = 'rpa-desk-';

/** Deletes the log lines and files of ended jobs created more than `olderThanDays` ago; the jobs stay listed. */
export function cleanUpOldJobs(sqlite: Database.Database, jobsDir: string, now: number, olderThanDays = DEFAULT_CLEANUP_DAYS): string {
  const cutoff = now - olderThanDays * DAY;
  const finals = FINAL_STATES.map((s) => `'${s}'`).join(', ');
  const ids = sqlite.prepare(`SELECT id FROM jobs WHERE created_at < ? AND state IN (${finals})`).pluck().all(cutoff) as number[];
  let lines = 0;
  let files = 0;
  const deleteLines = sqlite.prepare('DELETE FROM log_lines WHERE job_id = ?');
  const deleteFiles = sqlite.prepare('DELETE FROM job_files WHERE job_id = ?');
  // In batches, so a large clean-up never holds the single writer for long.
  for (let i = 0; i < ids.length; i += 200) {
    const batch = ids.slice(i, i + 200);
    sqlite.transaction(() => {
      for (const id of batch) {
        lines += deleteLines.run(id).changes;
        files += deleteFiles.run(id).changes;
      }
    })();
    for (const id of batch) fs.rmSync(jobDir(jobsDir, id), { recursive: true, force: true });
  }
  return `Deleted ${lines} log lines and ${files} files of ${ids.length} jobs older than ${olderThanDays} days`;
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Backs up the database with SQLite's online backup into `backupsDir`, keeping the newest `keep`. */
export async function backUpDatabase(sqlite: Database.Database, backupsDir: string, now: number, keep = DEFAULT_BACKUPS_KEPT): Promise<string> {
  fs.mkdirSync(backupsDir, { recursive: true });
  const file = path.join(backupsDir, `${BACKUP_PREFIX}${stamp(now)}.sqlite`);
  await sqlite.backup(file);
  const backups = fs
    .readdirSync(backupsDir)
    .filter((f) => f.startsWith(BACKUP_PREFIX) && f.endsWith('.sqlite'))
    .sort();
  const removed = backups.slice(0, Math.max(0, backups.length - keep));
  for (const old of removed) fs.rmSync(path.join(backupsDir, old), { force: true });
  return `Backed up to ${path.basename(file)}${removed.length ? `; removed ${removed.length} older backup${removed.length === 1 ? '' : 's'}` : ''}`;
}
