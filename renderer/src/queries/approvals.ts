import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery, type InfiniteData } from '@tanstack/react-query';
import type { ApprovalDetail, ApprovalSummary } from '../../../electron/common/approvalContract';
import type { CommandOutput } from '../../../electron/common/contract';
import { call } from '../api/client';
import { i18n } from '../i18n';
import { markSeen } from '../stores/approvalAlerts';
import { useInboxView, type InboxTab } from '../stores/approvalInbox';
import { orNotFound } from './jobs';
import { loadStatus, queryClient, refetchSoon, type LoadStatus } from './queryClient';

type ApprovalPage = CommandOutput<'approvals.list'>;
type InboxPages = InfiniteData<ApprovalPage, number | undefined>;

const PENDING_LIMIT = 200;
const INBOX_PAGE = 100;
const PENDING_REFRESH_MS = 500;
const DETAIL_REFRESH_MS = 250;
const JOB_REFRESH_MS = 300;

/** What waits for a person right now, newest first (at most PENDING_LIMIT), and how many in all. */
export const pendingApprovalsQuery = queryOptions({
  queryKey: ['approvals.list', 'pending'],
  queryFn: async () => {
    const page = await call('approvals.list', { status: 'pending', limit: PENDING_LIMIT });
    markSeen(page.approvals);
    return page;
  },
  meta: { errorContext: () => i18n.t('errors.pendingApprovals') },
});

/** The Approvals inbox for one tab and one bot filter, newest first. */
export function inboxQuery(tab: InboxTab, botId: string | null) {
  return infiniteQueryOptions({
    queryKey: ['approvals.list', 'inbox', tab, botId],
    queryFn: async ({ pageParam }): Promise<ApprovalPage> => {
      const page = await call('approvals.list', {
        // "Decided" means no longer waiting (decided, timed out or closed); the core filters one status at a time.
        ...(tab === 'pending' ? { status: 'pending' as const } : {}),
        ...(botId ? { botId } : {}),
        ...(pageParam !== undefined ? { before: pageParam } : {}),
        limit: INBOX_PAGE,
      });
      if (pageParam === undefined)
        queryClient.setQueryData(pendingApprovalsQuery.queryKey, (pending) => pending && { ...pending, pendingCount: page.pendingCount });
      return { ...page, approvals: page.approvals.filter((approval) => inTab(approval, tab)) };
    },
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page: ApprovalPage) => page.nextCursor ?? undefined,
    meta: { errorContext: () => i18n.t('errors.approvals'), moreErrorContext: () => i18n.t('errors.moreApprovals') },
  });
}

/** One approval with its files, choices and comment; null when the core has no such approval. */
export function approvalQuery(approvalId: number) {
  return queryOptions({
    queryKey: ['approvals.get', approvalId],
    queryFn: () => orNotFound(call('approvals.get', { approvalId })),
    staleTime: 0,
    meta: { errorContext: () => i18n.t('errors.approval', { id: approvalId }) },
  });
}

/** The approvals and hand-offs of one job. */
export function jobApprovalsQuery(jobId: number) {
  return queryOptions({
    queryKey: ['approvals.list', 'job', jobId],
    queryFn: async () => (await call('approvals.list', { jobId, limit: 100 })).approvals,
    staleTime: 0,
    meta: { errorContext: () => i18n.t('errors.jobApprovals', { id: jobId }) },
  });
}

/** Who did what to one job. */
export function jobAuditQuery(jobId: number) {
  return queryOptions({
    queryKey: ['audit.list', 'job', jobId],
    queryFn: async () => (await call('audit.list', { targetType: 'job', targetId: jobId, limit: 200 })).entries,
    staleTime: 0,
    meta: { errorContext: () => i18n.t('errors.jobApprovals', { id: jobId }) },
  });
}

const NO_APPROVALS: ApprovalSummary[] = [];

/** The pending approvals and hand-offs: the sidebar badge and the hand-off banner read this. */
export function usePendingApprovals(): { pending: ApprovalSummary[]; pendingCount: number } {
  const { data } = useQuery(pendingApprovalsQuery);
  return { pending: data?.approvals ?? NO_APPROVALS, pendingCount: data?.pendingCount ?? 0 };
}

/** The inbox's rows for the tab and bot chosen. */
export function useInbox(): {
  approvals: ApprovalSummary[];
  status: LoadStatus;
  hasMore: boolean;
  loadingMore: boolean;
  refetch: () => void;
  loadMore: () => void;
} {
  const { tab, botId } = useInboxView();
  const query = useInfiniteQuery({ ...inboxQuery(tab, botId), select: uniqueApprovals });
  return {
    approvals: query.data ?? NO_APPROVALS,
    status: query.isFetchingNextPage ? 'ready' : loadStatus(query),
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    refetch: () => void query.refetch(),
    loadMore: () => void query.fetchNextPage({ cancelRefetch: false }),
  };
}

