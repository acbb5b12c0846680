import { describe, expect, it } from 'vitest';
import { currentRequest, runInRequest } from '../requestContext.js';
import type { Caller } from '../api/caller.js';
import { systemClock } from './clock.js';
import { ScheduleTimer } from './scheduleTimer.js';

describe('the schedule timer', () => {
  it("fires outside the command that armed it, so its jobs are the scheduler's, not that door's", async () => {
    const seen: unknown[] = [];
    let timer: ScheduleTimer | null = null;
    const fired = new Promise<void>((resolve) => {
      timer = new ScheduleTimer(
        systemClock,
        () => {
          seen.push(currentRequest());
          timer?.stop();
          resolve();
        },
        () => Date.now(),
      );
    });
    timer!.start();
    // A schedule saved through a command re-arms the timer inside that command's context.
    runInRequest({ caller: { channel: 'ipc' } as unknown as Caller, command: 'schedules.create' }, () => timer!.arm());
    await fired;
    expect(seen).toEqual([undefined]);
  });
});
