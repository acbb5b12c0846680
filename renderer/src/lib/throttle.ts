/** A task run at most once per interval, with one trailing run for requests that came meanwhile. */
export interface Throttled {
  request(): void;
  cancel(): void;
}

/**
 * Throttles an async task: requests during a run or within `intervalMs` of its start collapse
 * into one later run, so a burst of events costs at most one call per interval.
 * `task` must not reject.
 */
export function throttleTask(task: () => Promise<void>, intervalMs: number): Throttled {
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let requestedWhileRunning = false;
  let cancelled = false;

  function run(): void {
    timer = null;
    running = true;
    lastStart = performance.now();
    function finish(): void {
      running = false;
      if (requestedWhileRunning && !cancelled) {
        requestedWhileRunning = false;
        request();
      }
    }
    void task().then(finish, finish);
  }

  function request(): void {
    cancelled = false;
    if (running) {
      requestedWhileRunning = true;
      return;
    }
    if (timer !== null) return;
    timer = setTimeout(run, Math.max(0, lastStart + intervalMs - performance.now()));
  }

  function cancel(): void {
    cancelled = true;
    requestedWhileRunning = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  return { request, cancel };
}
