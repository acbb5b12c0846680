import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { builtPaths, tempDir } from '../../../test/helpers/paths.js';
import { createAuditHandlers } from '../api/auditHandlers.js';
import { anonymousCaller } from '../api/caller.js';
import { runInRequest } from '../requestContext.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { AuditLog } from './auditLog.js';

const KEY = Buffer.alloc(32, 7);
const AT = Date.parse('2026-11-30T14:02:33Z');
const opened: OpenDatabase[] = [];

async function freshStore(migrationsDir = builtPaths.migrationsDir): Promise<OpenDatabase & { file: string }> {
  const file = path.join(tempDir(), 'db.sqlite');
  const store = await openDatabase({ file, migrationsDir, durability: 'NORMAL' });
  opened.push(store);
  return { ...store, file };
}

function recordMany(audit: AuditLog, sqlite: Database.Database, n: number): void {
  sqlite.transaction(() => {
    for (let i = 1; i <= n; i++) audit.record(i % 3 === 0 ? 'ana' : 'bruno', i % 2 ? 'job.created' : 'job.cancelled', { type: 'job', id: i }, { n: i });
  })();
}

/** What someone holding the file (not the key) can do: their own connection, no triggers in the way. */
function asAttacker(file: string, work: (sqlite: Database.Database) => void): void {
  const sqlite = new Database(file);
  sqlite.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; DROP TRIGGER IF EXISTS audit_head_no_delete');
  work(sqlite);
  sqlite.close();
}

afterEach(() => {
  for (const store of opened.splice(0)) if (store.sqlite.open) store.sqlite.close();
});

