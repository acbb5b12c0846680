import type { MissedPolicy, OverlapPolicy, ScheduleKind, SchedulePreview, ScheduleSettings, ScheduleSummary } from '../../common/schedules.js';
import { CronSyntaxError, describeCronSchedule, describeDst, isValidTimeZone, parseCronSchedule, runsAfter, type CronSchedule } from './cronSchedule.js';
import type { ScheduleRow, ScheduleStore } from './scheduleStore.js';

/** How many upcoming runs the Schedules screen shows. */
export const UPCOMING_RUNS = 5;

/** Reads and checks an expression in a zone; throws with the reason in the operator's words. */
export function checkSchedule(cronText: string, timeZone: string): CronSchedule {
  if (!isValidTimeZone(timeZone)) throw new CronSyntaxError(`Unknown time zone "${timeZone}"`);
  const cron = parseCronSchedule(cronText);
  if (runsAfter(cron, timeZone, Date.now(), { count: 1 }).length === 0) {
    throw new CronSyntaxError('This expression never runs (no date matches it, such as 30 February)');
  }
  return cron;
}

/** What the editor shows while the operator types: the words, the DST rule and the next runs, or the reason it is refused. */
export function previewSchedule(cronText: string, timeZone: string, now: number, count = UPCOMING_RUNS): SchedulePreview {
  try {
    const cron = checkSchedule(cronText, timeZone);
    const nextRuns = runsAfter(cron, timeZone, now, { count }).map((r) => ({ at: r.at, note: r.note }));
    return { valid: true, description: describeCronSchedule(cron), dstNote: describeDst(cron), nextRuns };
  } catch (err) {
    if (err instanceof CronSyntaxError) return { valid: false, error: err.message };
    throw err;
  }
}

/** A schedule as the Schedules screen shows it. */
export function toScheduleSummary(row: ScheduleRow, store: ScheduleStore, now: number, botTitle: (botId: string) => string): ScheduleSummary {
  let description = row.cron;
  let dstNote = '';
  let nextRuns: ScheduleSummary['nextRuns'] = [];
  try {
    const cron = parseCronSchedule(row.cron);
    description = describeCronSchedule(cron);
    dstNote = describeDst(cron);
    if (row.enabled) nextRuns = runsAfter(cron, row.timeZone, now, { count: UPCOMING_RUNS }).map((r) => ({ at: r.at, note: r.note }));
  } catch {
    // A stored expression is checked when saved; one that no longer reads simply shows no runs.
  }
  const counts = store.jobCountsByState(row.id);
  let jobRuns = 0;
  for (const n of counts.values()) jobRuns += n;
  const lastJobState = row.lastRunJobId === null ? null : store.jobState(row.lastRunJobId);
  const lastRun =
    row.lastRunAt === null
      ? null
      : { at: row.lastRunAt, state: lastJobState ?? row.lastRunState ?? 'unknown', jobId: row.lastRunJobId, message: row.lastRunMessage };
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ScheduleKind,
    botId: row.botId,
    botTitle: row.botId === null ? null : botTitle(row.botId),
    params: JSON.parse(row.paramsJson) as Record<string, unknown>,
    cron: row.cron,
    timeZone: row.timeZone,
    enabled: row.enabled,
    missedPolicy: row.missedPolicy as MissedPolicy,
    missedWithinHours: row.missedWithinHours,
    overlap: row.overlap as OverlapPolicy,
    settings: JSON.parse(row.settingsJson) as ScheduleSettings,
    description,
    dstNote,
    nextRuns,
    lastRun,
    counters: {
      runs: jobRuns + row.runCount,
      succeeded: (counts.get('succeeded') ?? 0) + row.okCount,
      failed: (counts.get('failed') ?? 0) + (counts.get('interrupted') ?? 0) + row.failCount,
      skippedOverlap: row.skippedOverlap,
      queued: row.queuedRuns,
    },
    misses: store.latestMisses(row.id),
    credentials: JSON.parse(row.credentialsJson) as Record<string, number>,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
