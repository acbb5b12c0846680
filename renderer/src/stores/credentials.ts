import { create } from 'zustand';
import type { CommandInput } from '../../../electron/common/contract';
import { scopeAllows } from '../../../electron/common/permissions';
import type { CredentialDefault, CredentialSummary, VaultStatus } from '../../../electron/common/vaultContract';
import { call, onReconnected, subscribe } from '../api/client';
import { throttleTask } from '../lib/throttle';
import { useSession } from './session';
import { errorMessage, showError } from './toasts';
import { i18n } from '../i18n';

interface CredentialsState {
  /** Vault entries by name; never their values. */
  credentials: CredentialSummary[];
  /** Which entry each bot's slot gets when a job does not say. */
  defaults: CredentialDefault[];
  status: 'idle' | 'loading' | 'ready' | 'failed';
  /** Why the list could not be loaded, for the pickers to say. */
  error: string | null;
  /** How the vault key is protected; loaded for the Credentials screen only (admins). */
  vault: VaultStatus | null;
}

/** The vault as the renderer sees it: names, scopes, defaults and the key's protection. */
export const useCredentials = create<CredentialsState>()(() => ({ credentials: [], defaults: [], status: 'idle', error: null, vault: null }));

let listening = false;
// Several entries change at once on a key rotation or a bulk import: one reload for them all.
const refresh = throttleTask(reloadCredentials, 300);

function listen(): void {
  if (listening) return;
  listening = true;
  subscribe('credentials.changed', () => {
    if (useCredentials.getState().status !== 'idle') refresh.request();
  });
  onReconnected(() => {
    if (useCredentials.getState().status === 'idle') return;
    // Someone else may be signed in now: keep only what their role may see.
    const permissions = useSession.getState().user?.permissions ?? [];
    if (!permissions.includes('credentials.manage')) useCredentials.setState({ vault: null });
    if (permissions.includes('credentials.use')) refresh.request();
    else useCredentials.setState({ credentials: [], defaults: [], status: 'idle', error: null });
  });
}

/** Loads the entries and defaults unless loaded or loading, and follows their changes. */
export function ensureCredentialsLoaded(): void {
  listen();
  const { status } = useCredentials.getState();
  if (status === 'idle' || status === 'failed') void reloadCredentials();
}

/** Loads the entries and the defaults again (and the vault status when it was loaded before). */
export async function reloadCredentials(): Promise<void> {
  useCredentials.setState({ status: 'loading' });
  try {
    const [credentials, defaults] = await Promise.all([call('credentials.list', {}), call('credentials.defaults', {})]);
    useCredentials.setState({ credentials: byName(credentials), defaults, status: 'ready', error: null });
  } catch (err) {
    useCredentials.setState({ status: 'failed', error: errorMessage(err) });
  }
  if (useCredentials.getState().vault) void loadVaultStatus();
}

/** Loads how the vault key is protected (admins). */
export async function loadVaultStatus(): Promise<void> {
  try {
    useCredentials.setState({ vault: await call('vault.status', {}) });
  } catch (err) {
    showError(err, i18n.t('errors.vaultStatus'));
  }
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
  useCredentials.setState(({ credentials, defaults }) => ({
    credentials: credentials.filter((credential) => credential.id !== credentialId),
    defaults: defaults.filter((entry) => entry.credentialId !== credentialId),
  }));
}

/** Chooses (or, with null, clears) the entry a bot's slot gets by default; throws the core's refusal. */
export async function setCredentialDefault(botId: string, slot: string, credentialId: number | null): Promise<void> {
  const defaults = await call('credentials.setDefault', { botId, slot, credentialId });
  useCredentials.setState({ defaults });
}

/** Makes a new vault key and re-encrypts every value with it; resolves with how many were. */
export async function rotateVaultKey(): Promise<number> {
  const { reencrypted } = await call('vault.rotateKey', {});
  void loadVaultStatus();
  return reencrypted;
}

function applyCredential(credential: CredentialSummary): void {
  useCredentials.setState(({ credentials }) => {
    const index = credentials.findIndex((c) => c.id === credential.id);
    return { credentials: byName(index >= 0 ? credentials.with(index, credential) : [...credentials, credential]) };
  });
}

function byName(credentials: CredentialSummary[]): CredentialSummary[] {
  return [...credentials].sort((a, b) => a.name.localeCompare(b.name));
}
