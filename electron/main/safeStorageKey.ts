import path from 'node:path';
import type { SafeStorage } from 'electron';
import { KEY_BYTES } from '../core/vault/cipher.js';
import { filesKeySource, KeyFiles, VaultKeyError, type KeyCodec, type VaultKeySource } from '../core/vault/keySource.js';

/** The file in the data folder that holds the vault key, encrypted by the OS keychain (DPAPI, Keychain, libsecret/KWallet). */
export const PROTECTED_KEY_FILE = 'vault.key.protected';

/**
 * The parts of Electron's safeStorage this source uses: the async API where Electron has it, the
 * sync one otherwise; the Linux backend name to refuse basic_text.
 */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'encryptStringAsync' | 'decryptStringAsync' | 'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend'>>;

export interface SafeStorageKeyOptions {
  dataDir: string;
  /** Use the key even when Linux has no keyring (basic_text), with a warning in vault.status. */
  acceptPlainTextKey?: boolean;
}

/** What vault.status says when the key is kept with basic_text. */
export const PLAIN_TEXT_KEY_WARNING =
  'No keyring is available on this Linux desktop, so the vault key is stored with Electron’s basic_text backend: obfuscated, not encrypted. ' +
  'Anyone who can read the data folder can open the vault. Install and unlock GNOME Keyring or KWallet, then rotate the vault key.';

/**
 * The Electron key source: the vault's data key encrypted by safeStorage in `vault.key.protected`.
 * Linux without a keyring (safeStorage's basic_text backend) would keep the key obfuscated only:
 * refused unless `acceptPlainTextKey`, then reported as a warning.
 */
export async function safeStorageKeySource(safeStorage: SafeStorageLike, options: SafeStorageKeyOptions): Promise<VaultKeySource> {
  const available = safeStorage.isAsyncEncryptionAvailable ? await safeStorage.isAsyncEncryptionAvailable() : safeStorage.isEncryptionAvailable();
  if (!available) {
    throw new VaultKeyError(
      'The OS keychain is not available to protect the vault key (Electron safeStorage reports no encryption): sign in to the desktop session, or unlock the keyring, and start RPA Desk again',
    );
  }
  const plainText = safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  if (plainText && !options.acceptPlainTextKey) {
    throw new VaultKeyError(
      'No keyring is available on this Linux desktop (Electron safeStorage would use basic_text, which only obfuscates): the vault key would be readable by anyone who can read the data folder. ' +
        'Install and unlock GNOME Keyring or KWallet, or start RPA Desk with --accept-plain-text-key to accept the weaker protection.',
    );
  }
  const file = path.join(options.dataDir, PROTECTED_KEY_FILE);
  return filesKeySource(new KeyFiles(file, safeStorageCodec(safeStorage)), {
    protection: 'os-keychain',
    warning: plainText ? PLAIN_TEXT_KEY_WARNING : null,
    description: `the keychain-protected key file ${file}`,
  });
}

/** The key as base64 text encrypted by safeStorage (which encrypts strings), checked for length when read back. */
export function safeStorageCodec(safeStorage: SafeStorageLike): KeyCodec {
  return {
    async encode(key) {
      const text = key.toString('base64');
      return safeStorage.encryptStringAsync ? await safeStorage.encryptStringAsync(text) : safeStorage.encryptString(text);
    },
    async decode(bytes, file) {
      let text: string;
      try {
        text = safeStorage.decryptStringAsync ? (await safeStorage.decryptStringAsync(bytes)).result : safeStorage.decryptString(bytes);
      } catch (err) {
        throw new VaultKeyError(
          `The OS keychain could not decrypt the vault key in ${file} (${err instanceof Error ? err.message : String(err)}): it was protected by another user account or machine. ` +
            'Start RPA Desk as the user who saved the credentials, or restore that user’s keychain.',
        );
      }
      const key = Buffer.from(text, 'base64');
      if (key.length !== KEY_BYTES)
        throw new VaultKeyError(`The vault key in ${file} is damaged (${key.length} bytes, not ${KEY_BYTES}): restore it from a backup of the data folder`);
      return key;
    },
  };
}
