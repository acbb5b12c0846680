import path from 'node:path';
import type { ApprovalSummary } from '../../common/approvalContract.js';
import { FINAL_STATES } from '../../common/domain.js';
import { RpaError } from '../../common/errors.js';
import type { WireApprovalRequest, WireDecision } from '../../common/workerProtocol.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { EventBus } from '../events/eventBus.js';
import type { JobStore } from '../jobs/jobStore.js';
import type { ApprovalRow, ApprovalStore } from './approvalStore.js';
import { jobDir } from '../files/jobFiles.js';

/** What the pool tells a worker that asked a person something. */
export type HumanAnswer = { kind: 'decision'; decision: WireDecision } | { kind: 'release' } | { kind: 'wait' };

/** The part of the bot pool the approvals need: hand a decision to a live worker. */
export interface DecisionDelivery {
  /** False when the job has no live worker (it was released, or the app restarted). */
  deliver(jobId: number, key: number, decision: WireDecision): boolean;
}

/** The operator's answer to an approval. */
export interface DecisionInput {
  decision: string;
  comment?: string;
  selectedRows?: number[];
}

const RESERVED = new Set(['approved', 'rejected']);

/**
 * Approvals and hand-offs: a bot asks, the job waits, a person decides exactly once, and the bot
 * goes on, in the same worker or, after a release or a restart, in a new one from its checkpoint.
 */
export class ApprovalService {
  private timer: NodeJS.Timeout | null = null;
  private delivery: DecisionDelivery | null = null;

  constructor(
    private readonly deps: {
      approvals: ApprovalStore;
      jobs: JobStore;
      audit: AuditLog;
      events: EventBus;
      jobsDir: string;
      /** Queue work: a released job resumes through the dispatcher. */
      kick: () => void;
      /** A new request to a person: the shell shows a desktop notification. */
      onRequested?: (approval: ApprovalSummary) => void;
      now?: () => number;
    },
  ) {
    // A job that ends while waiting closes its open requests: a late decision must not act on it.
    deps.events.on('job.updated', (job) => {
      if (FINAL_STATES.includes(job.state)) this.closeForJob(job.id, `Job ${job.id} ${job.state}`);
    });
  }

  /** Connects the bot pool, which is built after this service. */
  connect(delivery: DecisionDelivery): void {
    this.delivery = delivery;
    this.armTimeouts();
  }

  /** A worker asked (approval or hand-off number `key`): record it, or answer at once if it was decided before. */
  request(jobId: number, key: number, kind: 'approval' | 'handoff', request: WireApprovalRequest, release: boolean): HumanAnswer {
    const { approvals, jobs } = this.deps;
    const earlier = approvals.findByKey(jobId, key);
    if (earlier && earlier.status !== 'pending') return { kind: 'decision', decision: decisionOf(earlier) };
    const row = earlier ?? approvals.create({ jobId, key, kind, request, fileIds: this.fileIds(jobId, request.files), released: release });
    const waiting = kind === 'approval' ? 'waiting_approval' : 'waiting_operator';
    const job = jobs.moveState(
      jobId,
      ['running'],
      waiting,
      kind === 'approval' ? `Waiting for approval: ${row.title}` : `Handed over to the operator: ${row.title}`,
    );
    if (job) this.deps.events.emit('job.updated', job);
    const summary = approvals.summary(row);
    this.deps.events.emit('approval.updated', summary);
    if (!earlier) this.deps.onRequested?.(summary);
    this.armTimeouts();
    return release && kind === 'approval' ? { kind: 'release' } : { kind: 'wait' };
  }

  /** The worker closed while its approval waits: it no longer holds processes. */
  released(jobId: number): void {
    for (const row of this.deps.approvals.pendingOfJob(jobId)) this.deps.approvals.markReleased(row.id);
    const job = this.deps.jobs.moveState(jobId, ['waiting_approval'], 'waiting_approval', 'Worker released while the approval waits', { releaseLease: true });
    if (job) this.deps.events.emit('job.updated', job);
  }

