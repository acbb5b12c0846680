/** The slice of a fixed-height list that is rendered: rows `start` (inclusive) to `end` (exclusive). */
export interface RowWindow {
  start: number;
  end: number;
}

/**
 * Which rows of a list of `count` equally tall rows to render, `overscan` beyond the `shown` on
 * screen each way: the last ones when `top` is null (following the end), else from row `top`.
 * Constant time whatever the length, where a general virtualiser walks every row it knows.
 */
export function rowWindow(count: number, shown: number, top: number | null, overscan: number): RowWindow {
  const lastTop = Math.max(0, count - shown);
  const first = top === null ? lastTop : Math.min(Math.max(0, top), lastTop);
  return { start: Math.max(0, first - overscan), end: Math.min(count, first + shown + overscan) };
}
