import type { vaultCommands } from '../../common/vaultContract.js';
import type { AuditLog } from '../audit/auditLog.js';
import type { EventBus } from '../events/eventBus.js';
import type { CredentialStore } from '../vault/credentialStore.js';
import type { Vault } from '../vault/vault.js';
import type { Handlers } from './router.js';

/** What the vault's handlers work with. */
export interface VaultHandlerDeps {
  vault: Vault;
  credentials: CredentialStore;
  audit: AuditLog;
  events: EventBus;
}

/** The target the audit trail records vault-wide actions (a key rotation) against. */
const THE_VAULT = { type: 'vault', id: 0 } as const;

/**
 * The credential commands. None of them answers with a value: create and update take values in,
 * list shows names (and, to those who manage the vault, descriptions and who uses each entry).
 */
export function createVaultHandlers(deps: VaultHandlerDeps): Pick<Handlers, keyof typeof vaultCommands> {
  const { credentials } = deps;
  return {
    'credentials.list': (_input, caller) => credentials.list({ manage: caller.permissions.has('credentials.manage') }),
    'credentials.create': (input, caller) => credentials.create(input, caller.user),
    'credentials.update': (input, caller) => credentials.update(input, caller.user),
    'credentials.delete': (input, caller) => {
      credentials.delete(input.credentialId, caller.user);
      return { deleted: true } as const;
    },
    'credentials.defaults': () => credentials.defaults(),
    'credentials.setDefault': (input, caller) => credentials.setDefault(input.botId, input.slot, input.credentialId, caller.user),
    'vault.status': () => ({ ...deps.vault.protection(), entries: credentials.count() }),
    'vault.rotateKey': async (_input, caller) => {
      const reencrypted = await deps.vault.rotateKey((count) => deps.audit.record(caller.user, 'vault.key_rotated', THE_VAULT, { reencrypted: count }));
      return { reencrypted };
    },
  };
}
