import { queryOptions, useQuery } from '@tanstack/react-query';
import type { BotProblem } from '../../../electron/common/botManifest';
import type { BotSummary } from '../../../electron/common/domain';
import { call } from '../api/client';
import { i18n } from '../i18n';
import { loadStatus, type LoadStatus } from './queryClient';

/** The bots the core knows, for the Bots screen, the Run form and the filters. */
export const botsQuery = queryOptions({
  queryKey: ['bots.list'],
  queryFn: () => call('bots.list', {}),
  meta: { errorContext: () => i18n.t('errors.bots') },
});

const NO_BOTS: BotSummary[] = [];

/** The bots, loading them the first time they are asked for. */
export function useBots(): { bots: BotSummary[]; status: LoadStatus; refetch: () => void } {
  const query = useQuery(botsQuery);
  return { bots: query.data ?? NO_BOTS, status: loadStatus(query), refetch: () => void query.refetch() };
}

/** Bots the core found but could not use (no manifest, a bad one, a lock naming a missing parameter), each with why. */
export const botProblemsQuery = queryOptions({
  queryKey: ['bots.problems'],
  queryFn: () => call('bots.problems', {}),
  meta: { errorContext: () => i18n.t('errors.bots') },
});

const NO_PROBLEMS: BotProblem[] = [];

export function useBotProblems(): BotProblem[] {
  return useQuery(botProblemsQuery).data ?? NO_PROBLEMS;
}
