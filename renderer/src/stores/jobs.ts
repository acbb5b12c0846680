import { create } from 'zustand';
import type { CommandInput } from '../../../electron/common/contract';
import type { JobState, JobSummary } from '../../../electron/common/domain';
import { call } from '../api/client';
import { showError } from './toasts';
import { i18n } from '../i18n';

/** What the Jobs screen is narrowed to; null means any. */
export interface JobFilter {
  state: JobState | null;
  botId: string | null;
  /** Free text the core matches against parameters, error, bot id and who started the job. */
  text: string | null;
  /** Created at or after, epoch ms (local midnight of the chosen day). */
  createdFrom: number | null;
  /** Created at or before, epoch ms (the last millisecond of the chosen day). */
  createdTo: number | null;
}

/** No narrowing: every job. */
export const NO_FILTER: JobFilter = { state: null, botId: null, text: null, createdFrom: null, createdTo: null };

/** True when the filter narrows the list at all. */
export function isFiltered(filter: JobFilter): boolean {
  return (
    filter.state !== null || filter.botId !== null || filter.text !== null || filter.createdFrom !== null || filter.createdTo !== null
  );
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
  filter: NO_FILTER,
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
    showError(err, i18n.t('errors.jobs'));
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
    showError(err, i18n.t('errors.moreJobs'));
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
  // A row the core matched by its parameters stays: the summary does not carry them to check again.
  if (index >= 0 && !matches && matchesFilter(job, { ...filter, text: null })) {
    useJobs.setState({ jobs: jobs.with(index, job) });
    return;
  }
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
  return (
    (filter.state === null || job.state === filter.state) &&
    (filter.botId === null || job.botId === filter.botId) &&
    (filter.createdFrom === null || job.createdAt >= filter.createdFrom) &&
    (filter.createdTo === null || job.createdAt <= filter.createdTo) &&
    (filter.text === null || matchesText(job, filter.text))
  );
}

/**
 * The part of the core's text match the renderer can check on a summary (bot, who, error), for
 * new jobs arriving live; one that matches only by its parameters shows after a refresh.
 */
function matchesText(job: JobSummary, text: string): boolean {
  const needle = text.toLowerCase();
  return [job.botId, job.botTitle, job.createdBy, job.error ?? ''].some((value) => value.toLowerCase().includes(needle));
}

function listInput(filter: JobFilter): CommandInput<'jobs.list'> {
  const input: CommandInput<'jobs.list'> = { limit: PAGE_SIZE };
  if (filter.state !== null) input.state = filter.state;
  if (filter.botId !== null) input.botId = filter.botId;
  if (filter.text !== null) input.text = filter.text;
  if (filter.createdFrom !== null) input.createdFrom = filter.createdFrom;
  if (filter.createdTo !== null) input.createdTo = filter.createdTo;
  return input;
}
