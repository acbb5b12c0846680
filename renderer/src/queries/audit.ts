import { infiniteQueryOptions, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import type { AuditEntry } from '../../../electron/common/auditContract';
import type { CommandInput, CommandOutput } from '../../../electron/common/contract';
import { call } from '../api/client';
import { i18n } from '../i18n';
import { NO_AUDIT_FILTER, useAuditView, type AuditFilter } from '../stores/auditView';
import { loadStatus, queryClient, type LoadStatus } from './queryClient';

const PAGE_SIZE = 100;

type AuditPage = CommandOutput<'audit.search'>;

/** The filtered trail, newest first, from `startBefore` down when Verify sent the person there. */
export function auditSearchQuery(filter: AuditFilter, startBefore: number | null) {
  return infiniteQueryOptions({
    queryKey: ['audit.search', filter, startBefore],
    queryFn: ({ pageParam }) => call('audit.search', { ...filterInput(filter), ...(pageParam !== undefined ? { before: pageParam } : {}), limit: PAGE_SIZE }),
    initialPageParam: startBefore ?? undefined,
    getNextPageParam: (page: AuditPage) => page.nextCursor ?? undefined,
    meta: { errorContext: () => i18n.t('errors.audit'), moreErrorContext: () => i18n.t('errors.moreAudit') },
  });
}

/** The Audit screen's rows. */
export function useAuditTrail(): {
  entries: AuditEntry[];
  status: LoadStatus;
  hasMore: boolean;
  loadingMore: boolean;
  refetch: () => void;
  loadMore: () => void;
} {
  const filter = useAuditView((state) => state.filter);
  const startBefore = useAuditView((state) => state.startBefore);
  const query = useInfiniteQuery({ ...auditSearchQuery(filter, startBefore), select: uniqueEntries });
  return {
    entries: query.data ?? [],
    status: query.isFetchingNextPage ? 'ready' : loadStatus(query),
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    refetch: () => void query.refetch(),
    loadMore: () => void query.fetchNextPage({ cancelRefetch: false }),
  };
}

/** Narrows the trail and loads it again from the newest row. */
export function setAuditFilter(filter: AuditFilter): void {
  void queryClient.invalidateQueries({ queryKey: auditSearchQuery(filter, null).queryKey, exact: true });
  useAuditView.setState({ filter, startBefore: null });
}

/** Shows the whole trail from row `id` down (Verify's first bad row at the top). */
export function showAuditFrom(id: number): void {
  void queryClient.invalidateQueries({ queryKey: auditSearchQuery(NO_AUDIT_FILTER, id + 1).queryKey, exact: true });
  useAuditView.setState(({ filterVersion }) => ({ filter: NO_AUDIT_FILTER, filterVersion: filterVersion + 1, startBefore: id + 1 }));
}

/** The filtered trail as CSV text; throws the core's refusal. */
export async function exportAudit(): Promise<{ csv: string; rows: number; truncated: boolean }> {
  return call('audit.export', filterInput(useAuditView.getState().filter));
}

function uniqueEntries(data: InfiniteData<AuditPage, number | undefined>): AuditEntry[] {
  const known = new Set<number>();
  return data.pages.flatMap((page) => page.entries).filter((entry) => !known.has(entry.id) && Boolean(known.add(entry.id)));
}

function filterInput(filter: AuditFilter): CommandInput<'audit.export'> {
  const input: CommandInput<'audit.export'> = {};
  if (filter.actor !== null) input.actor = filter.actor;
  if (filter.action !== null) input.action = filter.action;
  if (filter.targetType !== null) input.targetType = filter.targetType;
  if (filter.targetId !== null) input.targetId = filter.targetId;
  if (filter.from !== null) input.from = filter.from;
  if (filter.to !== null) input.to = filter.to;
  return input;
}
