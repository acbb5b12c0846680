import type { MissedPolicy } from '../../common/schedules.js';

/** A run counts as on time when it is handled within this long of its slot. */
export const ON_TIME_GRACE_MS = 60_000;
/** The most catch-up runs one pass creates for one schedule, whatever the policy says. */
export const MAX_CATCH_UP_RUNS = 1_000;

/** What to do about the slots that came due since a schedule was last handled. */
export interface DuePlan {
  /** The slot that is due now and on time, if any. */
  onTime: number | null;
  /** Slots that were missed (ascending). */
  missed: number[];
  /** Missed slots to run now, as catch-up runs. */
  catchUp: number[];
  /** The latest due slot: stored so none of these fires again. */
  lastSlot: number;
}

/**
 * Splits due slots (ascending, all ≤ now) into the on-time one and the missed ones, and picks
 * the catch-up runs by policy: `skip` none, `run_once` one however many were missed, `run_all`
 * every missed slot within the last `withinHours`.
 */
export function planDueSlots(slots: readonly number[], now: number, policy: MissedPolicy, withinHours: number | null): DuePlan | null {
  const lastSlot = slots.at(-1);
  if (lastSlot === undefined) return null;
  const onTime = now - lastSlot <= ON_TIME_GRACE_MS ? lastSlot : null;
  const missed = onTime === null ? [...slots] : slots.slice(0, -1);
  let catchUp: number[] = [];
  if (policy === 'run_once' && missed.length > 0) catchUp = [missed.at(-1) ?? lastSlot];
  if (policy === 'run_all') {
    const since = now - (withinHours ?? 24) * 3_600_000;
    catchUp = missed.filter((slot) => slot >= since).slice(-MAX_CATCH_UP_RUNS);
  }
  return { onTime, missed, catchUp, lastSlot };
}