describe('the audit chain', () => {
  it('verifies after many records, across pages, and every row carries its channel and MAC', async () => {
    const { db, sqlite } = await freshStore();
    const audit = new AuditLog(db, KEY, () => AT);
    recordMany(audit, sqlite, 2_500);
    const connection = { channel: 'headless' as const, sessionToken: null };
    runInRequest({ caller: { ...anonymousCaller(connection), user: 'ana' }, command: 'jobs.cancel' }, () =>
      audit.record('ana', 'job.cancelled', { type: 'job', id: 1 }),
    );
    audit.record('schedule:3', 'job.created', { type: 'job', id: 2 });

    expect(await audit.verify(100)).toEqual({ ok: true, checked: 2_502, firstBad: null });
    const rows = sqlite.prepare('SELECT id, channel, mac FROM audit_log WHERE id > 2499 ORDER BY id').all();
    expect(rows).toEqual([
      { id: 2500, channel: 'system', mac: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { id: 2501, channel: 'headless', mac: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { id: 2502, channel: 'scheduler', mac: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(sqlite.prepare('SELECT last_id FROM audit_head').pluck().get()).toBe(2502);
    // Another key does not verify the same trail: the MACs depend on the key.
    expect((await new AuditLog(db, Buffer.alloc(32, 8)).verify()).firstBad?.id).toBe(1);
  });

  it('refuses a key shorter than 32 bytes', async () => {
    const { db } = await freshStore();
    expect(() => new AuditLog(db, Buffer.alloc(16))).toThrow(/at least 32 bytes/);
  });

  it('refuses UPDATE and DELETE through SQL with the triggers’ message, the app’s own connection included', async () => {
    const { db, sqlite, file } = await freshStore();
    const audit = new AuditLog(db, KEY);
    recordMany(audit, sqlite, 3);
    expect(() => sqlite.prepare("UPDATE audit_log SET detail_json = '{}' WHERE id = 2").run()).toThrow(
      'The audit trail is append-only: rows cannot be changed',
    );
    expect(() => sqlite.prepare("UPDATE audit_log SET mac = 'x' WHERE id = 2").run()).toThrow('rows cannot be changed');
    expect(() => sqlite.prepare('DELETE FROM audit_log WHERE id = 2').run()).toThrow('The audit trail is append-only: rows cannot be deleted');
    expect(() => sqlite.prepare('DELETE FROM audit_head').run()).toThrow('its head cannot be deleted');
    const other = new Database(file);
    expect(() => other.prepare('DELETE FROM audit_log').run()).toThrow('rows cannot be deleted');
    other.close();
    expect(await audit.verify()).toEqual({ ok: true, checked: 3, firstBad: null });
  });

  it('names exactly the row whose detail was edited behind the triggers', async () => {
    const { db, sqlite, file } = await freshStore();
    const audit = new AuditLog(db, KEY, () => AT);
    recordMany(audit, sqlite, 1_300);
    asAttacker(file, (s) => {
      s.prepare(`UPDATE audit_log SET detail_json = '{"n":1}' WHERE id = 1234`).run();
      s.prepare(`UPDATE audit_log SET detail_json = 'not json' WHERE id = 1250`).run();
    });
    // The Job screen still shows what is there.
    expect(audit.list({ targetType: 'job', targetId: 1250 }).entries[0]?.detail).toEqual({ unreadable: 'not json' });
    expect(await audit.verify(500)).toEqual({
      ok: false,
      checked: 1_233,
      firstBad: { id: 1234, problem: 'changed', message: 'Row 1,234 (job.cancelled by bruno, 2026-11-30 14:02 UTC) was changed after it was written' },
    });
  });

  it('names the row after one removed from the middle, also when the ids after it are moved down', async () => {
    const { db, sqlite, file } = await freshStore();
    const audit = new AuditLog(db, KEY, () => AT);
    recordMany(audit, sqlite, 20);
    asAttacker(file, (s) => s.prepare('DELETE FROM audit_log WHERE id IN (7, 8)').run());
    expect((await audit.verify()).firstBad).toEqual({
      id: 9,
      problem: 'removed_before',
      message: 'Row 9 (job.created by ana, 2026-11-30 14:02 UTC) follows a gap: rows 7 to 8 were removed',
    });
    // Closing the gap moves rows: their MACs cover their ids.
    asAttacker(file, (s) => s.prepare('UPDATE audit_log SET id = id - 2 WHERE id > 8').run());
    expect((await audit.verify()).firstBad).toMatchObject({ id: 7, problem: 'changed' });
  });

  it('sees the newest rows removed through the head, and still after the app writes more', async () => {
    const { db, sqlite, file } = await freshStore();
    const audit = new AuditLog(db, KEY, () => AT);
    recordMany(audit, sqlite, 10);
    asAttacker(file, (s) => s.prepare('DELETE FROM audit_log WHERE id > 7').run());
    expect(await audit.verify()).toEqual({
      ok: false,
      checked: 7,
      firstBad: {
        id: 7,
        problem: 'removed_after',
        message: 'The newest rows were removed: the trail ends at row 7 (job.created by bruno, 2026-11-30 14:02 UTC), but rows 8 to 10 were removed',
      },
    });
    // Even with the id counter turned back, the next row does not close the gap.
    asAttacker(file, (s) => s.prepare("UPDATE sqlite_sequence SET seq = 7 WHERE name = 'audit_log'").run());
    audit.record('ana', 'job.created', { type: 'job', id: 11 });
    expect((await audit.verify()).firstBad).toMatchObject({ id: 11, problem: 'removed_before', message: expect.stringContaining('rows 8 to 10 were removed') });
  });

  it('sees the head removed or replaced along with the newest rows', async () => {
    const { db, sqlite, file } = await freshStore();
    const audit = new AuditLog(db, KEY, () => AT);
    recordMany(audit, sqlite, 10);
    asAttacker(file, (s) => s.prepare('UPDATE audit_head SET last_id = 8, last_mac = (SELECT mac FROM audit_log WHERE id = 8)').run());
    expect((await audit.verify()).firstBad).toMatchObject({ id: 10, problem: 'removed_after', message: expect.stringContaining('was changed') });
    asAttacker(file, (s) => s.exec("DELETE FROM audit_log WHERE id > 8; DELETE FROM audit_head; UPDATE sqlite_sequence SET seq = 8 WHERE name = 'audit_log'"));
    expect((await audit.verify()).firstBad).toMatchObject({ id: 8, problem: 'removed_after', message: expect.stringContaining('is missing') });
    // The next record cannot pick the chain up where it was cut: it starts over, and that shows.
    audit.record('ana', 'job.created', { type: 'job', id: 11 });
    expect((await audit.verify()).firstBad).toMatchObject({ id: 9, problem: 'removed_before', message: expect.stringContaining('starts the chain over') });
    asAttacker(file, (s) => s.exec('DELETE FROM audit_log'));
    expect((await audit.verify()).firstBad).toMatchObject({ id: 0, problem: 'removed_after', message: expect.stringContaining('Every row') });
  });

  it('names a forged row, with a made-up MAC or none', async () => {
    const { db, sqlite, file } = await freshStore();
    const audit = new AuditLog(db, KEY, () => AT);
    recordMany(audit, sqlite, 5);
    const forge = `INSERT INTO audit_log (id, at, actor, action, target_type, target_id, channel, detail_json, mac)
      VALUES (6, ${AT}, 'ana', 'job.created', 'job', 6, 'desktop', '{}', ?)`;
    asAttacker(file, (s) => s.prepare(forge).run('ab'.repeat(32)));
    expect((await audit.verify()).firstBad).toEqual({
      id: 6,
      problem: 'changed',
      message: 'Row 6 (job.created by ana, 2026-11-30 14:02 UTC) was not written by RPA Desk: it was added after row 5, the newest RPA Desk wrote',
    });
    asAttacker(file, (s) => {
      s.prepare('DELETE FROM audit_log WHERE id = 6').run();
      s.prepare(forge).run(null);
    });
    expect((await audit.verify()).firstBad).toEqual({
      id: 6,
      problem: 'unsealed',
      message: 'Row 6 (job.created by ana, 2026-11-30 14:02 UTC) has no seal: it was added to the trail outside RPA Desk',
    });
    // A restart does not seal it: only a trail that was never sealed is.
    expect(new AuditLog(db, KEY).sealedAtStart).toBe(0);
    expect((await audit.verify()).firstBad?.problem).toBe('unsealed');
  });

  it('seals the rows of the release before, in id order, once, at start-up', async () => {
    const olderRelease = tempDir('rpa-migrations-');
    fs.cpSync(builtPaths.migrationsDir, olderRelease, { recursive: true });
    const journalFile = path.join(olderRelease, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((e) => e.tag < '0005');
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const { sqlite: old, file } = await freshStore(olderRelease);
    const insert = old.prepare(
      "INSERT INTO audit_log (at, actor, action, target_type, target_id, detail_json) VALUES (?, 'ana', 'job.created', 'job', ?, '{}')",
    );
    for (let i = 1; i <= 1_500; i++) insert.run(AT + i, i);
    old.close();

    const upgraded = await openDatabase({ file, migrationsDir: builtPaths.migrationsDir, durability: 'NORMAL' });
    opened.push(upgraded);
    const { db, sqlite } = upgraded;
    const audit = new AuditLog(db, KEY);
    expect(audit.sealedAtStart).toBe(1_500);
    expect(sqlite.prepare('SELECT count(*) FROM audit_log WHERE mac IS NULL').pluck().get()).toBe(0);
    audit.record('bruno', 'job.cancelled', { type: 'job', id: 1 });
    expect(await audit.verify()).toEqual({ ok: true, checked: 1_501, firstBad: null });
    expect(new AuditLog(db, KEY).sealedAtStart).toBe(0);
    expect(audit.list({ targetType: 'job', targetId: 1 }).entries.map((e) => [e.actor, e.channel])).toEqual([
      ['bruno', 'system'],
      ['ana', null],
    ]);
  });

  it('keeps the chain valid when a transaction that recorded a row rolls back', async () => {
    const { db, sqlite } = await freshStore();
    const audit = new AuditLog(db, KEY);
    recordMany(audit, sqlite, 3);
    const createJob = sqlite.transaction(() => {
      sqlite.prepare("INSERT INTO jobs (bot_id, state, params_json, created_by, created_at) VALUES ('b', 'queued', '{}', 'ana', 1)").run();
      audit.record('ana', 'job.created', { type: 'job', id: 99 });
      throw new Error('the bot is not allowed');
    });
    expect(() => createJob()).toThrow('the bot is not allowed');
    expect(() =>
      db.transaction(() => {
        audit.record('ana', 'job.created', { type: 'job', id: 98 });
        throw new Error('no');
      }),
    ).toThrow('no');
    audit.record('ana', 'job.cancelled', { type: 'job', id: 1 });
    expect(sqlite.prepare('SELECT id FROM audit_log ORDER BY id').pluck().all()).toEqual([1, 2, 3, 4]);
    expect(await audit.verify()).toEqual({ ok: true, checked: 4, firstBad: null });
  });
});

describe('searching and exporting the trail', () => {
  it('filters by actor, action, target and period, newest first, paged by id', async () => {
    const { db, sqlite } = await freshStore();
    let at = AT;
    const audit = new AuditLog(db, KEY, () => (at += 1_000));
    recordMany(audit, sqlite, 30);
    const ids = (page: { entries: { id: number }[] }) => page.entries.map((e) => e.id);
    expect(ids(audit.search({ actor: 'ana', limit: 4 }))).toEqual([30, 27, 24, 21]);
    const first = audit.search({ actor: 'ana', action: 'job.cancelled', limit: 2 });
    expect([ids(first), first.nextCursor]).toEqual([[30, 24], 24]);
    const second = audit.search({ actor: 'ana', action: 'job.cancelled', limit: 2, before: first.nextCursor ?? 0 });
    expect(ids(second)).toEqual([18, 12]);
    expect(ids(audit.search({ targetType: 'job', targetId: 5 }))).toEqual([5]);
    expect(ids(audit.search({ from: AT + 10_000, to: AT + 13_000 }))).toEqual([12, 11, 10]);
    expect(audit.search({ actor: 'ana', limit: 100 }).nextCursor).toBeNull();
    const plan = sqlite.prepare("EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE actor = 'ana' ORDER BY id DESC LIMIT 10").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('audit_actor');
  });

  it('exports RFC 4180 CSV with a BOM, quoting, and no formula a spreadsheet would run', async () => {
    const { db } = await freshStore();
    const audit = new AuditLog(db, KEY, () => AT);
    audit.record('=HYPERLINK("http://evil","ok")', 'job.created', { type: 'job', id: 1 }, { note: 'a, "b"\nc' });
    audit.record('-2+3', 'job.cancelled', { type: 'job', id: 2 });
    audit.record('@SUM(A1)', 'job.cancelled', { type: 'job', id: 3 });
    audit.record('João', 'approval.decided', { type: 'approval', id: 4 });
    const result = await audit.exportCsv({});
    expect(result).toMatchObject({ rows: 4, truncated: false });
    expect(result.csv.startsWith('\uFEFFid,at (UTC),actor,action,target type,target id,channel,detail\r\n')).toBe(true);
    expect(result.csv.slice(1).split('\r\n')).toEqual([
      'id,at (UTC),actor,action,target type,target id,channel,detail',
      '4,2026-11-30 14:02:33,João,approval.decided,approval,4,system,{}',
      "3,2026-11-30 14:02:33,'@SUM(A1),job.cancelled,job,3,system,{}",
      "2,2026-11-30 14:02:33,'-2+3,job.cancelled,job,2,system,{}",
      `1,2026-11-30 14:02:33,"'=HYPERLINK(""http://evil"",""ok"")",job.created,job,1,system,"{""note"":""a, \\""b\\""\\nc""}"`,
      '',
    ]);
    expect(await audit.exportCsv({ action: 'job.cancelled' })).toMatchObject({ rows: 2, truncated: false });
    const cut = await audit.exportCsv({}, 3);
    expect(cut).toMatchObject({ rows: 3, truncated: true });
    expect(cut.csv).not.toContain('HYPERLINK');
  });

  it('exports in pages up to the limit and says when it stopped there', async () => {
    const { db, sqlite } = await freshStore();
    const audit = new AuditLog(db, KEY, () => AT);
    recordMany(audit, sqlite, 12_000);
    expect(await audit.exportCsv({}, 10_000)).toMatchObject({ rows: 10_000, truncated: true });
    const all = await audit.exportCsv({});
    expect(all).toMatchObject({ rows: 12_000, truncated: false });
    expect(all.csv.split('\r\n')).toHaveLength(12_000 + 2);
  });

  it('answers the audit commands, and refuses a period that ends before it starts', async () => {
    const { db } = await freshStore();
    const audit = new AuditLog(db, KEY, () => AT);
    audit.record('ana', 'job.created', { type: 'job', id: 1 });
    const handlers = createAuditHandlers(audit);
    const caller = anonymousCaller({ channel: 'desktop', sessionToken: null });
    expect(await handlers['audit.verify']({}, caller)).toEqual({ ok: true, checked: 1, firstBad: null });
    expect((await handlers['audit.search']({ actor: 'ana' }, caller)).entries).toHaveLength(1);
    expect((await handlers['audit.list']({ targetType: 'job', targetId: 1 }, caller)).entries[0]).toMatchObject({
      action: 'job.created',
      channel: 'system',
      detail: {},
    });
    expect((await handlers['audit.export']({ targetType: 'job' }, caller)).rows).toBe(1);
    expect(() => handlers['audit.export']({ from: AT, to: AT }, caller)).toThrow('The start of the period must come before its end');
  });
});
