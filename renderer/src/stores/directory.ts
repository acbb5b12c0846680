import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { DirectoryEntry } from '../../../electron/common/identityContract';
import { call, onReconnected, subscribe } from '../api/client';

interface DirectoryState {
  /** Every user as recorded, for lists to choose from. */
  entries: readonly DirectoryEntry[];
  /** Display names by user name, lower-cased: user names compare without case. */
  names: ReadonlyMap<string, string>;
}

/** Who is who: the display name of every user, for showing who did something. */
export const useDirectory = create<DirectoryState>()(() => ({ entries: [], names: new Map() }));

let listening = false;

/** Loads the directory and keeps it current; call once a session began. */
export function connectDirectory(): void {
  if (!listening) {
    listening = true;
    subscribe('user.updated', ({ username, displayName }) => {
      const others = useDirectory.getState().entries.filter((entry) => entry.username !== username);
      setEntries([...others, { username, displayName }]);
    });
    onReconnected(() => void reloadDirectory());
  }
  void reloadDirectory();
}

/** Loads the directory again. */
export async function reloadDirectory(): Promise<void> {
  try {
    setEntries(await call('users.directory', {}));
  } catch {
    // Names then show as recorded (user names), which is still right, only less friendly.
  }
}

function setEntries(entries: readonly DirectoryEntry[]): void {
  const sorted = [...entries].sort((a, b) => a.displayName.localeCompare(b.displayName));
  useDirectory.setState({ entries: sorted, names: new Map(sorted.map((entry) => [entry.username.toLowerCase(), entry.displayName])) });
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
  const names = useDirectory((state) => state.names);
  return useCallback((actor: string) => actorName(t, names, actor), [t, names]);
}
