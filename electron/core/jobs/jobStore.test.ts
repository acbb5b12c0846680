import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_LOG_MESSAGE_CHARS } from '../../common/domain.js';
import { builtPaths, tempDir } from '../../../test/helpers/paths.js';
import { openDatabase } from '../store/database.js';
import { JobStore, LOG_PAGE_MAX_CHARS } from './jobStore.js';

let store: JobStore;
let clock = 1_000;

beforeEach(async () => {
  const { db, sqlite } = await openDatabase({ file: path.join(tempDir(), 'db.sqlite'), migrationsDir: builtPaths.migrationsDir });
  clock = 1_000;
  store = new JobStore(
    db,
    sqlite,
    (id) => `Title of ${id}`,
    () => clock++,
  );
});

describe('the job store', () => {
  it('records a new job as queued with who started it', () => {
    const job = store.createJob({ botId: 'b', params: { a: 1 }, createdBy: 'ana' });
    expect(job).toMatchObject({ botId: 'b', botTitle: 'Title of b', state: 'queued', createdBy: 'ana', progress: null });
    expect(store.getDetail(job.id)?.transitions).toEqual([{ from: null, to: 'queued', at: job.createdAt, reason: 'Started by ana' }]);
  });

  it('orders the queue by priority, first in first out within one, and claims a job only once', () => {
    const a = store.createJob({ botId: 'b', params: {}, createdBy: 'x' });
    const b = store.createJob({ botId: 'b', params: {}, createdBy: 'x', priority: 'high' });
    const c = store.createJob({ botId: 'b', params: {}, createdBy: 'x', priority: 'low' });
    const d = store.createJob({ botId: 'b', params: {}, createdBy: 'x' });
    expect(store.queuedInOrder(10).map((j) => j.id)).toEqual([b.id, a.id, d.id, c.id]);
    expect(store.claim(a.id, 'boot')).toMatchObject({ id: a.id, attempt: 1 });
    expect(store.claim(a.id, 'boot')).toBeNull();
    expect(store.getSummary(a.id)).toMatchObject({ state: 'running', attempt: 1, priority: 'normal' });
    expect(store.getDetail(a.id)?.attempts).toEqual([
      { attempt: 1, startedAt: expect.any(Number), finishedAt: null, outcome: null, reason: null, error: null },
    ]);
    expect(store.leasedJobs().map((j) => j.bootId)).toEqual(['boot']);
  });

  it('keeps a run-later job scheduled until it is due, then queues it', () => {
    const runAt = clock + 1_000;
    const job = store.createJob({ botId: 'b', params: {}, createdBy: 'x', runAt });
    expect(job).toMatchObject({ state: 'scheduled', runAt });
    expect(store.queuedInOrder(10)).toEqual([]);
    expect(store.promoteDue()).toEqual([]);
    expect(store.nextDueAt()).toBe(job.runAt);
    clock += 1_000;
    expect(store.promoteDue().map((j) => j.id)).toEqual([job.id]);
    expect(store.getSummary(job.id)).toMatchObject({ state: 'queued', runAt: null });
  });

  it('records a retry as a finished attempt and a scheduled job, then a second attempt', () => {
    const job = store.createJob({ botId: 'b', params: {}, createdBy: 'x' });
    store.claim(job.id, 'boot');
    store.scheduleRetry(job.id, clock + 5_000, { state: 'failed', reason: 'bot_error', error: 'flaky' }, 'Attempt 1 of 2 failed');
    expect(store.getSummary(job.id)).toMatchObject({ state: 'scheduled', error: 'flaky', attempt: 1 });
    clock += 5_000;
    store.promoteDue();
    expect(store.claim(job.id, 'boot')).toMatchObject({ attempt: 2 });
    store.finish(job.id, { state: 'succeeded', reason: 'completed' });
    const detail = store.getDetail(job.id);
    expect(detail?.attempts.map((a) => [a.attempt, a.outcome, a.error])).toEqual([
      [1, 'failed', 'flaky'],
      [2, 'succeeded', null],
    ]);
    expect(detail?.transitions.map((t) => t.to)).toEqual(['queued', 'running', 'scheduled', 'queued', 'running', 'succeeded']);
  });

  it('ends a job once: a second outcome changes nothing', () => {
    const job = store.createJob({ botId: 'b', params: {}, createdBy: 'x' });
    store.claim(job.id, 'boot');
    expect(store.finish(job.id, { state: 'succeeded', reason: 'completed', result: { n: 1 } })?.state).toBe('succeeded');
    expect(store.finish(job.id, { state: 'failed', reason: 'late', error: 'no' })).toBeNull();
    const detail = store.getDetail(job.id);
    expect(detail?.state).toBe('succeeded');
    expect(detail?.result).toEqual({ n: 1 });
    expect(detail?.transitions.map((t) => t.to)).toEqual(['queued', 'running', 'succeeded']);
    expect(store.leasedJobs()).toEqual([]);
  });

  it('appends log lines in order with growing ids, and cuts a giant line instead of storing it whole', () => {
    const job = store.createJob({ botId: 'b', params: {}, createdBy: 'x' });
    const giant = 'x'.repeat(5_000_000);
    const stored = store.appendLogs(job.id, 1, [
      { at: 1, level: 'INFO', message: 'one' },
      { at: 2, level: 'ERROR', message: giant },
    ]);
    expect(stored[1]!.id).toBeGreaterThan(stored[0]!.id);
    expect(stored[1]!.message.length).toBeLessThan(MAX_LOG_MESSAGE_CHARS + 100);
    expect(stored[1]!.message).toMatch(/line cut/);
    const first = store.tailLogs(job.id, 0, 1);
    expect(first).toEqual({ lines: [stored[0]], more: true });
    expect(store.tailLogs(job.id, stored[0]!.id, 10)).toEqual({ lines: [stored[1]], more: false });
  });

  it('cuts a log page at a size budget so one request never builds a reply of tens of megabytes', () => {
    const job = store.createJob({ botId: 'b', params: {}, createdBy: 'x' });
    const long = 'y'.repeat(MAX_LOG_MESSAGE_CHARS);
    store.appendLogs(
      job.id,
      1,
      Array.from({ length: 2_000 }, (_, i) => ({ at: i, level: 'INFO' as const, message: long })),
    );
    const page = store.tailLogs(job.id, 0, 10_000);
    const chars = page.lines.reduce((n, line) => n + line.message.length, 0);
    expect(chars).toBeLessThanOrEqual(LOG_PAGE_MAX_CHARS + MAX_LOG_MESSAGE_CHARS);
    expect(page.lines.length).toBeGreaterThan(0);
    expect(page.more).toBe(true);
    // Paging on from the last line reads the rest, none skipped, none twice.
    let seen = page.lines.length;
    let after = page.lines.at(-1)!.id;
    for (let more = page.more; more;) {
      const next = store.tailLogs(job.id, after, 10_000);
      seen += next.lines.length;
      after = next.lines.at(-1)?.id ?? after;
      more = next.more;
    }
    expect(seen).toBe(2_000);
  });

  it('pages the Jobs list newest first with a keyset cursor and filters by state and bot', () => {
    const ids = Array.from({ length: 7 }, (_, i) => store.createJob({ botId: i % 2 ? 'odd' : 'even', params: {}, createdBy: 'x' }).id);
    const page1 = store.listJobs({ limit: 3 });
    expect(page1.jobs.map((j) => j.id)).toEqual([ids[6], ids[5], ids[4]]);
    const page2 = store.listJobs({ limit: 3, before: page1.nextCursor ?? undefined });
    expect(page2.jobs.map((j) => j.id)).toEqual([ids[3], ids[2], ids[1]]);
    const page3 = store.listJobs({ limit: 3, before: page2.nextCursor ?? undefined });
    expect(page3).toMatchObject({ nextCursor: null });
    expect(page3.jobs.map((j) => j.id)).toEqual([ids[0]]);
    expect(store.listJobs({ botId: 'odd' }).jobs.map((j) => j.id)).toEqual([ids[5], ids[3], ids[1]]);
    store.claim(ids[0]!, 'boot');
    expect(store.listJobs({ state: 'running' }).jobs.map((j) => j.id)).toEqual([ids[0]]);
    expect(store.listJobs({ text: 'odd' }).jobs.map((j) => j.id)).toEqual([ids[5], ids[3], ids[1]]);
    const found1 = store.listJobs({ text: 'odd', limit: 2 });
    expect(found1.jobs.map((j) => j.id)).toEqual([ids[5], ids[3]]);
    expect(store.listJobs({ text: 'odd', limit: 2, before: found1.nextCursor ?? undefined })).toMatchObject({ nextCursor: null, jobs: [{ id: ids[1] }] });
    expect(store.listJobs({ text: 'odd', state: 'queued' }).jobs.map((j) => j.id)).toEqual([ids[5], ids[3], ids[1]]);
    expect(store.listJobs({ text: 'even', state: 'running' }).jobs.map((j) => j.id)).toEqual([ids[0]]);
    expect(store.listJobs({ text: '%' }).jobs).toEqual([]);
  });

  it('pages a date range newest first by creation time, jobs created in the same millisecond included, and combines it with other filters', () => {
    const at = (ms: number, botId = 'b') => {
      clock = ms;
      return store.createJob({ botId, params: {}, createdBy: 'x' }).id;
    };
    const before = at(5_000);
    const [a, b, c, d] = [at(10_000), at(20_000, 'other'), at(20_000), at(20_000)];
    const [e, f] = [at(30_000), at(40_000)];
    // The workstation's clock was set back: the newest id was created earlier than others.
    const g = at(15_000);
    const range = { createdFrom: 10_000, createdTo: 30_000 };
    const page1 = store.listJobs({ ...range, limit: 2 });
    expect(page1.jobs.map((j) => j.id)).toEqual([e, d]);
    // The cursor lands inside three jobs created together: none is skipped or shown twice.
    const page2 = store.listJobs({ ...range, limit: 2, before: page1.nextCursor ?? undefined });
    expect(page2.jobs.map((j) => j.id)).toEqual([c, b]);
    const page3 = store.listJobs({ ...range, limit: 3, before: page2.nextCursor ?? undefined });
    expect(page3).toMatchObject({ nextCursor: null });
    expect(page3.jobs.map((j) => j.id)).toEqual([g, a]);
    expect(store.listJobs({ ...range, botId: 'other' }).jobs.map((j) => j.id)).toEqual([b]);
    expect(store.listJobs({ createdFrom: 35_000 }).jobs.map((j) => j.id)).toEqual([f]);
    expect(store.listJobs({ createdTo: 9_999 }).jobs.map((j) => j.id)).toEqual([before]);
  });

  it('finds jobs by any part of their parameters, error, bot or starter, whatever the case', () => {
    const a = store.createJob({ botId: 'invoice-download', params: { month: '2026-10', ref: 'ACME-778' }, createdBy: 'ana' });
    const b = store.createJob({ botId: 'report', params: { month: '2026-11' }, createdBy: 'Bob' });
    store.claim(b.id, 'boot');
    store.finish(b.id, { state: 'failed', reason: 'bot_error', error: 'Portal said: Invoice not found' });
    expect(store.listJobs({ text: 'acme-77' }).jobs.map((j) => j.id)).toEqual([a.id]);
    expect(store.listJobs({ text: 'INVOICE NOT' }).jobs.map((j) => j.id)).toEqual([b.id]);
    expect(store.listJobs({ text: '2026-1' }).jobs.map((j) => j.id)).toEqual([b.id, a.id]);
    expect(store.listJobs({ text: 'bob' }).jobs.map((j) => j.id)).toEqual([b.id]);
    expect(store.listJobs({ text: 'say "hi"' }).jobs).toEqual([]);
    expect(store.listJobs({ text: 'zz' }).jobs).toEqual([]);
  });
});
