import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { AuditEntry } from '../../common/approvalContract.js';
import type { Db } from '../store/database.js';
import { auditLog } from '../store/schema.js';

/** The audit trail: who did what, when. Written in the same breath as the change it records. */
export class AuditLog {
  // Prepared once: every job an operator starts is recorded, and building the insert costs more than running it.
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    const value = (name: string) => sql.placeholder(name);
    this.insert = db
      .insert(auditLog)
      .values({ at: value('at'), actor: value('actor'), action: value('action'), targetType: value('targetType'), targetId: value('targetId'), detailJson: value('detailJson') })
      .prepare();
  }

  /** Records one action. */
  record(actor: string, action: string, target: { type: AuditEntry['targetType']; id: number }, detail: Record<string, unknown> = {}): void {
    this.insert.run({ at: this.now(), actor, action, targetType: target.type, targetId: target.id, detailJson: JSON.stringify(detail) });
  }

  /** Newest first, optionally of one target, paged by id. */
  list(query: { targetType?: AuditEntry['targetType']; targetId?: number; before?: number; limit?: number }): {
    entries: AuditEntry[];
    nextCursor: number | null;
  } {
    const limit = query.limit ?? 100;
    const conditions: SQL[] = [];
    if (query.targetType) conditions.push(eq(auditLog.targetType, query.targetType));
    if (query.targetId !== undefined) conditions.push(eq(auditLog.targetId, query.targetId));
    if (query.before) conditions.push(lt(auditLog.id, query.before));
    const rows = this.db
      .select()
      .from(auditLog)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(limit + 1)
      .all();
    const page = rows.slice(0, limit);
    return {
      entries: page.map((r) => ({
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        targetType: r.targetType as AuditEntry['targetType'],
        targetId: r.targetId,
        detail: JSON.parse(r.detailJson) as Record<string, unknown>,
      })),
      nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
  }
}
