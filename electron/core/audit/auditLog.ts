import type Database from 'better-sqlite3';
import type { AuditChannel, AuditEntry, AuditTargetType, AuditVerification } from '../../common/auditContract.js';
import { currentChannel } from '../requestContext.js';
import type { Db } from '../store/database.js';
import { GENESIS_MAC, headMac, MIN_MAC_KEY_BYTES, rowMac, type AuditRow } from './auditChain.js';
import { csvHeader, csvRow, UTF8_BOM } from './auditCsv.js';
import { verifyAuditChain } from './auditVerify.js';

/** Which rows of the trail: every field narrows; `from` is inclusive, `to` exclusive (ms since the epoch). */
export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: AuditTargetType;
  targetId?: number;
  from?: number;
  to?: number;
}

/** One page, newest first; pass `nextCursor` as `before` for the next. */
export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: number | null;
}

/** The filtered trail as CSV text. */
export interface AuditExport {
  csv: string;
  rows: number;
  truncated: boolean;
}

/** Most rows one export holds: 100,000 rows are about 20 MB of text, and more than a spreadsheet is read for. */
export const MAX_EXPORT_ROWS = 100_000;
const EXPORT_PAGE = 5_000;
const SEAL_PAGE = 1_000;
const DEFAULT_LIMIT = 100;
const NARROW_PERIOD_ROWS = 5_000;
const COLUMNS = 'id, at, actor, action, target_type, target_id, channel, detail_json, mac';

// The id the next row takes and the MAC it chains from, read in the same transaction as the insert:
// a row rolled back with its caller's transaction takes its head with it. The id is past every id
// ever used (sqlite_sequence), every id left and the head's, so rows removed at the end leave a gap.
const READ_TAIL = `SELECT max(
    coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0),
    coalesce((SELECT max(id) FROM audit_log), 0),
    coalesce((SELECT last_id FROM audit_head WHERE id = 1), 0)
  ) AS lastId, (SELECT last_mac FROM audit_head WHERE id = 1) AS headMac`;
