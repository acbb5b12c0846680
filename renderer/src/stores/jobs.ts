import { create } from 'zustand';
import type { CommandInput } from '../../../electron/common/contract';
import type { JobState, JobSummary } from '../../../electron/common/domain';
import { call } from '../api/client';
import { showError } from './toasts';

/** What the Jobs screen is narrowed to; null means any. */
export interface JobFilter {
  state: JobState | null;
  botId: string | null;
}

interface JobsState {
  filter: JobFilter;
  /** Newest first. */
  jobs: JobSummary[];
  /** Cursor of the next page; null when the last page is loaded. */
  nextCursor: number | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
  loadingMore: boolean;
}

const PAGE_SIZE = 50;

/** The Jobs screen's rows, kept live from `job.updated`. */
export const useJobs = create<JobsState>()(() => ({
  filter: { state: null, botId: null },
  jobs: [],
  nextCursor: null,
  status: 'idle',
  loadingMore: false,
}));

// Bumped by every reload, so an answer to an older filter is dropped rather than shown.
let generation = 0;

/** Loads the first page unless it is loaded or loading. */
export function ensureJobsLoaded(): void {
  const { status } = useJobs.getState();
  if (status === 'idle' || status === 'failed') void reloadJobs();
}

/** Loads the first page for the current filter again. */
export async function reloadJobs(): Promise<void> {
  const current = ++generation;
  useJobs.setState({ status: 'loading', loadingMore: false });
  try {
    const page = await call('jobs.list', listInput(useJobs.getState().filter));
    if (current !== generation) return;
    useJobs.setState({ jobs: page.jobs, nextCursor: page.nextCursor, status: 'ready' });
  } catch (err) {
    if (current !== generation) return;
    useJobs.setState({ status: 'failed' });
    showError(err, 'Could not load the jobs');
  }
}

/** Appends the next page of older jobs. */
export async function loadMoreJobs(): Promise<void> {
  const { nextCursor, loadingMore, filter } = useJobs.getState();
  if (nextCursor === null || loadingMore) return;
  const current = generation;
  useJobs.setState({ loadingMore: true });
  try {
    const page = await call('jobs.list', { ...listInput(filter), before: nextCursor });
    if (current !== generation) return;
    useJobs.setState(({ jobs }) => {
      const known = new Set(jobs.map((job) => job.id));
      return {
        jobs: [...jobs, ...page.jobs.filter((job) => !known.has(job.id))],
        nextCursor: page.nextCursor,
        loadingMore: false,
      };
    });
  } catch (err) {
    if (current !== generation) return;
    useJobs.setState({ loadingMore: false });
    showError(err, 'Could not load more jobs');
  }
}

/** Narrows the list and loads it again. */
export function setJobFilter(filter: JobFilter): void {
  useJobs.setState({ filter });
  void reloadJobs();
}

/**
 * Puts a job the core reported into the list: replaced where it is, dropped if it no longer
 * matches the filter, added in id order if it is new and belongs to the pages loaded so far.
 */
export function applyJobUpdate(job: JobSummary): void {
  const { jobs, filter, status, nextCursor } = useJobs.getState();
  if (status === 'idle') return;
  const matches = matchesFilter(job, filter);
  const index = jobs.findIndex((row) => row.id === job.id);
  if (index >= 0) {
    const next = matches ? jobs.with(index, job) : jobs.toSpliced(index, 1);
    useJobs.setState({ jobs: next });
    return;
  }
  if (!matches) return;
  const oldest = jobs.at(-1);
  // An old job outside the loaded pages will show up when the operator loads more.
  if (nextCursor !== null && oldest && job.id < oldest.id) return;
  const at = jobs.findIndex((row) => row.id < job.id);
  useJobs.setState({ jobs: at < 0 ? [...jobs, job] : jobs.toSpliced(at, 0, job) });
}

function matchesFilter(job: JobSummary, filter: JobFilter): boolean {
  return (filter.state === null || job.state === filter.state) && (filter.botId === null || job.botId === filter.botId);
}

function listInput(filter: JobFilter): CommandInput<'jobs.list'> {
  const input: CommandInput<'jobs.list'> = { limit: PAGE_SIZE };
  if (filter.state !== null) input.state = filter.state;
  if (filter.botId !== null) input.botId = filter.botId;
  return input;
}
