/** Value at quantile q (0..1) of the values, by linear interpolation; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Items per second for `count` items done in `ms` milliseconds. */
export function rate(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.NaN;
}

/** High-resolution wall clock in ms since the epoch, comparable across processes on one machine. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `check()` is true, polling every `everyMs`; rejects after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: string, everyMs = 5): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Runs every contender once per round, in order A B C A B C …, for `reps` rounds, so drift of the
 * machine (heat, caches, other load) is spread over all of them instead of landing on one.
 */
export async function interleave<T extends string>(
  reps: number,
  contenders: readonly T[],
  run: (contender: T, rep: number) => Promise<void>,
  onProgress: (message: string) => void = () => undefined,
): Promise<void> {
  for (let rep = 0; rep < reps; rep++) {
    for (const contender of contenders) {
      onProgress(`  round ${rep + 1}/${reps}: ${contender}`);
      await run(contender, rep);
    }
  }
}