  /** An operator decides an approval: once, with a comment when rejecting. */
  decide(approvalId: number, input: DecisionInput, user: string): ApprovalSummary {
    const row = this.open(approvalId, 'approval');
    const request = this.deps.approvals.request(row);
    const choices = new Set(request.choices.map((c) => c.id));
    if (!RESERVED.has(input.decision) && !choices.has(input.decision)) {
      throw new RpaError(
        'invalid_input',
        `"${input.decision}" is not an answer to this approval (use approved, rejected${[...choices].map((c) => `, ${c}`).join('')})`,
      );
    }
    const comment = input.comment?.trim() || null;
    if (input.decision === 'rejected' && !comment) {
      throw new RpaError('invalid_input', 'Say why in a comment to reject', { comment: 'A comment is required to reject' });
    }
    let selectedRows: number[] | null = null;
    if (input.selectedRows) {
      if (!request.table?.selectable) throw new RpaError('invalid_input', 'This approval has no rows to choose from');
      const rowCount = request.table.rows.length;
      const bad = input.selectedRows.find((i) => i >= rowCount);
      if (bad !== undefined) throw new RpaError('invalid_input', `Row ${bad + 1} does not exist (the table has ${rowCount})`);
      selectedRows = [...new Set(input.selectedRows)].sort((a, b) => a - b);
    } else if (request.table?.selectable && input.decision === 'approved') {
      selectedRows = request.table.rows.map((_, i) => i);
    }
    return this.settle(row, { decision: input.decision, comment, decidedBy: user, decidedAt: this.now(), selectedRows }, user);
  }

  /** Approves or rejects several at once, for bots that allow it; each gets its own answer. */
  decideMany(
    ids: number[],
    decision: 'approved' | 'rejected',
    comment: string | undefined,
    user: string,
  ): { approvalId: number; ok: boolean; message: string }[] {
    return ids.map((approvalId) => {
      try {
        const row = this.deps.approvals.get(approvalId);
        if (row && !this.deps.approvals.request(row).allowBulk) throw new RpaError('invalid_input', 'This bot asks for each approval to be decided on its own');
        this.decide(approvalId, { decision, comment }, user);
        return { approvalId, ok: true, message: decision === 'approved' ? 'Approved' : 'Rejected' };
      } catch (err) {
        return { approvalId, ok: false, message: err instanceof Error ? err.message : String(err) };
      }
    });
  }

  /** The operator hands the browser back (continue) or gives up (abort). */
  resolveHandoff(approvalId: number, action: 'continue' | 'abort', user: string): ApprovalSummary {
    const row = this.open(approvalId, 'handoff');
    return this.settle(row, { decision: action, comment: null, decidedBy: user, decidedAt: this.now(), selectedRows: null }, user);
  }

  /** Closes the timer. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** A pending request of the right kind on a job that can still go on, or a clear error. */
  private open(approvalId: number, kind: 'approval' | 'handoff'): ApprovalRow {
    const row = this.deps.approvals.get(approvalId);
    if (!row) throw new RpaError('not_found', `Approval ${approvalId} not found`);
    if (row.kind !== kind) {
      throw new RpaError('invalid_input', kind === 'approval' ? 'This is a hand-off: answer it with Continue or Abort' : 'This is an approval, not a hand-off');
    }
    if (row.status !== 'pending') throw new RpaError('conflict', closedMessage(row));
    const job = this.deps.jobs.getSummary(row.jobId);
    if (!job || FINAL_STATES.includes(job.state)) {
      this.closeForJob(row.jobId, `Job ${row.jobId} ${job?.state ?? 'was removed'}`);
      throw new RpaError('conflict', `Job ${row.jobId} was ${job?.state ?? 'removed'}; this ${kind === 'approval' ? 'approval' : 'hand-off'} is closed`);
    }
    return row;
  }

