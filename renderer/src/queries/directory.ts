import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryEntry } from '../../../electron/common/identityContract';
import { call } from '../api/client';
import { queryClient } from './queryClient';

/** Every user's display name, by display name, for showing who did something. */
export const directoryQuery = queryOptions({
  queryKey: ['users.directory'],
  queryFn: async () => byDisplayName(await call('users.directory', {})),
  // Names then show as recorded (user names), which is still right, only less friendly.
  meta: { silent: true },
});

const NO_ENTRIES: readonly DirectoryEntry[] = [];

/** Every user as recorded, for lists to choose from. */
export function useDirectory(): readonly DirectoryEntry[] {
  return useQuery(directoryQuery).data ?? NO_ENTRIES;
}

/** Puts a user's new display name into the directory. */
export function applyDirectoryEntry(entry: DirectoryEntry): void {
  queryClient.setQueryData(
    directoryQuery.queryKey,
    (entries) => entries && byDisplayName([...entries.filter((known) => known.username !== entry.username), entry]),
  );
}

/** How an actor as recorded (a user name, `schedule:3`, `system`) reads on screen. */
export function actorName(t: TFunction, names: ReadonlyMap<string, string>, actor: string): string {
  const known = names.get(actor.toLowerCase());
  if (known) return known;
  const [kind, ...rest] = actor.split(':');
  const id = rest.join(':');
  if (id) {
    if (kind === 'schedule') return t('actor.schedule', { id });
    if (kind === 'key') return t('actor.apiKey', { id });
    if (kind === 'trigger') return t('actor.trigger', { id });
    if (kind === 'worker') return t('actor.worker', { id });
    if (kind === 'job') return t('actor.job', { id });
  }
  if (actor === 'system') return t('actor.system');
  return actor;
}

/** A function from an actor as recorded to its display name; changes when the directory or language does. */
export function useActorName(): (actor: string) => string {
  const { t } = useTranslation();
  // Display names by user name, lower-cased: user names compare without case.
  const names = useQuery({ ...directoryQuery, select: namesByUser }).data ?? NO_NAMES;
  return useCallback((actor: string) => actorName(t, names, actor), [t, names]);
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

function namesByUser(entries: readonly DirectoryEntry[]): ReadonlyMap<string, string> {
  return new Map(entries.map((entry) => [entry.username.toLowerCase(), entry.displayName]));
}

function byDisplayName(entries: readonly DirectoryEntry[]): readonly DirectoryEntry[] {
  return [...entries].sort((a, b) => a.displayName.localeCompare(b.displayName));
}
