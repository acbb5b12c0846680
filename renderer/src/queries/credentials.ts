import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CommandInput } from '../../../electron/common/contract';
import { scopeAllows } from '../../../electron/common/permissions';
import type { CredentialDefault, CredentialSummary, VaultStatus } from '../../../electron/common/vaultContract';
import { call } from '../api/client';
import { i18n } from '../i18n';
import { errorMessage } from '../stores/toasts';
import { queryClient, refetchSoon, type LoadStatus } from './queryClient';

// Several entries change at once on a key rotation or a bulk import: one reload for them all.
const REFRESH_MS = 300;

/** Vault entries by name; never their values. The screens say why a load failed: no toast. */
export const credentialsQuery = queryOptions({
  queryKey: ['credentials.list'],
  queryFn: async () => byName(await call('credentials.list', {})),
  meta: { silent: true },
});

/** Which entry each bot's slot gets when a job does not say. */
export const credentialDefaultsQuery = queryOptions({
  queryKey: ['credentials.defaults'],
  queryFn: () => call('credentials.defaults', {}),
  meta: { silent: true },
});

/** How the vault key is protected; for the Credentials screen only (admins). */
export const vaultStatusQuery = queryOptions({
  queryKey: ['vault.status'],
  queryFn: () => call('vault.status', {}),
  meta: { errorContext: () => i18n.t('errors.vaultStatus') },
});

interface CredentialsView {
  credentials: CredentialSummary[];
  defaults: CredentialDefault[];
  status: LoadStatus;
  /** Why the list could not be loaded, for the pickers to say. */
  error: string | null;
}

const NO_CREDENTIALS: CredentialSummary[] = [];
const NO_DEFAULTS: CredentialDefault[] = [];

/** The vault's entries and defaults, loaded when first asked for (`enabled` false: not asked). */
export function useCredentials(enabled = true): CredentialsView & { refetch: () => void } {
  const list = useQuery({ ...credentialsQuery, enabled });
  const defaults = useQuery({ ...credentialDefaultsQuery, enabled });
  const failed = list.error ?? defaults.error;
  const status: LoadStatus =
    list.isFetching || defaults.isFetching ? 'loading' : failed ? 'failed' : list.isSuccess && defaults.isSuccess ? 'ready' : 'loading';
  return {
    credentials: list.data ?? NO_CREDENTIALS,
    defaults: defaults.data ?? NO_DEFAULTS,
    status,
    error: failed ? errorMessage(failed) : null,
    refetch: () => {
      void list.refetch();
      void defaults.refetch();
    },
  };
}

/** The same, read outside React (when a form is sent). */
export function loadedCredentials(): CredentialsView {
  const list = queryClient.getQueryState(credentialsQuery.queryKey);
  const defaults = queryClient.getQueryState(credentialDefaultsQuery.queryKey);
  const ready = list?.status === 'success' && defaults?.status === 'success';
  return {
    credentials: list?.data ?? NO_CREDENTIALS,
    defaults: defaults?.data ?? NO_DEFAULTS,
    status: ready ? 'ready' : list?.status === 'error' || defaults?.status === 'error' ? 'failed' : 'loading',
    error: null,
  };
}

/** How the vault key is protected; null until loaded. */
export function useVaultStatus(): VaultStatus | null {
  return useQuery(vaultStatusQuery).data ?? null;
}

/** Refetches what is shown of the vault: `credentials.changed` came. */
export function refreshCredentials(): void {
  refetchSoon(credentialsQuery.queryKey, REFRESH_MS);
  refetchSoon(credentialDefaultsQuery.queryKey, REFRESH_MS);
  refetchSoon(vaultStatusQuery.queryKey, REFRESH_MS);
}

/** The entries that `botId` may use, by name. */
export function credentialsFor(credentials: readonly CredentialSummary[], botId: string): CredentialSummary[] {
  return credentials.filter((credential) => scopeAllows(credential.bots, botId));
}

/** The default entry of a bot's slot, or null. */
export function defaultFor(defaults: readonly CredentialDefault[], botId: string, slot: string): number | null {
  return defaults.find((entry) => entry.botId === botId && entry.slot === slot)?.credentialId ?? null;
}

/** Adds an entry to the vault; throws the core's refusal for the form to show. */
export async function createCredential(input: CommandInput<'credentials.create'>): Promise<CredentialSummary> {
  const created = await call('credentials.create', input);
  applyCredential(created);
  return created;
}

/** Renames an entry, changes its bots or replaces its values; throws the core's refusal. */
export async function updateCredential(input: CommandInput<'credentials.update'>): Promise<CredentialSummary> {
  const updated = await call('credentials.update', input);
  applyCredential(updated);
  return updated;
}

/** Deletes an entry; throws the core's refusal (which names who still uses it). */
export async function deleteCredential(credentialId: number): Promise<void> {
  await call('credentials.delete', { credentialId });
  queryClient.setQueryData(credentialsQuery.queryKey, (credentials) => credentials?.filter((credential) => credential.id !== credentialId));
  queryClient.setQueryData(credentialDefaultsQuery.queryKey, (defaults) => defaults?.filter((entry) => entry.credentialId !== credentialId));
}

/** Chooses (or, with null, clears) the entry a bot's slot gets by default; throws the core's refusal. */
export async function setCredentialDefault(botId: string, slot: string, credentialId: number | null): Promise<void> {
  const defaults = await call('credentials.setDefault', { botId, slot, credentialId });
  queryClient.setQueryData(credentialDefaultsQuery.queryKey, defaults);
}

/** Makes a new vault key and re-encrypts every value with it; resolves with how many were. */
export async function rotateVaultKey(): Promise<number> {
  const { reencrypted } = await call('vault.rotateKey', {});
  void queryClient.invalidateQueries({ queryKey: vaultStatusQuery.queryKey });
  return reencrypted;
}

function applyCredential(credential: CredentialSummary): void {
  queryClient.setQueryData(credentialsQuery.queryKey, (credentials) => {
    if (!credentials) return credentials;
    const index = credentials.findIndex((c) => c.id === credential.id);
    return byName(index >= 0 ? credentials.with(index, credential) : [...credentials, credential]);
  });
}

function byName(credentials: CredentialSummary[]): CredentialSummary[] {
  return [...credentials].sort((a, b) => a.name.localeCompare(b.name));
}
