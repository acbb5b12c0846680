import { z } from 'zod';

export const AUDIT_TARGET_TYPES = ['job', 'approval', 'schedule', 'user', 'credential', 'vault', 'session'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** Through which door an action came. */
export const AUDIT_CHANNELS = ['desktop', 'headless', 'scheduler', 'system', 'api'] as const;
export type AuditChannel = (typeof AUDIT_CHANNELS)[number];

/** One row of the audit trail. */
export interface AuditEntry {
  id: number;
  at: number;
  /** The user name (or `schedule:12`, later `key:…`, `trigger:…`) who did it. */
  actor: string;
  action: string;
  targetType: AuditTargetType;
  targetId: number;
  channel: AuditChannel | null;
  /** What changed: for edits `before` and `after`; never a secret. */
  detail: Record<string, unknown>;
}

/** What Verify found walking the chain. */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  /**
   * The first row that is not what was written: changed, or inserted, or the first after a removal;
   * `removed_after` names the last row left when the newest rows were removed (0 if none is left).
   */
  firstBad: { id: number; problem: 'changed' | 'removed_before' | 'removed_after' | 'unsealed'; message: string } | null;
}

const AuditFilters = {
  actor: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(100).optional(),
  targetType: z.enum(AUDIT_TARGET_TYPES).optional(),
  targetId: z.number().int().min(0).optional(),
  from: z.number().int().min(0).optional(),
  to: z.number().int().min(0).optional(),
};

/** The audit trail; spread into `commands` of the contract. */
export const auditCommands = {
  /** What was done to one job (or approval, schedule): the Job screen's own history. */
  'audit.list': {
    permission: 'jobs.read',
    input: z
      .object({
        targetType: z.enum(['job', 'approval', 'schedule']),
        targetId: z.number().int().positive(),
        before: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    output: {} as { entries: AuditEntry[]; nextCursor: number | null },
  },
  /** The whole trail, filtered: the Audit screen. */
  'audit.search': {
    permission: 'audit.read',
    input: z.object({ ...AuditFilters, before: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).optional() }).strict(),
    output: {} as { entries: AuditEntry[]; nextCursor: number | null },
  },
  /** The filtered trail as CSV (UTF-8, header row), at most 100,000 rows. */
  'audit.export': { permission: 'audit.read', input: z.object(AuditFilters).strict(), output: {} as { csv: string; rows: number; truncated: boolean } },
  'audit.verify': { permission: 'audit.read', input: z.object({}).strict(), output: {} as AuditVerification },
} as const;
