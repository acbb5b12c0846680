import { z } from 'zod';

/** What a schedule runs: a bot as an ordinary job, or a built-in maintenance task in-process. */
export const SCHEDULE_KINDS = ['bot', 'cleanup', 'backup'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** What to do about runs missed while the app was closed or the machine slept. */
export const MISSED_POLICIES = ['skip', 'run_once', 'run_all'] as const;
export type MissedPolicy = (typeof MISSED_POLICIES)[number];

/** What to do when a run is due while the previous one is still queued or running. */
export const OVERLAP_POLICIES = ['skip', 'queue', 'parallel'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/** Why runs were missed. */
export type MissReason = 'app_closed' | 'sleep' | 'late';

/** Settings of the maintenance tasks; bot schedules have none. */
export const ScheduleSettingsSchema = /* @__PURE__ */ z
  .object({
    /** cleanup: delete the logs and files of jobs older than this. */
    olderThanDays: z.number().int().min(1).max(3650).optional(),
    /** backup: how many backups to keep in the data folder. */
    keep: z.number().int().min(1).max(365).optional(),
  })
  .strict();
export type ScheduleSettings = z.infer<typeof ScheduleSettingsSchema>;

/** One upcoming run, with a note when a daylight-saving change moves or doubles it. */
export interface UpcomingRun {
  at: number;
  note: string | null;
}

/** One record of missed runs: "missed while the app was closed: 3, caught up once at 08:02". */
export interface ScheduleMiss {
  detectedAt: number;
  reason: MissReason;
  missed: number;
  caughtUp: number;
  firstSlotAt: number;
  lastSlotAt: number;
}

/** A schedule as the Schedules screen shows it. */
export interface ScheduleSummary {
  id: number;
  name: string;
  kind: ScheduleKind;
  botId: string | null;
  botTitle: string | null;
  params: Record<string, unknown>;
  cron: string;
  timeZone: string;
  enabled: boolean;
  missedPolicy: MissedPolicy;
  missedWithinHours: number | null;
  overlap: OverlapPolicy;
  settings: ScheduleSettings;
  /** The expression in words. */
  description: string;
  /** What it does on daylight-saving change days. */
  dstNote: string;
  /** The next five runs (empty when disabled). */
  nextRuns: UpcomingRun[];
  lastRun: { at: number; state: string; jobId: number | null; message: string | null } | null;
  counters: { runs: number; succeeded: number; failed: number; skippedOverlap: number; queued: number };
  /** The latest records of missed runs, newest first. */
  misses: ScheduleMiss[];
  /** Vault entries the schedule chose for the bot's credential slots (ids); other slots get the bot's default. */
  credentials: Record<string, number>;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

/** What the editor learns about an expression before saving. */
export type SchedulePreview = { valid: true; description: string; dstNote: string; nextRuns: UpcomingRun[] } | { valid: false; error: string };
