/** An opaque timer handle. */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

/** Time as the scheduler sees it; injected so tests can move it. */
export interface Clock {
  /** Wall-clock time, epoch ms: may jump (sleep, NTP, the operator). */
  now(): number;
  /** Monotonic ms: never jumps, and stands still while the machine sleeps. */
  monotonic(): number;
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface ManualTimer {
  id: number;
  dueMono: number;
  fn: () => void;
}

/**
 * A clock tests drive by hand: `advance` moves wall and monotonic time together and fires the
 * timers that come due, in order; `sleep` moves only the wall clock, as a suspended machine does.
 */
export class ManualClock implements Clock {
  private wall: number;
  private mono = 0;
  private nextId = 1;
  private timers: ManualTimer[] = [];

  constructor(startWall: number) {
    this.wall = startWall;
  }

  now(): number {
    return this.wall;
  }

  monotonic(): number {
    return this.mono;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, dueMono: this.mono + Math.max(0, ms), fn };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    const id = (handle as { id: number }).id;
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Moves both clocks forward by `ms`, firing due timers at their own times, letting promises settle between. */
  async advance(ms: number): Promise<void> {
    const endMono = this.mono + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.dueMono <= endMono).sort((a, b) => a.dueMono - b.dueMono || a.id - b.id)[0];
      if (!next) break;
      this.wall += next.dueMono - this.mono;
      this.mono = next.dueMono;
      this.timers = this.timers.filter((t) => t !== next);
      next.fn();
      await settle();
    }
    this.wall += endMono - this.mono;
    this.mono = endMono;
    await settle();
  }

  /** Moves to a wall time by advancing both clocks. */
  async advanceTo(wallMs: number): Promise<void> {
    await this.advance(Math.max(0, wallMs - this.wall));
  }

  /** The machine sleeps: the wall clock moves on, monotonic time and timers stand still. */
  sleep(ms: number): void {
    this.wall += ms;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
