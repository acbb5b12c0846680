import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AppInfo } from '../../../electron/common/contract';
import { call } from '../api/client';
import { i18n } from '../i18n';
import { queryClient } from './queryClient';

/** Mode, version, data folder and user, for the footer. */
export const appInfoQuery = queryOptions({
  queryKey: ['app.info'],
  queryFn: () => call('app.info', {}),
  meta: { errorContext: () => i18n.t('errors.appInfo') },
});

/** Who and where the core is; null until it answered. */
export function useAppInfo(): AppInfo | null {
  return useQuery(appInfoQuery).data ?? null;
}

/** The app info already loaded, outside React; null before. */
export function loadedAppInfo(): AppInfo | null {
  return queryClient.getQueryData(appInfoQuery.queryKey) ?? null;
}
