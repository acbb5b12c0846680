import { useSyncExternalStore } from 'react';

// One shared one-second clock for every ticking duration on screen, running only while watched.
const watchers = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function watchClock(onTick: () => void): () => void {
  watchers.add(onTick);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const watcher of watchers) watcher();
    }, 1_000);
  }
  return () => {
    watchers.delete(onTick);
    if (watchers.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function ignoreClock(): () => void {
  return () => undefined;
}

function readClock(): number {
  return now;
}

/** The current time, updated every second while `ticking`; 0 when not ticking. */
export function useNow(ticking: boolean): number {
  const value = useSyncExternalStore(ticking ? watchClock : ignoreClock, readClock);
  return ticking ? value : 0;
}