const INSERT = `INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const WRITE_HEAD = `INSERT INTO audit_head (id, last_id, last_mac, mac) VALUES (1, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id, last_mac = excluded.last_mac, mac = excluded.mac`;

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    targetType: row.target_type as AuditTargetType,
    targetId: row.target_id,
    channel: row.channel as AuditChannel | null,
    detail: parseDetail(row.detail_json),
  };
}

// Only a hand-edited file holds detail that is not JSON; its row still shows (and Verify names it).
function parseDetail(json: string): Record<string, unknown> {
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return { unreadable: json };
  }
}

/**
 * How the planner should find rows of a period: through `audit_at` when the period holds few rows
 * (sorting them by id is cheap), else in id order, stopping at the page (a wide period's rows sorted
 * through the index cost 1.5 s for a million). `+column` keeps SQLite from using that column's index.
 */
type PeriodPlan = 'by_time' | 'by_id' | 'any';

function whereClause(filter: AuditFilter & { before?: number }, plan: PeriodPlan): { where: string; params: (string | number)[] } {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const add = (column: string, operator: string, value: string | number | undefined, indexed: boolean) => {
    if (value === undefined) return;
    conditions.push(`${indexed ? '' : '+'}${column} ${operator} ?`);
    params.push(value);
  };
  add('actor', '=', filter.actor, plan !== 'by_time');
  add('action', '=', filter.action, true);
  add('target_type', '=', filter.targetType, plan !== 'by_time');
  add('target_id', '=', filter.targetId, plan !== 'by_time');
  add('at', '>=', filter.from, plan !== 'by_id');
  add('at', '<', filter.to, plan !== 'by_id');
  add('id', '<', filter.before, plan !== 'by_time');
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

// drizzle() puts the better-sqlite3 handle on the db it returns; `Db` does not say so.
function sqliteOf(db: Db): Database.Database {
  const client = (db as Db & { $client?: Database.Database }).$client;
  if (!client) throw new TypeError('The audit trail needs a better-sqlite3 drizzle database');
  return client;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The audit trail: who did what, when, through which door. Written in the same transaction as the
 * change it records; append-only (triggers refuse UPDATE and DELETE) and HMAC-chained, so that
 * someone holding the database file but not the key can neither change, remove nor add a row unseen.
 * What no chain inside the file can show: the whole file, or its newest rows and head together,
 * put back as an older copy (that needs a record kept outside it, e.g. an export).
 */
export class AuditLog {
  /** Rows written before rows were sealed, sealed by this start-up (0 on every start but the first). */
  readonly sealedAtStart: number;
  private readonly sqlite: Database.Database;
  private readonly key: Buffer;
  private readonly readTail: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly writeHead: Database.Statement;
  private readonly append: (row: Omit<AuditRow, 'id' | 'mac'>) => void;

  /** `macKey`: the vault's `deriveKey('audit-mac')`, at least 32 bytes. Seals rows of older releases before returning. */
  constructor(
    db: Db,
    macKey: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    if (macKey.length < MIN_MAC_KEY_BYTES) throw new RangeError(`The audit trail's MAC key must be at least ${MIN_MAC_KEY_BYTES} bytes, not ${macKey.length}`);
    this.key = Buffer.from(macKey);
    this.sqlite = sqliteOf(db);
    this.readTail = this.sqlite.prepare(READ_TAIL);
    this.insert = this.sqlite.prepare(INSERT);
    this.writeHead = this.sqlite.prepare(WRITE_HEAD);
    // Inside a caller's transaction this is a savepoint: the row and its head go together or not at all.
    this.append = this.sqlite.transaction((content: Omit<AuditRow, 'id' | 'mac'>) => {
      const tail = this.readTail.get() as { lastId: number; headMac: string | null };
      const row = { id: tail.lastId + 1, ...content };
      const mac = rowMac(this.key, tail.headMac ?? GENESIS_MAC, row);
      this.insert.run(row.id, row.at, row.actor, row.action, row.target_type, row.target_id, row.channel, row.detail_json, mac);
      this.writeHead.run(row.id, mac, headMac(this.key, row.id, mac));
    });
    this.sealedAtStart = this.sealOlderRows();
  }

  /** Records one action, with the channel of the command being handled (or `scheduler`/`system` outside one). */
  record(actor: string, action: string, target: { type: AuditEntry['targetType']; id: number }, detail: Record<string, unknown> = {}): void {
    this.append({
      at: this.now(),
      actor,
      action,
      target_type: target.type,
      target_id: target.id,
      channel: currentChannel(actor.startsWith('schedule:') ? 'scheduler' : 'system'),
      detail_json: JSON.stringify(detail),
    });
  }

  /** Newest first, optionally of one target, paged by id: a job's own history. */
  list(query: { targetType?: AuditTargetType; targetId?: number; before?: number; limit?: number }): AuditPage {
    return this.search(query);
  }

  /** Newest first, filtered, paged by id: the Audit screen. */
  search(query: AuditFilter & { before?: number; limit?: number }): AuditPage {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = this.select(query, limit + 1);
    const page = rows.slice(0, limit);
    return { entries: page.map(toEntry), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
  }

  /** The filtered trail as CSV, newest first, at most MAX_EXPORT_ROWS rows; read in pages, giving the event loop turns. */
  async exportCsv(filter: AuditFilter, maxRows = MAX_EXPORT_ROWS): Promise<AuditExport> {
    const lines = [UTF8_BOM, csvHeader()];
    let rows = 0;
    let before: number | undefined;
    for (;;) {
      const page = this.select({ ...filter, before }, Math.min(EXPORT_PAGE, maxRows + 1 - rows));
      const kept = page.slice(0, maxRows - rows);
      for (const row of kept) lines.push(csvRow(row));
      rows += kept.length;
      if (kept.length < page.length) return { csv: lines.join(''), rows, truncated: true };
      if (page.length < EXPORT_PAGE) return { csv: lines.join(''), rows, truncated: false };
      before = page.at(-1)?.id;
      await nextTurn();
    }
  }

  /** Walks the whole chain and names the first row that is not what was written, or the removal of the newest. */
  verify(pageSize?: number): Promise<AuditVerification> {
    return verifyAuditChain(this.sqlite, this.key, pageSize);
  }

  private select(filter: AuditFilter & { before?: number }, limit: number): AuditRow[] {
    const { where, params } = whereClause(filter, this.periodPlan(filter));
    return this.sqlite.prepare(`SELECT ${COLUMNS} FROM audit_log ${where} ORDER BY id DESC LIMIT ?`).all(...params, limit) as AuditRow[];
  }

  /** Counts, through the index alone and only up to a few thousand, the rows of the period. */
  private periodPlan(filter: AuditFilter & { before?: number }): PeriodPlan {
    if (filter.from === undefined && filter.to === undefined) return 'any';
    const { where, params } = whereClause({ from: filter.from, to: filter.to, before: filter.before }, 'by_time');
    const rows = this.sqlite
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM audit_log ${where} LIMIT ${NARROW_PERIOD_ROWS})`)
      .pluck()
      .get(...params) as number;
    return rows < NARROW_PERIOD_ROWS ? 'by_time' : 'by_id';
  }

  /**
   * Seals, in id order and in one transaction, the rows of a release that wrote no MACs: only on a
   * trail with no head and no sealed row. Once sealed, a row without a MAC is one added behind the
   * app's back, and sealing it would make it look genuine.
   */
  private sealOlderRows(): number {
    const sqlite = this.sqlite;
    if (sqlite.prepare('SELECT 1 FROM audit_head').get()) return 0;
    if (sqlite.prepare('SELECT 1 FROM audit_log WHERE mac IS NOT NULL LIMIT 1').get()) return 0;
    const page = sqlite.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`);
    const seal = sqlite.prepare('UPDATE audit_log SET mac = ? WHERE id = ?');
    return sqlite.transaction(() => {
      let previous = { id: Number.MIN_SAFE_INTEGER, mac: GENESIS_MAC };
      let sealed = 0;
      for (;;) {
        const rows = page.all(previous.id, SEAL_PAGE) as AuditRow[];
        for (const row of rows) {
          const mac = rowMac(this.key, previous.mac, row);
          seal.run(mac, row.id);
          previous = { id: row.id, mac };
        }
        sealed += rows.length;
        if (rows.length < SEAL_PAGE) break;
      }
      if (sealed > 0) this.writeHead.run(previous.id, previous.mac, headMac(this.key, previous.id, previous.mac));
      return sealed;
    })();
  }
}
