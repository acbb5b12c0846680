import path from 'node:path';
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import { openDatabase } from '../electron/core/store/database.js';
import { JobStore } from '../electron/core/jobs/jobStore.js';
import { jobs } from '../electron/core/store/schema.js';
import { freshDir, type BenchPaths } from './lib/benchCore.js';
import { Results, type BenchmarkResult } from './lib/results.js';

const OURS = 'RPA Desk JobStore';
const STATES = ['succeeded', 'succeeded', 'succeeded', 'succeeded', 'failed', 'cancelled', 'succeeded', 'interrupted'];
const BOTS = ['invoice-download', 'log-stream', 'order-sync', 'report-export', 'mailbox-triage'];
const MSG = 'processed record R-00000: fields checked, totals matched, uploaded to the target system ok..';

export interface HistoryOptions {
  jobs: number;
  lines: number;
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const v = fn();
  return [v, performance.now() - t];
}

export async function runHistory(paths: BenchPaths, o: HistoryOptions, log: (m: string) => void): Promise<BenchmarkResult> {
  const started = performance.now();
  const r = new Results('history', `5. History at scale (${o.jobs.toLocaleString('en-US')} jobs, ${o.lines.toLocaleString('en-US')} log lines)`, OURS);
  const file = path.join(freshDir(paths, 'history'), 'rpa-desk.sqlite');
  let db = await openDatabase({ file, migrationsDir: paths.migrationsDir, durability: 'NORMAL' });
  // Bulk load with raw SQL in big transactions, into the schema our migrations made.
  const insertJob = db.sqlite.prepare(
    'INSERT INTO jobs (bot_id, state, priority, params_json, created_by, created_at, started_at, finished_at, attempt) VALUES (?, ?, 0, ?, ?, ?, ?, ?, 1)',
  );
  const insertLine = db.sqlite.prepare('INSERT INTO log_lines (job_id, at, level, message) VALUES (?, ?, ?, ?)');
  const bigJob = o.jobs - 10;
  const loadJobs = db.sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const at = 1_700_000_000_000 + i * 1000;
      // One job in 100,000 carries an order number: a rare needle for the text search.
      const params = i % 100_000 === 7 ? `{"month":"2026-01","order":"ORD-${i}"}` : '{"month":"2026-01"}';
      insertJob.run(BOTS[i % BOTS.length], STATES[i % STATES.length], params, 'operator', at, at + 10, at + 5000);
    }
  });
  const t0 = performance.now();
  for (let i = 0; i < o.jobs; i += 100_000) loadJobs(i, Math.min(o.jobs, i + 100_000));
  // 100,000 lines for one job near the top of the list, the rest spread over every job.
  const loadLines = db.sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const jobId = i < 100_000 ? bigJob : 1 + (i % o.jobs);
      insertLine.run(jobId, 1_700_000_000_000 + i, i % 10 === 0 ? 'WARNING' : 'INFO', MSG);
    }
  });
  for (let i = 0; i < o.lines; i += 200_000) {
    loadLines(i, Math.min(o.lines, i + 200_000));
    if (i % 2_000_000 === 0) log(`  loaded ${i.toLocaleString('en-US')} lines`);
  }
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  r.notes.push(`Bulk load (raw SQL, 100k–200k rows per transaction, NORMAL): ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  db.sqlite.close();

  const [reopened, openMs] = await (async () => {
    const t = performance.now();
    const d = await openDatabase({ file, migrationsDir: paths.migrationsDir, durability: 'FULL' });
    return [d, performance.now() - t] as const;
  })();
  db = reopened;
  r.add('database open + migrate (nothing pending)', OURS, 'ms', 'lower', openMs);
  const store = new JobStore(db.db, db.sqlite, (id) => id);
  const lastLines = db.sqlite.prepare('SELECT id FROM log_lines WHERE job_id = ? ORDER BY id DESC LIMIT 1 OFFSET 1000').get(bigJob) as { id: number };
  const dayStart = 1_700_000_000_000 + Math.floor(o.jobs / 2) * 1000;
  const rareJob = Math.floor(o.jobs / 2 / 100_000) * 100_000 + 7;
  const queries: [string, () => unknown][] = [
    ['Jobs first page (100, newest first)', () => store.listJobs({ limit: 100 })],
    ['filtered page: state=failed, bot=log-stream (100)', () => store.listJobs({ state: 'failed', botId: 'log-stream', limit: 100 })],
    ['filtered page: state=failed (100)', () => store.listJobs({ state: 'failed', limit: 100 })],
    ['deep page (keyset, before = middle id)', () => store.listJobs({ before: Math.floor(o.jobs / 2), limit: 100 })],
    ["a job's last 1,000 log lines (tailLogs from a cursor)", () => store.tailLogs(bigJob, lastLines.id, 1000)],
    // Jobs are one second apart from a fixed start: one day is 86,400 of them, in the middle of the history.
    ['one-day range (created from/to, 100)', () => store.listJobs({ createdFrom: dayStart, createdTo: dayStart + 86_400_000, limit: 100 })],
    ['text search, rare (1 match: an order number in the parameters)', () => store.listJobs({ text: `ORD-${rareJob}`, limit: 100 })],
    ['text search, common (a bot id, 1 job in 5)', () => store.listJobs({ text: 'mailbox-triage', limit: 100 })],
    ['text search, no match', () => store.listJobs({ text: 'no-such-order-zz', limit: 100 })],
  ];
  for (let rep = 0; rep < 30; rep++) {
    for (const [metric, q] of queries) r.add(metric, OURS, 'ms', 'lower', time(q)[1]);
  }
  r.add('main-process RSS after the queries', OURS, 'MiB', 'lower', process.memoryUsage().rss / 2 ** 20);
  // The searches must find what they claim, or their times mean nothing.
  const rare = store.listJobs({ text: `ORD-${rareJob}`, limit: 100 }).jobs.map((j) => j.id);
  const day = store.listJobs({ createdFrom: dayStart, createdTo: dayStart + 86_400_000, limit: 100 }).jobs.length;
  const common = store.listJobs({ text: 'mailbox-triage', limit: 100 }).jobs.length;
  const none = store.listJobs({ text: 'no-such-order-zz', limit: 100 }).jobs.length;
  r.notes.push(
    `Searches checked: rare found job ${rare.join(', ') || 'none'} (expected ${rareJob + 1}); one-day range page ${day} jobs; common page ${common}; no match ${none}.`,
  );
  const file$ = db.sqlite.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as { bytes: number };
  r.notes.push(`Database size: ${(file$.bytes / 2 ** 30).toFixed(2)} GiB. Each query timed 30 times (interleaved); RSS is the whole bench process.`);

  // Plans of the same SQL JobStore runs (rebuilt with drizzle's query builder).
  const plans: [string, { sql: string; params: unknown[] }][] = [
    ['first page', db.db.select().from(jobs).orderBy(desc(jobs.id)).limit(101).toSQL()],
    [
      'filtered',
      db.db
        .select()
        .from(jobs)
        .where(and(eq(jobs.state, 'failed'), eq(jobs.botId, 'log-stream')))
        .orderBy(desc(jobs.id))
        .limit(101)
        .toSQL(),
    ],
    ['state only', db.db.select().from(jobs).where(eq(jobs.state, 'failed')).orderBy(desc(jobs.id)).limit(101).toSQL()],
    [
      'one-day range',
      db.db
        .select()
        .from(jobs)
        .where(and(gte(jobs.createdAt, dayStart), lte(jobs.createdAt, dayStart + 86_400_000)))
        .orderBy(desc(jobs.createdAt), desc(jobs.id))
        .limit(101)
        .toSQL(),
    ],
    [
      'log tail',
      {
        sql: 'select * from "log_lines" where ("log_lines"."job_id" = ? and "log_lines"."id" > ?) order by "log_lines"."id" asc limit ?',
        params: [bigJob, lastLines.id, 1001],
      },
    ],
  ];
  r.extra.push('EXPLAIN QUERY PLAN');
  for (const [name, q] of plans) {
    const rows = db.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[];
    r.extra.push(`${name}: ${rows.map((x) => x.detail).join(' | ')}`);
  }
  db.sqlite.close();
  r.limitTarget('Jobs first page <20 ms with 1M jobs', ['Jobs first page (100, newest first)', OURS], 20, 'ms', (v) => Math.max(...v.slice(1)));
  r.limitTarget('filtered page <20 ms with 1M jobs', ['filtered page: state=failed, bot=log-stream (100)', OURS], 20, 'ms', (v) => Math.max(...v.slice(1)));
  r.notes.push(
    `Targets are checked on the slowest of the 29 warm runs (the first run of each query is cold).${o.jobs < 1_000_000 ? ' Quick mode: fewer jobs than the target names.' : ''}`,
  );
  return r.finish((performance.now() - started) / 1000);
}
