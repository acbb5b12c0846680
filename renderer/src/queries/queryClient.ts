import { QueryCache, QueryClient, type QueryKey } from '@tanstack/react-query';
import { throttleTask, type Throttled } from '../lib/throttle';
import { showError } from '../stores/toasts';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: {
      /** What the operator was doing, for the toast of a failed load (translated when it fails). */
      errorContext?: () => string;
      /** The same for a failed next page of an infinite list. */
      moreErrorContext?: () => string;
      /** A failure the screen shows by itself, or that does not matter: no toast. */
      silent?: boolean;
    };
  }
}

/**
 * The one cache of what the core said, for every screen. Events keep it current, so nothing goes
 * stale by age; it is refetched after a reconnection and forgotten when someone else signs in.
 */
export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError(err, query) {
      const { meta } = query;
      if (meta?.silent) return;
      const more = query.state.fetchMeta?.fetchMore !== undefined;
      showError(err, (more ? meta?.moreErrorContext : undefined)?.() ?? meta?.errorContext?.());
    },
  }),
  defaultOptions: {
    queries: {
      // The core is on this machine: the browser's idea of being online says nothing about it.
      networkMode: 'always',
      staleTime: Number.POSITIVE_INFINITY,
      // A failure is shown at once; the reconnection refetches whatever failed for want of a connection.
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
    mutations: { networkMode: 'always' },
  },
});

const refetches = new Map<string, Throttled>();

/**
 * Refetches the query at `queryKey` at most once per `intervalMs`, however fast events ask, if it
 * is shown; a cached one not shown is only marked stale, so it is fetched when it is shown again.
 */
export function refetchSoon(queryKey: QueryKey, intervalMs: number): void {
  if (!queryClient.getQueryState(queryKey)) return;
  const hash = JSON.stringify(queryKey);
  let refetch = refetches.get(hash);
  if (!refetch) {
    refetch = throttleTask(() => queryClient.invalidateQueries({ queryKey, exact: true }), intervalMs);
    refetches.set(hash, refetch);
  }
  refetch.request();
}

/** Loads everything shown again and marks the rest stale: events may have been missed. */
export function refetchAll(): void {
  void queryClient.invalidateQueries();
}

/** Forgets what the previous session was shown (another user may be signed in) and loads what is shown again. */
export function forgetServerState(): void {
  for (const refetch of refetches.values()) refetch.cancel();
  refetches.clear();
  queryClient.removeQueries({ type: 'inactive' });
  void queryClient.resetQueries();
}

/** How a list's load stands, for its empty message and its Refresh button. */
export type LoadStatus = 'loading' | 'ready' | 'failed';

/** The `LoadStatus` of a query result. */
export function loadStatus(query: { isFetching: boolean; isError: boolean; isSuccess: boolean }): LoadStatus {
  if (query.isFetching) return 'loading';
  if (query.isError) return 'failed';
  return query.isSuccess ? 'ready' : 'loading';
}
