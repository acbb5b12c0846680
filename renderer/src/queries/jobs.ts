import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery, type InfiniteData } from '@tanstack/react-query';
import type { CommandInput, JobPage } from '../../../electron/common/contract';
import type { JobDetail, JobSummary } from '../../../electron/common/domain';
import { RpaError } from '../../../electron/common/errors';
import { call } from '../api/client';
import { i18n } from '../i18n';
import { useJobFilter, type JobFilter } from '../stores/jobFilter';
import { loadStatus, queryClient, refetchSoon, type LoadStatus } from './queryClient';

const PAGE_SIZE = 50;
/** A live job refetches its detail at most this often, however fast its events come. */
const DETAIL_REFRESH_MS = 250;

type JobPages = InfiniteData<JobPage, number | undefined>;

/** The Jobs screen's pages for one filter, newest first. */
export function jobListQuery(filter: JobFilter) {
  return infiniteQueryOptions({
    queryKey: ['jobs.list', filter],
    queryFn: ({ pageParam }) => call('jobs.list', pageParam === undefined ? listInput(filter) : { ...listInput(filter), before: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page: JobPage) => page.nextCursor ?? undefined,
    meta: { errorContext: () => i18n.t('errors.jobs'), moreErrorContext: () => i18n.t('errors.moreJobs') },
  });
}

/** The open job's detail; null when the core has no such job. */
export function jobQuery(jobId: number) {
  return queryOptions({
    queryKey: ['jobs.get', jobId],
    queryFn: () => orNotFound(call('jobs.get', { jobId })),
    // Opening a job again shows what was cached and asks the core for the rest.
    staleTime: 0,
    meta: { errorContext: () => i18n.t('errors.job', { id: jobId }) },
  });
}

/** The Jobs screen's rows for the current filter, kept live from `job.updated`. */
export function useJobList(): { jobs: JobSummary[]; status: LoadStatus; hasMore: boolean; loadingMore: boolean; refetch: () => void; loadMore: () => void } {
  const filter = useJobFilter((state) => state.filter);
  const query = useInfiniteQuery({ ...jobListQuery(filter), select: uniqueJobs });
  return {
    jobs: query.data ?? [],
    status: query.isFetchingNextPage ? 'ready' : loadStatus(query),
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    refetch: () => void query.refetch(),
    loadMore: () => void query.fetchNextPage({ cancelRefetch: false }),
  };
}

/** The job open on the Job screen: its detail, or why there is none. */
export function useJob(jobId: number): { detail: JobDetail | null; status: 'loading' | 'ready' | 'not_found' | 'failed' } {
  const query = useQuery(jobQuery(jobId));
  if (query.data === null) return { detail: null, status: 'not_found' };
  if (query.data) return { detail: query.data, status: 'ready' };
  return { detail: null, status: query.isError ? 'failed' : 'loading' };
}

/** Narrows the list and loads it again. */
export function setJobFilter(filter: JobFilter): void {
  void queryClient.invalidateQueries({ queryKey: jobListQuery(filter).queryKey, exact: true });
  useJobFilter.setState({ filter });
}

/**
 * Puts a job the core reported into every list loaded and into its detail: replaced where it is,
 * dropped where it no longer matches, added in id order where it is new and belongs to the pages
 * loaded so far; the detail's history, files and result are refetched, throttled.
 */
export function applyJobUpdate(job: JobSummary): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: ['jobs.list'] })) {
    const filter = query.queryKey[1] as JobFilter;
    queryClient.setQueryData<JobPages>(query.queryKey, (data) => data && placeJob(data, job, filter));
  }
  const detailKey = jobQuery(job.id).queryKey;
  queryClient.setQueryData(detailKey, (detail) => (detail ? { ...detail, ...job } : detail));
  refetchSoon(detailKey, DETAIL_REFRESH_MS);
}

/** A not-found answer is an answer: null, not a failure. */
export async function orNotFound<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (err) {
    if (err instanceof RpaError && err.code === 'not_found') return null;
    throw err;
  }
}

function uniqueJobs(data: JobPages): JobSummary[] {
  const known = new Set<number>();
  const jobs: JobSummary[] = [];
  for (const page of data.pages) {
    for (const job of page.jobs) {
      if (known.has(job.id)) continue;
      known.add(job.id);
      jobs.push(job);
    }
  }
  return jobs;
}

function placeJob(data: JobPages, job: JobSummary, filter: JobFilter): JobPages {
  const matches = matchesFilter(job, filter);
  // A row the core matched by its parameters stays: the summary does not carry them to check again.
  const stays = matches || matchesFilter(job, { ...filter, text: null });
  const pages = data.pages;
  for (const [number, page] of pages.entries()) {
    const index = page.jobs.findIndex((row) => row.id === job.id);
    if (index < 0) continue;
    return withPage(data, number, stays ? page.jobs.with(index, job) : page.jobs.toSpliced(index, 1));
  }
  if (!matches) return data;
  for (const [number, page] of pages.entries()) {
    const at = page.jobs.findIndex((row) => row.id < job.id);
    if (at >= 0) return withPage(data, number, page.jobs.toSpliced(at, 0, job));
  }
  const last = pages.length - 1;
  const lastPage = pages[last];
  // An old job outside the loaded pages will show up when the operator loads more.
  if (!lastPage || lastPage.nextCursor !== null) return data;
  return withPage(data, last, [...lastPage.jobs, job]);
}

function withPage(data: JobPages, number: number, jobs: JobSummary[]): JobPages {
  return { ...data, pages: data.pages.map((page, index) => (index === number ? { ...page, jobs } : page)) };
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
