import type fs from 'node:fs';
import path from 'node:path';
import { KEY_BYTES } from './cipher.js';
import { filesKeySource, KeyFiles, VaultKeyError, type KeyCodec, type VaultKeySource } from './keySource.js';

/** The environment variable that, when set, holds the vault key (base64 of 32 bytes) instead of the key file. */
export const VAULT_KEY_ENV = 'RPA_DESK_VAULT_KEY';
/** The key file's name in the data folder. */
export const KEY_FILE_NAME = 'vault.key';

/**
 * The raw key in a file only its owner may read. On POSIX a file others can read or write is
 * refused rather than fixed silently: whoever could read it may have copied the key already.
 * Windows has no mode bits; the file lives in the user's own profile folder.
 */
const rawKeyCodec: KeyCodec = {
  encode: (key) => Promise.resolve(key),
  decode(bytes, file) {
    if (bytes.length !== KEY_BYTES) {
      return Promise.reject(
        new VaultKeyError(
          `The vault key file ${file} holds ${bytes.length} bytes, not ${KEY_BYTES}: it is damaged or not a vault key. ` +
            'Restore it from a backup of the data folder; a new key cannot open the values already saved.',
        ),
      );
    }
    return Promise.resolve(bytes);
  },
  check(file: string, stat: fs.Stats) {
    if (process.platform === 'win32') return;
    const looser = stat.mode & 0o077;
    if (looser !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
      throw new VaultKeyError(
        `The vault key file ${file} may be read or changed by other users (mode ${mode}); only the account that runs RPA Desk may have access. ` +
          `Run: chmod 600 "${file}" — and if others could read it, rotate the vault key once RPA Desk runs.`,
      );
    }
  },
};

/** The headless key source: `RPA_DESK_VAULT_KEY` when it is set, else `vault.key` in the data folder (made on first start). */
export function headlessKeySource(dataDir: string, env: NodeJS.ProcessEnv = process.env): VaultKeySource {
  const fromEnv = env[VAULT_KEY_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? environmentKeySource(fromEnv) : keyFileSource(path.join(dataDir, KEY_FILE_NAME));
}

/** The key in a file of its own (mode 0600), rotated by staging `<file>.next`. */
export function keyFileSource(file: string): VaultKeySource {
  return filesKeySource(new KeyFiles(file, rawKeyCodec), { protection: 'key-file', warning: null, description: `the key file ${file}` });
}

/** The key given in the environment: read only; it cannot be rotated from inside the app. */
export function environmentKeySource(base64: string): VaultKeySource {
  const trimmed = base64.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== KEY_BYTES) {
    throw new VaultKeyError(`${VAULT_KEY_ENV} must be the base64 of ${KEY_BYTES} random bytes (for example from: openssl rand -base64 32); it is not`);
  }
  const refuse = () => Promise.reject(new VaultKeyError(`The vault key comes from ${VAULT_KEY_ENV} and cannot be replaced from RPA Desk`));
  return {
    protection: 'environment',
    warning: null,
    description: `the key in ${VAULT_KEY_ENV}`,
    rotationRefusal: `The vault key comes from the environment variable ${VAULT_KEY_ENV}, which RPA Desk cannot change: unset it to use a key file, or rotate it where it is set`,
    load: () => Promise.resolve({ current: key, next: null }),
    // A new vault is sealed with the given key: there is nothing to write.
    create: () => Promise.resolve(),
    stage: refuse,
    promote: refuse,
    discard: () => Promise.resolve(),
  };
}
