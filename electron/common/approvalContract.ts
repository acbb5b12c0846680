import { z } from 'zod';
import type { JobFile } from './domain.js';

/** Where an approval stands. */
export type ApprovalStatus = 'pending' | 'decided' | 'timed_out' | 'cancelled';

/** One row of the Approvals inbox. */
export interface ApprovalSummary {
  id: number;
  jobId: number;
  botId: string;
  botTitle: string;
  /** An approval the bot waits for, or a hand-off of its browser to the operator. */
  kind: 'approval' | 'handoff';
  title: string;
  status: ApprovalStatus;
  createdAt: number;
  timeoutAt: number | null;
  decision: string | null;
  decidedBy: string | null;
  decidedAt: number | null;
  allowBulk: boolean;
}

/** Everything the approval screen shows. */
export interface ApprovalDetail extends ApprovalSummary {
  summary: string | null;
  fields: { label: string; value: string }[];
  table: { columns: string[]; rows: (string | number)[][]; selectable: boolean } | null;
  files: JobFile[];
  choices: { id: string; label: string }[];
  comment: string | null;
  selectedRows: number[] | null;
}

export type { AuditEntry } from './auditContract.js';

const ApprovalId = z.number().int().positive();
const Comment = z.string().trim().max(2_000);

/** The commands of approvals, hand-offs and the audit trail. */
export const approvalCommands = {
  'approvals.list': {
    permission: 'jobs.read',
    input: z
      .object({
        status: z.enum(['pending', 'decided', 'timed_out', 'cancelled']).optional(),
        botId: z.string().min(1).max(100).optional(),
        jobId: z.number().int().positive().optional(),
        before: ApprovalId.optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    output: {} as { approvals: ApprovalSummary[]; nextCursor: number | null; pendingCount: number },
  },
  'approvals.get': { permission: 'jobs.read', input: z.object({ approvalId: ApprovalId }).strict(), output: {} as ApprovalDetail },
  'approvals.decide': {
    permission: 'approvals.decide',
    input: z
      .object({
        approvalId: ApprovalId,
        /** 'approved', 'rejected' or the id of one of the request's choices. */
        decision: z.string().min(1).max(100),
        comment: Comment.optional(),
        /** Rows of a selectable table the operator approves. */
        selectedRows: z.array(z.number().int().min(0)).max(10_000).optional(),
      })
      .strict(),
    output: {} as ApprovalSummary,
  },
  'approvals.decideMany': {
    permission: 'approvals.decide',
    input: z
      .object({
        approvalIds: z.array(ApprovalId).min(1).max(200),
        decision: z.enum(['approved', 'rejected']),
        comment: Comment.optional(),
      })
      .strict(),
    output: {} as { results: { approvalId: number; ok: boolean; message: string }[] },
  },
  'handoffs.resolve': {
    permission: 'approvals.decide',
    input: z.object({ approvalId: ApprovalId, action: z.enum(['continue', 'abort']) }).strict(),
    output: {} as ApprovalSummary,
  },
} as const;

/** Events of approvals and hand-offs. */
export interface ApprovalEvents {
  'approval.updated': ApprovalSummary;
  /** Main asks the window to show a screen, e.g. after a click on a desktop notification. */
  'app.navigate': { route: string };
}
