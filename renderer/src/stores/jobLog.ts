import { create } from 'zustand';
import type { CommandInput } from '../../../electron/common/contract';
import type { LogLevel, LogLine } from '../../../electron/common/domain';
import { RpaError } from '../../../electron/common/errors';
import { call } from '../api/client';
import { FilteredLogLines } from '../log/FilteredLogLines';
import { showError } from './toasts';
import { i18n } from '../i18n';

interface JobLogState {
  jobId: number | null;
  /** Mutable: appended in place. Watch `version` to re-render. */
  buffer: FilteredLogLines;
  /** Bumped at most once a frame when lines arrive or the filter changes. */
  version: number;
  loading: boolean;
  minLevel: LogLevel;
  search: string;
  /** The one try shown, or null for the lines of every try. */
  attempt: number | null;
}

/** `logs.tail` page size: the contract's maximum, so a long log loads in few round trips. */
const TAIL_PAGE = 10_000;
/** Wait before trying `logs.tail` again after the connection failed it. */
const RETRY_MS = 2_000;

/** The log of the job open on the Job screen. */
export const useJobLog = create<JobLogState>()(() => ({
  jobId: null,
  buffer: new FilteredLogLines(),
  version: 0,
  loading: false,
  minLevel: 'DEBUG',
  search: '',
  attempt: null,
}));

// Lines pushed by events while earlier pages are still loading: appending them right away would
// move the cursor past lines not fetched yet, so they wait until the tail has caught up.
let heldBack: LogLine[] = [];
let loadGeneration = 0;
let frameRequested = false;

/** Starts showing the log of `jobId`: existing lines page by page, then live ones. */
export function openJobLog(jobId: number): void {
  heldBack = [];
  useJobLog.setState({ jobId, buffer: new FilteredLogLines(), version: 0, loading: true, minLevel: 'DEBUG', search: '', attempt: null });
  void catchUp(++loadGeneration);
}

/** Shows only the lines of one try (null: every try), loading them again from the start. */
export function setLogAttempt(attempt: number | null): void {
  const { jobId, minLevel, search, version } = useJobLog.getState();
  if (jobId === null) return;
  heldBack = [];
  const buffer = new FilteredLogLines();
  buffer.setFilter({ minLevel, search });
  useJobLog.setState({ buffer, attempt, loading: true, version: version + 1 });
  void catchUp(++loadGeneration);
}

/** Stops following the log when the Job screen goes away. */
export function closeJobLog(): void {
  loadGeneration += 1;
  heldBack = [];
  useJobLog.setState({ jobId: null, buffer: new FilteredLogLines(), version: 0, loading: false, attempt: null });
}

/** Fetches what was appended while the connection was down; a load in progress already will. */
export function catchUpJobLog(): void {
  const { jobId, loading } = useJobLog.getState();
  if (jobId === null || loading) return;
  useJobLog.setState({ loading: true });
  void catchUp(++loadGeneration);
}

/** Takes lines from a `log.appended` event. */
export function applyLogLines(jobId: number, lines: readonly LogLine[]): void {
  const state = useJobLog.getState();
  if (jobId !== state.jobId) return;
  // While one try is shown, live lines of the others do not belong in it.
  const shown = state.attempt === null ? lines : lines.filter((line) => line.attempt === state.attempt);
  if (shown.length === 0) return;
  if (state.loading) {
    for (const line of shown) heldBack.push(line);
    return;
  }
  if (state.buffer.append(shown) > 0) scheduleRender();
}

/** Narrows the visible lines to a minimum level and a case-insensitive text. */
export function setLogFilter(minLevel: LogLevel, search: string): void {
  const { buffer, version } = useJobLog.getState();
  buffer.setFilter({ minLevel, search });
  useJobLog.setState({ minLevel, search, version: version + 1 });
}

async function catchUp(generation: number): Promise<void> {
  const { jobId, buffer, attempt } = useJobLog.getState();
  if (jobId === null) return;
  try {
    for (;;) {
      const input: CommandInput<'logs.tail'> = { jobId, afterId: buffer.lastId, limit: TAIL_PAGE };
      if (attempt !== null) input.attempt = attempt;
      const page = await call('logs.tail', input);
      if (generation !== loadGeneration) return;
      buffer.append(page.lines);
      scheduleRender();
      if (!page.more) break;
    }
  } catch (err) {
    if (generation !== loadGeneration) return;
    showError(err, i18n.t('errors.jobLog', { id: jobId }));
    if (err instanceof RpaError && err.code === 'unavailable') {
      // Live lines stay held back until the gap is filled, or the log would silently miss lines.
      setTimeout(() => {
        if (generation === loadGeneration) void catchUp(generation);
      }, RETRY_MS);
      return;
    }
  }
  buffer.append(heldBack);
  heldBack = [];
  useJobLog.setState({ loading: false });
  scheduleRender();
}

function scheduleRender(): void {
  if (frameRequested) return;
  frameRequested = true;
  // Many small batches a second are folded into one render per frame.
  requestAnimationFrame(() => {
    frameRequested = false;
    useJobLog.setState(({ version }) => ({ version: version + 1 }));
  });
}
