import type { MissReason } from '../../common/schedules.js';
import { outsideRequest } from '../requestContext.js';
import type { Clock, TimerHandle } from './clock.js';

/** The scheduler wakes at least this often, to notice the wall clock jumping (sleep, clock changes). */
export const WATCHDOG_MS = 10_000;
/** A wall clock that moved this much further than the monotonic clock means the machine slept. */
export const WAKE_JUMP_MS = 30_000;

/**
 * One timer for the soonest slot, never longer than the watchdog, that tells a late tick from one
 * after the machine slept (the wall clock ran ahead of the monotonic one).
 */
export class ScheduleTimer {
  private timer: TimerHandle | null = null;
  private lastWall: number | null = null;
  private lastMono = 0;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly onTick: (now: number, reason: MissReason) => void,
    private readonly soonest: () => number,
  ) {}

  start(): void {
    this.running = true;
    this.lastWall = this.clock.now();
    this.lastMono = this.clock.monotonic();
  }

  stop(): void {
    this.running = false;
    if (this.timer) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  /** Handles what came due now, as after a sleep (Electron powerMonitor 'resume'). */
  wake(): void {
    if (this.running) this.tick('sleep');
  }

  /** Sets the timer for the soonest slot. */
  arm(): void {
    if (!this.running) return;
    if (this.timer) this.clock.clearTimer(this.timer);
    const delay = Math.min(WATCHDOG_MS, Math.max(0, this.soonest() - this.clock.now()));
    // A timer set while a command is handled would carry that command's context into every fire.
    this.timer = outsideRequest(() => this.clock.setTimer(() => this.tick(null), delay));
  }

  private tick(forced: MissReason | null): void {
    this.timer = null;
    if (!this.running) return;
    const now = this.clock.now();
    const mono = this.clock.monotonic();
    const slept = this.lastWall !== null && now - this.lastWall - (mono - this.lastMono) > WAKE_JUMP_MS;
    this.lastWall = now;
    this.lastMono = mono;
    outsideRequest(() => this.onTick(now, forced ?? (slept ? 'sleep' : 'late')));
    this.arm();
  }
}
