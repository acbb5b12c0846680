import type Database from 'better-sqlite3';
import type { AuditVerification } from '../../common/auditContract.js';
import { GENESIS_MAC, headMac, rowMac, type AuditRow } from './auditChain.js';

type Problem = NonNullable<AuditVerification['firstBad']>;

interface HeadRow {
  lastId: number;
  lastMac: string;
  mac: string;
}

const PAGE_ROWS = 'SELECT id, at, actor, action, target_type, target_id, channel, detail_json, mac FROM audit_log WHERE id > ? ORDER BY id LIMIT ?';
const HEAD = 'SELECT last_id AS lastId, last_mac AS lastMac, mac FROM audit_head WHERE id = 1';
const DEFAULT_PAGE_SIZE = 1000;
const MAX_SHOWN = 60;

const count = new Intl.NumberFormat('en-US');

function utcMinute(at: unknown): string {
  const time = typeof at === 'number' ? new Date(at) : new Date(NaN);
  return Number.isNaN(time.getTime()) ? 'at an unknown time' : `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "row 4,512 (job.cancelled by ana, 2026-11-30 14:02 UTC)": how an admin recognises a row. */
function rowName(row: AuditRow): string {
  return `row ${count.format(row.id)} (${shown(row.action)} by ${shown(row.actor)}, ${utcMinute(row.at)})`;
}

// Whatever someone put in the file is shown as text, and only so much of it.
function shown(value: unknown): string {
  const text = String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function describeRow(row: AuditRow): string {
  return `R${rowName(row).slice(1)}`;
}

function missingRange(first: number, last: number): string {
  return first === last ? `row ${count.format(first)} was removed` : `rows ${count.format(first)} to ${count.format(last)} were removed`;
}

/** What is wrong with `row` coming after `previous` (null for the oldest row), or null if nothing. */
function checkRow(key: Buffer, row: AuditRow, previous: AuditRow | null, head: () => HeadRow | undefined): Problem | null {
  if (row.mac === null) {
    return { id: row.id, problem: 'unsealed', message: `${describeRow(row)} has no seal: it was added to the trail outside RPA Desk` };
  }
  if (previous && row.id !== previous.id + 1) {
    return { id: row.id, problem: 'removed_before', message: `${describeRow(row)} follows a gap: ${missingRange(previous.id + 1, row.id - 1)}` };
  }
  if (rowMac(key, previous?.mac ?? GENESIS_MAC, row) === row.mac) return null;
  if (!previous) {
    return row.id > 1
      ? { id: row.id, problem: 'removed_before', message: `${describeRow(row)} is the oldest left: ${missingRange(1, row.id - 1)}` }
      : { id: row.id, problem: 'changed', message: `${describeRow(row)} was changed after it was written` };
  }
  if (rowMac(key, GENESIS_MAC, row) === row.mac) {
    return {
      id: row.id,
      problem: 'removed_before',
      message: `${describeRow(row)} starts the chain over: it was written after the record of the newest row was removed, so rows before it may have been removed`,
    };
  }
  const newest = head();
  if (newest && row.id > newest.lastId) {
    return {
      id: row.id,
      problem: 'changed',
      message: `${describeRow(row)} was not written by RPA Desk: it was added after row ${count.format(newest.lastId)}, the newest RPA Desk wrote`,
    };
  }
  return { id: row.id, problem: 'changed', message: `${describeRow(row)} was changed after it was written` };
}

/** Whether the newest row left is the newest RPA Desk wrote, as its MAC'd head record says. */
function checkTail(key: Buffer, last: AuditRow | null, head: HeadRow | undefined): Problem | null {
  const lastId = last?.id ?? 0;
  const after = last ? `after ${rowName(last)}` : 'of the trail';
  if (!head) {
    return last
      ? { id: lastId, problem: 'removed_after', message: `The record of the trail's newest row is missing: rows ${after} may have been removed` }
      : null;
  }
  if (headMac(key, head.lastId, head.lastMac) !== head.mac) {
    return { id: lastId, problem: 'removed_after', message: `The record of the trail's newest row was changed: rows ${after} may have been removed` };
  }
  if (!last) {
    return {
      id: 0,
      problem: 'removed_after',
      message: `Every row of the audit trail was removed: RPA Desk had written up to row ${count.format(head.lastId)}`,
    };
  }
  if (head.lastId > last.id) {
    return {
      id: last.id,
      problem: 'removed_after',
      message: `The newest rows were removed: the trail ends at ${rowName(last)}, but ${missingRange(last.id + 1, head.lastId)}`,
    };
  }
  if (head.lastId < last.id) {
    return {
      id: last.id,
      problem: 'removed_after',
      message: `The record of the trail's newest row names row ${count.format(head.lastId)}, older than ${rowName(last)}: it was replaced with an old copy, so newer rows may have been removed`,
    };
  }
  if (head.lastMac !== last.mac) {
    return { id: last.id, problem: 'removed_after', message: `${describeRow(last)} is not the newest row RPA Desk wrote: the newest rows were replaced` };
  }
  return null;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Walks the whole trail in id order, a page at a time (memory stays flat however long it is, and the
 * event loop gets a turn between pages), and names the first row that is not what RPA Desk wrote.
 */
export async function verifyAuditChain(sqlite: Database.Database, key: Buffer, pageSize = DEFAULT_PAGE_SIZE): Promise<AuditVerification> {
  const page = sqlite.prepare(PAGE_ROWS);
  const headQuery = sqlite.prepare(HEAD);
  const head = () => headQuery.get() as HeadRow | undefined;
  let previous: AuditRow | null = null;
  let checked = 0;
  for (;;) {
    const rows = page.all(previous?.id ?? Number.MIN_SAFE_INTEGER, pageSize) as AuditRow[];
    for (const row of rows) {
      const problem = checkRow(key, row, previous, head);
      if (problem) return { ok: false, checked, firstBad: problem };
      checked++;
      previous = row;
    }
    if (rows.length < pageSize) {
      // Read in the same turn as the last page: no record can come between them.
      const problem = checkTail(key, previous, head());
      return { ok: problem === null, checked, firstBad: problem };
    }
    await nextTurn();
  }
}
