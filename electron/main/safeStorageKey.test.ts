import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtPaths, tempDir } from '../../test/helpers/paths.js';
import { openDatabase, type OpenDatabase } from '../core/store/database.js';
import { Vault } from '../core/vault/vault.js';
import { PLAIN_TEXT_KEY_WARNING, PROTECTED_KEY_FILE, safeStorageKeySource, type SafeStorageLike } from './safeStorageKey.js';

// The Electron key source against a small fake of safeStorage (Electron itself is not needed for
// its pure parts): which API it uses, what it refuses, and a vault opened through it.

/** "Encrypts" by reversing and tagging the bytes, and counts which API was used. */
function fakeSafeStorage(options: { async: boolean; backend?: ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>>; available?: boolean }) {
  const calls: string[] = [];
  const encrypt = (text: string) => Buffer.concat([Buffer.from('FAKE:'), Buffer.from(text).reverse()]);
  const decrypt = (bytes: Buffer) => {
    if (!bytes.subarray(0, 5).equals(Buffer.from('FAKE:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(bytes.subarray(5)).reverse().toString();
  };
  const storage: SafeStorageLike = {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (text) => {
      calls.push('encryptString');
      return encrypt(text);
    },
    decryptString: (bytes) => {
      calls.push('decryptString');
      return decrypt(bytes);
    },
    getSelectedStorageBackend: options.backend ? () => options.backend! : undefined,
  };
  if (options.async) {
    storage.isAsyncEncryptionAvailable = () => Promise.resolve(options.available ?? true);
    storage.encryptStringAsync = (text) => {
      calls.push('encryptStringAsync');
      return Promise.resolve(encrypt(text));
    };
    storage.decryptStringAsync = (bytes) => {
      calls.push('decryptStringAsync');
      return Promise.resolve({ result: decrypt(bytes), shouldReEncrypt: false });
    };
  }
  return { storage, calls };
}

const opened: OpenDatabase[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.sqlite.close();
});

async function sqliteIn(dir: string) {
  const db = await openDatabase({ file: path.join(dir, 'rpa-desk.sqlite'), migrationsDir: builtPaths.migrationsDir, durability: 'NORMAL' });
  opened.push(db);
  return db.sqlite;
}

describe('safeStorageKeySource', () => {
  it('keeps the key encrypted by the OS in vault.key.protected, with the async API when Electron has it', async () => {
    const dir = tempDir();
    const { storage, calls } = fakeSafeStorage({ async: true, backend: 'gnome_libsecret' });
    const source = await safeStorageKeySource(storage, { dataDir: dir });
    const vault = await Vault.open({ sqlite: await sqliteIn(dir), source });
    expect(vault.protection()).toEqual({ protection: 'os-keychain', warning: null });
    const stored = fs.readFileSync(path.join(dir, PROTECTED_KEY_FILE));
    expect(stored.subarray(0, 5).toString()).toBe('FAKE:');
    expect(calls).toEqual(['encryptStringAsync']);
    const auditKey = vault.deriveKey('audit-mac');

    for (const db of opened.splice(0)) db.sqlite.close();
    const reopened = await Vault.open({ sqlite: await sqliteIn(dir), source: await safeStorageKeySource(storage, { dataDir: dir }) });
    expect(reopened.deriveKey('audit-mac').equals(auditKey)).toBe(true);
    expect(calls).toEqual(['encryptStringAsync', 'decryptStringAsync']);
    await reopened.rotateKey(() => undefined);
    expect(fs.readFileSync(path.join(dir, PROTECTED_KEY_FILE)).equals(stored)).toBe(false);
    expect(calls.at(-1)).toBe('encryptStringAsync');
  });

  it('falls back to the sync API on an Electron without the async one', async () => {
    const dir = tempDir();
    const { storage, calls } = fakeSafeStorage({ async: false });
    await Vault.open({ sqlite: await sqliteIn(dir), source: await safeStorageKeySource(storage, { dataDir: dir }) });
    for (const db of opened.splice(0)) db.sqlite.close();
    await Vault.open({ sqlite: await sqliteIn(dir), source: await safeStorageKeySource(storage, { dataDir: dir }) });
    expect(calls).toEqual(['encryptString', 'decryptString']);
  });

  it('refuses Linux basic_text unless told to accept it, and then warns in vault.status', async () => {
    const dir = tempDir();
    const { storage } = fakeSafeStorage({ async: true, backend: 'basic_text' });
    await expect(safeStorageKeySource(storage, { dataDir: dir })).rejects.toThrow('--accept-plain-text-key');
    expect(fs.existsSync(path.join(dir, PROTECTED_KEY_FILE))).toBe(false);
    const source = await safeStorageKeySource(storage, { dataDir: dir, acceptPlainTextKey: true });
    const vault = await Vault.open({ sqlite: await sqliteIn(dir), source });
    expect(vault.protection()).toEqual({ protection: 'os-keychain', warning: PLAIN_TEXT_KEY_WARNING });
  });

  it('refuses when the OS cannot encrypt, and says whose keychain a key it cannot decrypt belongs to', async () => {
    const dir = tempDir();
    await expect(safeStorageKeySource(fakeSafeStorage({ async: true, available: false }).storage, { dataDir: dir })).rejects.toThrow(
      'The OS keychain is not available',
    );
    fs.writeFileSync(path.join(dir, PROTECTED_KEY_FILE), 'another machine’s bytes');
    const source = await safeStorageKeySource(fakeSafeStorage({ async: true }).storage, { dataDir: dir });
    await expect(source.load()).rejects.toThrow('protected by another user account or machine');
  });
});
