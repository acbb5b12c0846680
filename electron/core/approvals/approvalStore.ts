import type Database from 'better-sqlite3';
import { and, desc, eq, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { ApprovalDetail, ApprovalStatus, ApprovalSummary } from '../../common/approvalContract.js';
import type { JobFile } from '../../common/domain.js';
import type { WireApprovalRequest, WireDecision } from '../../common/workerProtocol.js';
import type { Db } from '../store/database.js';
import { approvals, jobFiles, jobs } from '../store/schema.js';

type ApprovalRow = typeof approvals.$inferSelect;

/** What is stored of a request besides its columns. */
interface StoredRequest {
  summary: string | null;
  fields: WireApprovalRequest['fields'];
  table: WireApprovalRequest['table'];
  fileIds: number[];
  choices: WireApprovalRequest['choices'];
  allowBulk: boolean;
}

/** The approvals table: requests to people and their one decision. */
export class ApprovalStore {
  private readonly pendingByJob;
  /** Every job that ends asks whether it left a request open; almost none did, so that question is a bare index probe. */
  private readonly hasPendingStatement: Database.Statement<[number], number>;

  constructor(
    private readonly db: Db,
    sqlite: Database.Database,
    private readonly botTitle: (botId: string) => string,
    private readonly now: () => number = Date.now,
  ) {
    this.pendingByJob = db
      .select()
      .from(approvals)
      .where(and(eq(approvals.jobId, sql.placeholder('jobId')), eq(approvals.status, 'pending')))
      .prepare();
    this.hasPendingStatement = sqlite.prepare<[number], number>("SELECT 1 FROM approvals WHERE job_id = ? AND status = 'pending' LIMIT 1").pluck();
  }

  /** The request a job made as its `key`-th, if it was made before (a resumed bot asking again). */
  findByKey(jobId: number, key: number): ApprovalRow | null {
    return (
      this.db
        .select()
        .from(approvals)
        .where(and(eq(approvals.jobId, jobId), eq(approvals.key, key)))
        .get() ?? null
    );
  }

  /** Records a new pending request. */
  create(input: { jobId: number; key: number; kind: 'approval' | 'handoff'; request: WireApprovalRequest; fileIds: number[]; released: boolean }): ApprovalRow {
    const at = this.now();
    const stored: StoredRequest = {
      summary: input.request.summary,
      fields: input.request.fields,
      table: input.request.table,
      fileIds: input.fileIds,
      choices: input.request.choices,
      allowBulk: input.request.allowBulk,
    };
    return this.db
      .insert(approvals)
      .values({
        jobId: input.jobId,
        key: input.key,
        kind: input.kind,
        title: input.request.title,
        requestJson: JSON.stringify(stored),
        status: 'pending',
        createdAt: at,
        timeoutAt: input.request.timeoutMs === null ? null : at + input.request.timeoutMs,
        released: input.released,
      })
      .returning()
      .get();
  }

  /** Records the one decision of a pending request; null when it was no longer pending. */
  decide(id: number, status: Exclude<ApprovalStatus, 'pending'>, decision: WireDecision | null): ApprovalRow | null {
    return (
      this.db
        .update(approvals)
        .set({
          status,
          decision: decision?.decision ?? null,
          comment: decision?.comment ?? null,
          selectedRowsJson: decision?.selectedRows ? JSON.stringify(decision.selectedRows) : null,
          decidedBy: decision?.decidedBy ?? null,
          decidedAt: decision?.decidedAt ?? this.now(),
        })
        .where(and(eq(approvals.id, id), eq(approvals.status, 'pending')))
        .returning()
        .get() ?? null
    );
  }

  /** Notes that a pending request's worker is gone: its decision will resume the job in a new one. */
  markReleased(id: number): void {
    this.db.update(approvals).set({ released: true }).where(eq(approvals.id, id)).run();
  }

  get(id: number): ApprovalRow | null {
    return this.db.select().from(approvals).where(eq(approvals.id, id)).get() ?? null;
  }

  /** Pending requests of a job. */
  pendingOfJob(jobId: number): ApprovalRow[] {
    if (this.hasPendingStatement.get(jobId) === undefined) return [];
    return this.pendingByJob.all({ jobId });
  }

  /** Pending requests whose time is up. */
  expired(): ApprovalRow[] {
    return this.db
      .select()
      .from(approvals)
      .where(and(eq(approvals.status, 'pending'), lte(approvals.timeoutAt, this.now())))
      .all();
  }

  /** When the next pending request times out, or null. */
  nextTimeoutAt(): number | null {
    const rows = this.db.select({ at: approvals.timeoutAt }).from(approvals).where(eq(approvals.status, 'pending')).all();
    const times = rows.map((r) => r.at).filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  /** The inbox, newest first. */
  list(query: { status?: ApprovalStatus; botId?: string; jobId?: number; before?: number; limit?: number }): {
    approvals: ApprovalSummary[];
    nextCursor: number | null;
    pendingCount: number;
  } {
    const limit = query.limit ?? 100;
    const conditions: SQL[] = [];
    if (query.status) conditions.push(eq(approvals.status, query.status));
    if (query.jobId) conditions.push(eq(approvals.jobId, query.jobId));
    if (query.before) conditions.push(lt(approvals.id, query.before));
    if (query.botId) conditions.push(inArray(approvals.jobId, this.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.botId, query.botId))));
    const rows = this.db
      .select({ approval: approvals, botId: jobs.botId })
      .from(approvals)
      .innerJoin(jobs, eq(jobs.id, approvals.jobId))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(approvals.id))
      .limit(limit + 1)
      .all();
    const page = rows.slice(0, limit);
    const pendingCount =
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(approvals)
        .where(eq(approvals.status, 'pending'))
        .get()?.n ?? 0;
    return {
      approvals: page.map((r) => this.toSummary(r.approval, r.botId)),
      nextCursor: rows.length > limit ? (page.at(-1)?.approval.id ?? null) : null,
      pendingCount,
    };
  }

  /** One request with what the approval screen shows. */
  detail(id: number): ApprovalDetail | null {
    const row = this.get(id);
    if (!row) return null;
    const job = this.db.select({ botId: jobs.botId }).from(jobs).where(eq(jobs.id, row.jobId)).get();
    const stored = JSON.parse(row.requestJson) as StoredRequest;
    const files: JobFile[] = stored.fileIds.length
      ? this.db
          .select()
          .from(jobFiles)
          .where(inArray(jobFiles.id, stored.fileIds))
          .all()
          .map((f) => ({
            id: f.id,
            jobId: f.jobId,
            kind: f.kind as JobFile['kind'],
            attempt: f.attempt,
            name: f.name,
            size: f.size,
            mime: f.mime,
            createdAt: f.createdAt,
          }))
      : [];
    return {
      ...this.toSummary(row, job?.botId ?? ''),
      summary: stored.summary,
      fields: stored.fields,
      table: stored.table,
      files,
      choices: stored.choices,
      comment: row.comment,
      selectedRows: row.selectedRowsJson ? (JSON.parse(row.selectedRowsJson) as number[]) : null,
    };
  }

  /** The summary of a row, for events. */
  summary(row: ApprovalRow): ApprovalSummary {
    const job = this.db.select({ botId: jobs.botId }).from(jobs).where(eq(jobs.id, row.jobId)).get();
    return this.toSummary(row, job?.botId ?? '');
  }

  /** The request's choices and table, for checking a decision against them. */
  request(row: ApprovalRow): StoredRequest {
    return JSON.parse(row.requestJson) as StoredRequest;
  }

  private toSummary(row: ApprovalRow, botId: string): ApprovalSummary {
    const stored = JSON.parse(row.requestJson) as StoredRequest;
    return {
      id: row.id,
      jobId: row.jobId,
      botId,
      botTitle: this.botTitle(botId),
      kind: row.kind as ApprovalSummary['kind'],
      title: row.title,
      status: row.status as ApprovalStatus,
      createdAt: row.createdAt,
      timeoutAt: row.timeoutAt,
      decision: row.decision,
      decidedBy: row.decidedBy,
      decidedAt: row.decidedAt,
      allowBulk: stored.allowBulk,
    };
  }
}

/** A stored row, for the service. */
export type { ApprovalRow };