/** The approval open on the approval screen, or why there is none. */
export function useApproval(approvalId: number): { detail: ApprovalDetail | null; status: 'loading' | 'ready' | 'not_found' | 'failed' } {
  const query = useQuery(approvalQuery(approvalId));
  if (query.data === null) return { detail: null, status: 'not_found' };
  if (query.data) return { detail: query.data, status: 'ready' };
  return { detail: null, status: query.isError ? 'failed' : 'loading' };
}

/** The approvals of one job. */
export function useJobApprovals(jobId: number): ApprovalSummary[] {
  return useQuery(jobApprovalsQuery(jobId)).data ?? NO_APPROVALS;
}

/** The audit trail of one job, and how its load stands. */
export function useJobAudit(jobId: number) {
  const query = useQuery(jobAuditQuery(jobId));
  return { entries: query.data ?? [], status: loadStatus(query) };
}

/** Shows another tab or bot in the inbox, loaded again. */
export function setInboxFilter(tab: InboxTab, botId: string | null): void {
  void queryClient.invalidateQueries({ queryKey: inboxQuery(tab, botId).queryKey, exact: true });
  useInboxView.setState({ tab, botId });
}

/** Loads the open approval again (after a decision, or a refusal that says it changed). */
export function reloadApproval(approvalId: number): void {
  refetchSoon(approvalQuery(approvalId).queryKey, DETAIL_REFRESH_MS);
}

/**
 * Shows a change of an approval everywhere it is loaded: from its event, or at once from the
 * answer to a decision before the event comes.
 */
export function applyApprovalUpdate(approval: ApprovalSummary): void {
  queryClient.setQueryData(pendingApprovalsQuery.queryKey, (page) => page && placePending(page, approval));
  // The count over all approvals comes from the core; the change above only bridges the wait.
  refetchSoon(pendingApprovalsQuery.queryKey, PENDING_REFRESH_MS);
  for (const query of queryClient.getQueryCache().findAll({ queryKey: ['approvals.list', 'inbox'] })) {
    const [, , tab, botId] = query.queryKey as [string, string, InboxTab, string | null];
    queryClient.setQueryData<InboxPages>(query.queryKey, (data) => data && placeInInbox(data, approval, tab, botId));
  }
  const detailKey = approvalQuery(approval.id).queryKey;
  // The summary changes status and decision at once; the comment and chosen rows come with the refetch.
  queryClient.setQueryData(detailKey, (detail) => (detail ? { ...detail, ...approval } : detail));
  refetchSoon(detailKey, DETAIL_REFRESH_MS);
  refreshJobApprovals(approval.jobId);
}

/** Refetches a job's approvals and audit trail where they are shown (its state changed). */
export function refreshJobApprovals(jobId: number): void {
  refetchSoon(jobApprovalsQuery(jobId).queryKey, JOB_REFRESH_MS);
  refetchSoon(jobAuditQuery(jobId).queryKey, JOB_REFRESH_MS);
}

function placePending(page: ApprovalPage, approval: ApprovalSummary): ApprovalPage {
  const { approvals, pendingCount } = page;
  const known = approvals.some((item) => item.id === approval.id);
  if (approval.status === 'pending') {
    const next = known ? approvals.map((item) => (item.id === approval.id ? approval : item)) : [approval, ...approvals].sort((a, b) => b.id - a.id);
    return { ...page, approvals: next, pendingCount: known ? pendingCount : pendingCount + 1 };
  }
  if (!known) return page;
  return { ...page, approvals: approvals.filter((item) => item.id !== approval.id), pendingCount: Math.max(0, pendingCount - 1) };
}

function placeInInbox(data: InboxPages, approval: ApprovalSummary, tab: InboxTab, botId: string | null): InboxPages {
  for (const [number, page] of data.pages.entries()) {
    const index = page.approvals.findIndex((a) => a.id === approval.id);
    // A row decided while shown stays in place, now showing its outcome, until the next reload.
    if (index >= 0) return withPage(data, number, page.approvals.with(index, approval));
  }
  if (!inTab(approval, tab) || (botId !== null && approval.botId !== botId)) return data;
  const first = data.pages[0];
  if (!first || approval.id <= (first.approvals[0]?.id ?? 0)) return data;
  return withPage(data, 0, [approval, ...first.approvals]);
}

function withPage(data: InboxPages, number: number, approvals: ApprovalSummary[]): InboxPages {
  return { ...data, pages: data.pages.map((page, index) => (index === number ? { ...page, approvals } : page)) };
}

function uniqueApprovals(data: InboxPages): ApprovalSummary[] {
  const known = new Set<number>();
  return data.pages.flatMap((page) => page.approvals).filter((approval) => !known.has(approval.id) && Boolean(known.add(approval.id)));
}

function inTab(approval: ApprovalSummary, tab: InboxTab): boolean {
  if (tab === 'pending') return approval.status === 'pending';
  if (tab === 'decided') return approval.status !== 'pending';
  return true;
}
