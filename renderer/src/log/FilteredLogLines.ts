import type { LogLevel, LogLine } from '../../../electron/common/domain';
import { levelRank } from './logLevels';

/** What the operator narrowed the log to. */
export interface LogFilter {
  minLevel: LogLevel;
  search: string;
}

/**
 * A job's log as one growing array that is appended to in place, never copied: the tail must stay
 * smooth past 100,000 lines. When a filter is active the matching positions are found lazily and
 * incrementally: only lines appended since the last look are scanned.
 */
export class FilteredLogLines {
  private readonly lines: LogLine[] = [];
  private newestId = 0;
  private minRank = 0;
  private needle = '';
  private matches: number[] = [];
  private scanned = 0;

  /** Id of the newest line held, 0 when empty; the cursor for `logs.tail`. */
  get lastId(): number {
    return this.newestId;
  }

  /** How many lines are held, filtered or not. */
  get total(): number {
    return this.lines.length;
  }

  /** True when a level or text filter hides some lines. */
  get filtering(): boolean {
    return this.minRank > 0 || this.needle !== '';
  }

  /** Appends the lines newer than the newest held (so replays and overlaps are dropped); returns how many. */
  append(incoming: readonly LogLine[]): number {
    let added = 0;
    for (const line of incoming) {
      if (line.id <= this.newestId) continue;
      this.lines.push(line);
      this.newestId = line.id;
      added += 1;
    }
    return added;
  }

  /** Narrows what `visibleCount` and `visibleLine` see. */
  setFilter(filter: LogFilter): void {
    this.minRank = levelRank(filter.minLevel);
    this.needle = filter.search.trim().toLowerCase();
    this.matches = [];
    this.scanned = 0;
  }

  /** How many lines pass the filter. */
  get visibleCount(): number {
    if (!this.filtering) return this.lines.length;
    this.scan();
    return this.matches.length;
  }

  /** The `index`-th line that passes the filter. */
  visibleLine(index: number): LogLine | undefined {
    if (!this.filtering) return this.lines[index];
    this.scan();
    const position = this.matches[index];
    return position === undefined ? undefined : this.lines[position];
  }

  /** Every line that passes the filter, oldest first (a copy, for the clipboard). */
  visibleLines(): LogLine[] {
    if (!this.filtering) return this.lines.slice();
    this.scan();
    const result: LogLine[] = [];
    for (const position of this.matches) {
      const line = this.lines[position];
      if (line) result.push(line);
    }
    return result;
  }

  private scan(): void {
    for (let position = this.scanned; position < this.lines.length; position++) {
      const line = this.lines[position];
      if (line && this.passes(line)) this.matches.push(position);
    }
    this.scanned = this.lines.length;
  }

  private passes(line: LogLine): boolean {
    if (levelRank(line.level) < this.minRank) return false;
    return this.needle === '' || line.message.toLowerCase().includes(this.needle);
  }
}
