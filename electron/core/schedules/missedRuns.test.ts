import { describe, expect, it } from 'vitest';
import { ON_TIME_GRACE_MS, planDueSlots } from './missedRuns.js';

const H = 3_600_000;

describe('planning due slots by missed-run policy', () => {
  const now = 100 * H;
  const slots = [90 * H, 95 * H, 98 * H, 99 * H, now - 1000];

  it('runs the on-time slot and none of the missed ones under skip', () => {
    expect(planDueSlots(slots, now, 'skip', null)).toEqual({ onTime: now - 1000, missed: slots.slice(0, 4), catchUp: [], lastSlot: now - 1000 });
  });

  it('catches up once under run_once, however many were missed', () => {
    expect(planDueSlots(slots.slice(0, 4), now, 'run_once', null)?.catchUp).toEqual([99 * H]);
  });

  it('catches up every slot within the window under run_all', () => {
    expect(planDueSlots(slots.slice(0, 4), now, 'run_all', 6)?.catchUp).toEqual([95 * H, 98 * H, 99 * H]);
  });

  it('treats a slot later than the grace as missed, and nothing due as nothing to do', () => {
    expect(planDueSlots([now - ON_TIME_GRACE_MS - 1], now, 'skip', null)?.onTime).toBeNull();
    expect(planDueSlots([], now, 'skip', null)).toBeNull();
  });
});