  private settle(row: ApprovalRow, decision: WireDecision, actor: string): ApprovalSummary {
    const decided = this.deps.approvals.decide(row.id, decision.decision === 'timed_out' ? 'timed_out' : 'decided', decision);
    if (!decided) throw new RpaError('conflict', closedMessage(this.deps.approvals.get(row.id) ?? row));
    const action = row.kind === 'handoff' ? `handoff.${decision.decision}` : decision.decision === 'timed_out' ? 'approval.timed_out' : 'approval.decided';
    this.deps.audit.record(
      actor,
      action,
      { type: 'job', id: row.jobId },
      {
        approvalId: row.id,
        title: row.title,
        decision: decision.decision,
        comment: decision.comment,
        selectedRows: decision.selectedRows,
      },
    );
    const summary = this.deps.approvals.summary(decided);
    this.deps.events.emit('approval.updated', summary);
    this.resume(decided, decision);
    this.armTimeouts();
    return summary;
  }

  /** Hands the decision to the live worker, or queues the released job to resume from its checkpoint. */
  private resume(row: ApprovalRow, decision: WireDecision): void {
    const { jobs, events } = this.deps;
    const who = decision.decidedBy ? ` by ${decision.decidedBy}` : '';
    const reason = row.kind === 'handoff' ? `Operator chose ${decision.decision}${who}` : `Approval ${decision.decision}${who}`;
    if (this.delivery?.deliver(row.jobId, row.key, decision)) {
      const job = jobs.moveState(row.jobId, ['waiting_approval', 'waiting_operator'], 'running', reason);
      if (job) events.emit('job.updated', job);
      return;
    }
    const job = jobs.moveState(row.jobId, ['waiting_approval'], 'queued', `${reason}; resuming`, { resuming: true, releaseLease: true });
    if (job) events.emit('job.updated', job);
    this.deps.kick();
  }

  private closeForJob(jobId: number, why: string): void {
    for (const row of this.deps.approvals.pendingOfJob(jobId)) {
      const closed = this.deps.approvals.decide(row.id, 'cancelled', {
        decision: 'cancelled',
        comment: why,
        decidedBy: null,
        decidedAt: this.now(),
        selectedRows: null,
      });
      if (closed) this.deps.events.emit('approval.updated', this.deps.approvals.summary(closed));
    }
  }

  private armTimeouts(): void {
    if (this.timer) clearTimeout(this.timer);
    const next = this.deps.approvals.nextTimeoutAt();
    if (next === null) return;
    this.timer = setTimeout(() => this.expire(), Math.min(Math.max(0, next - this.now()), 60_000));
    this.timer.unref();
  }

  private expire(): void {
    for (const row of this.deps.approvals.expired()) {
      try {
        this.settle(row, { decision: 'timed_out', comment: null, decidedBy: null, decidedAt: this.now(), selectedRows: null }, 'system');
      } catch {
        // Decided meanwhile.
      }
    }
    this.armTimeouts();
  }

  /** Job file ids of the files a request names, found by their place in the job's folder. */
  private fileIds(jobId: number, files: string[]): number[] {
    const folder = jobDir(this.deps.jobsDir, jobId);
    const byStoredName = new Map(this.deps.jobs.filesOfJob(jobId).map((f) => [f.storedName, f.id]));
    return files
      .map((file) => path.resolve(folder, file))
      .filter((file) => path.dirname(file) === folder)
      .map((file) => byStoredName.get(path.basename(file)))
      .filter((id): id is number => id !== undefined);
  }
}

function decisionOf(row: ApprovalRow): WireDecision {
  return {
    decision: row.status === 'timed_out' ? 'timed_out' : (row.decision ?? row.status),
    comment: row.comment,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt ?? 0,
    selectedRows: row.selectedRowsJson ? (JSON.parse(row.selectedRowsJson) as number[]) : null,
  };
}

function closedMessage(row: ApprovalRow): string {
  const when = row.decidedAt ? new Date(row.decidedAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '';
  if (row.status === 'decided') return `Already decided: ${row.decision}${row.decidedBy ? ` by ${row.decidedBy}` : ''}${when ? ` at ${when}` : ''}`;
  if (row.status === 'timed_out') return `This request timed out${when ? ` at ${when}` : ''}`;
  return `This request is closed (${row.comment ?? 'its job ended'})`;
}
