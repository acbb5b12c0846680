import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

/** The drizzle handle typed with our schema. */
export type Db = BetterSQLite3Database<typeof schema>;

/** An open store: drizzle for typed queries, the raw handle for prepared hot paths. */
export interface OpenDatabase {
  db: Db;
  sqlite: Database.Database;
  /** Migrations applied by this open, by tag. */
  applied: string[];
  /** Path of the backup taken before migrating, if one was needed. */
  backupFile: string | null;
}

/**
 * FULL survives a power cut, NORMAL only an application crash (see FACTS.md). Jobs an operator
 * was told are queued must survive both, and log lines are written in batches, so FULL is the default.
 */
export type Durability = 'FULL' | 'NORMAL';

export interface OpenOptions {
  file: string;
  migrationsDir: string;
  durability?: Durability;
}

/** The database was written by a newer RPA Desk: opening it could corrupt what that version wrote. */
export class DatabaseFromFutureError extends Error {
  override name = 'DatabaseFromFutureError';
}

/** A migration failed; the database was left as it was before (the migrator runs in one transaction). */
export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';
}

interface JournalEntry {
  tag: string;
  when: number;
}

function readJournal(migrationsDir: string): JournalEntry[] {
  const journalFile = path.join(migrationsDir, 'meta', '_journal.json');
  if (!fs.existsSync(journalFile)) throw new MigrationFailedError(`No migrations found at ${migrationsDir}`);
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

function appliedMigrationTimes(sqlite: Database.Database): number[] {
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return [];
  const rows = sqlite.prepare('SELECT created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at').all() as { createdAt: number }[];
  return rows.map((r) => Number(r.createdAt));
}

/**
 * Opens (creating if needed) the job store, refuses a database from a newer app, backs it up and
 * applies pending migrations before anything else touches it.
 */
export async function openDatabase(options: OpenOptions): Promise<OpenDatabase> {
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const sqlite = new Database(options.file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${options.durability ?? 'FULL'}`);
    if (process.platform === 'darwin') sqlite.pragma('fullfsync = ON');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');

    const journal = readJournal(options.migrationsDir);
    const known = new Set(journal.map((e) => e.when));
    const appliedTimes = appliedMigrationTimes(sqlite);
    const unknown = appliedTimes.filter((t) => !known.has(t));
    const newestKnown = Math.max(0, ...journal.map((e) => e.when));
    if (unknown.some((t) => t > newestKnown)) {
      throw new DatabaseFromFutureError(
        `The database at ${options.file} was written by a newer version of RPA Desk ` +
          `(${appliedTimes.length} migrations applied, this version knows ${journal.length}). ` +
          'Install that version again, or start with another --data-dir.',
      );
    }
    const pending = journal.filter((e) => !appliedTimes.includes(e.when));
    let backupFile: string | null = null;
    if (pending.length > 0 && appliedTimes.length > 0) {
      backupFile = `${options.file}.before-${pending[0]?.tag ?? 'migration'}.bak`;
      await sqlite.backup(backupFile);
    }

    const db = drizzle(sqlite, { schema });
    try {
      migrate(db, { migrationsFolder: options.migrationsDir });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new MigrationFailedError(`Could not update the database at ${options.file}: ${reason}` + (backupFile ? ` (a backup is at ${backupFile})` : ''));
    }
    const broken = sqlite.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new MigrationFailedError(`The database has ${broken.length} broken references after migrating`);
    return { db, sqlite, applied: pending.map((e) => e.tag), backupFile };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
