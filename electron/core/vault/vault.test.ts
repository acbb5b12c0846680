import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { builtPaths, tempDir } from '../../../test/helpers/paths.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { AesGcmCipher, VaultOpenError } from './cipher.js';
import { environmentKeySource, headlessKeySource, keyFileSource, VAULT_KEY_ENV } from './keyFile.js';
import { VaultKeyError, type VaultKeySource } from './keySource.js';
import { entryAad, Vault } from './vault.js';

// The vault's keys against a real SQLite file and real key files: made on first start, refused
// when unsafe, and rotated without ever leaving a state that does not open.

const posix = process.platform !== 'win32';
const opened: OpenDatabase[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) db.sqlite.close();
});

async function database(dir: string): Promise<OpenDatabase> {
  const db = await openDatabase({ file: path.join(dir, 'rpa-desk.sqlite'), migrationsDir: builtPaths.migrationsDir, durability: 'NORMAL' });
  opened.push(db);
  return db;
}

function closeAll(): void {
  for (const db of opened.splice(0)) db.sqlite.close();
}

/** Adds an entry the way the credential store does: row first, then its values sealed for it. */
function addEntry(db: OpenDatabase, vault: Vault, name: string, values: string): number {
  const id = Number(
    db.sqlite.prepare("INSERT INTO credentials (name, kind, sealed, created_by, created_at, updated_at) VALUES (?, 'secret', '', 'test', 0, 0)").run(name)
      .lastInsertRowid,
  );
  db.sqlite.prepare('UPDATE credentials SET sealed = ? WHERE id = ?').run(vault.sealEntry(id, name, values), id);
  return id;
}

function entries(db: OpenDatabase, vault: Vault): string[] {
  const rows = db.sqlite.prepare('SELECT id, name, sealed FROM credentials ORDER BY id').all() as { id: number; name: string; sealed: string }[];
  return rows.map((r) => vault.openEntry(r.id, r.name, r.sealed));
}

function sealedOf(db: OpenDatabase, id: number): string {
  return db.sqlite.prepare('SELECT sealed FROM credentials WHERE id = ?').pluck().get(id) as string;
}

describe('the key file', () => {
  it('is made on first start: 32 bytes, mode 0600, and opens the same vault (same derived keys) next time', async () => {
    const dir = tempDir();
    const first = await Vault.open({ sqlite: (await database(dir)).sqlite, source: headlessKeySource(dir, {}) });
    const file = path.join(dir, 'vault.key');
    expect(fs.statSync(file).size).toBe(32);
    if (posix) expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const auditKey = first.deriveKey('audit-mac');
    expect(auditKey).toHaveLength(32);
    expect(first.deriveKey('audit-mac').equals(auditKey)).toBe(true);
    expect(first.deriveKey('something-else').equals(auditKey)).toBe(false);
    closeAll();
    const again = await Vault.open({ sqlite: (await database(dir)).sqlite, source: headlessKeySource(dir, {}) });
    expect(again.deriveKey('audit-mac').equals(auditKey)).toBe(true);
  });

  it.runIf(posix)('is refused when others may read it (0644), saying how to fix it', async () => {
    const dir = tempDir();
    await Vault.open({ sqlite: (await database(dir)).sqlite, source: headlessKeySource(dir, {}) });
    closeAll();
    const file = path.join(dir, 'vault.key');
    fs.chmodSync(file, 0o644);
    const reopening = Vault.open({ sqlite: (await database(dir)).sqlite, source: headlessKeySource(dir, {}) });
    await expect(reopening).rejects.toThrow(VaultKeyError);
    await expect(reopening).rejects.toThrow(`may be read or changed by other users (mode 0644)`);
    await expect(reopening).rejects.toThrow(`chmod 600 "${file}"`);
  });

  it('is refused when it has the wrong length, missing, or another vault’s key, and never replaced', async () => {
    const dir = tempDir();
    await Vault.open({ sqlite: (await database(dir)).sqlite, source: headlessKeySource(dir, {}) });
    closeAll();
    const file = path.join(dir, 'vault.key');
    const key = fs.readFileSync(file);

    fs.writeFileSync(file, key.subarray(0, 31), { mode: 0o600 });
    await expect(Vault.open({ sqlite: (await database(dir)).sqlite, source: headlessKeySource(dir, {}) })).rejects.toThrow('holds 31 bytes, not 32');
    closeAll();

    fs.rmSync(file);
    await expect(Vault.open({ sqlite: (await database(dir)).sqlite, source: headlessKeySource(dir, {}) })).rejects.toThrow(`the key file ${file} is missing`);
    expect(fs.existsSync(file)).toBe(false);
    closeAll();

    fs.writeFileSync(file, randomBytes(32), { mode: 0o600 });
    await expect(Vault.open({ sqlite: (await database(dir)).sqlite, source: headlessKeySource(dir, {}) })).rejects.toThrow("it is another vault's key");
  });

  it(`is replaced by ${VAULT_KEY_ENV} when set: checked for shape, and not rotatable from the app`, async () => {
    const dir = tempDir();
    const base64 = randomBytes(32).toString('base64');
    const source = headlessKeySource(dir, { [VAULT_KEY_ENV]: base64 });
    const vault = await Vault.open({ sqlite: (await database(dir)).sqlite, source });
    expect(vault.protection()).toEqual({ protection: 'environment', warning: null });
    expect(fs.existsSync(path.join(dir, 'vault.key'))).toBe(false);
    await expect(vault.rotateKey(() => undefined)).rejects.toThrow(`environment variable ${VAULT_KEY_ENV}`);
    expect(() => environmentKeySource('not base64!')).toThrow('must be the base64 of 32 random bytes');
    expect(() => environmentKeySource(randomBytes(16).toString('base64'))).toThrow(VaultKeyError);
  });
});

describe('key rotation', () => {
  it('re-seals every entry with a new key in one go: values intact, old key useless, derived keys unchanged', async () => {
    const dir = tempDir();
    const db = await database(dir);
    const vault = await Vault.open({ sqlite: db.sqlite, source: headlessKeySource(dir, {}) });
    const a = addEntry(db, vault, 'Portal', '{"password":"one"}');
    addEntry(db, vault, 'API', '{"secret":"two"}');
    const oldKey = fs.readFileSync(path.join(dir, 'vault.key'));
    const oldBlob = sealedOf(db, a);
    const auditKey = vault.deriveKey('audit-mac');
    let recordedInside: number | null = null;

    const count = await vault.rotateKey((n) => {
      recordedInside = n;
      expect(db.sqlite.inTransaction).toBe(true);
    });
    expect(count).toBe(2);
    expect(recordedInside).toBe(2);
    const newKey = fs.readFileSync(path.join(dir, 'vault.key'));
    expect(newKey.equals(oldKey)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'vault.key.next'))).toBe(false);
    if (posix) expect(fs.statSync(path.join(dir, 'vault.key')).mode & 0o777).toBe(0o600);
    expect(sealedOf(db, a)).not.toBe(oldBlob);
    expect(() => new AesGcmCipher(oldKey).open(sealedOf(db, a), entryAad(a, 'Portal'))).toThrow(VaultOpenError);
    expect(() => new AesGcmCipher(newKey).open(oldBlob, entryAad(a, 'Portal'))).toThrow(VaultOpenError);
    expect(entries(db, vault)).toEqual(['{"password":"one"}', '{"secret":"two"}']);
    expect(vault.deriveKey('audit-mac').equals(auditKey)).toBe(true);

    closeAll();
    const db2 = await database(dir);
    const reopened = await Vault.open({ sqlite: db2.sqlite, source: headlessKeySource(dir, {}) });
    expect(entries(db2, reopened)).toEqual(['{"password":"one"}', '{"secret":"two"}']);
    expect(reopened.deriveKey('audit-mac').equals(auditKey)).toBe(true);
  });

  it('survives a crash after the new key was staged but before the database committed: the old key stays', async () => {
    const dir = tempDir();
    const db = await database(dir);
    const source = headlessKeySource(dir, {});
    const vault = await Vault.open({ sqlite: db.sqlite, source });
    addEntry(db, vault, 'Portal', '{"password":"one"}');
    const oldKey = fs.readFileSync(path.join(dir, 'vault.key'));
    // The first step of a rotation, and then the process dies.
    await source.stage(randomBytes(32));
    expect(fs.existsSync(path.join(dir, 'vault.key.next'))).toBe(true);
    closeAll();

    const db2 = await database(dir);
    const reopened = await Vault.open({ sqlite: db2.sqlite, source: headlessKeySource(dir, {}) });
    expect(entries(db2, reopened)).toEqual(['{"password":"one"}']);
    expect(fs.existsSync(path.join(dir, 'vault.key.next'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'vault.key')).equals(oldKey)).toBe(true);
  });

  it('survives a crash after the database committed but before the key file was replaced: the new key is promoted', async () => {
    const dir = tempDir();
    const db = await database(dir);
    const file = path.join(dir, 'vault.key');
    const real = keyFileSource(file);
    // The process dies at the last step: the staged key is never renamed into place.
    const crashing: VaultKeySource = { ...real, promote: () => Promise.reject(new Error('power cut')) };
    const problems: string[] = [];
    const vault = await Vault.open({ sqlite: db.sqlite, source: crashing, logError: (message) => problems.push(message) });
    addEntry(db, vault, 'Portal', '{"password":"one"}');
    const oldKey = fs.readFileSync(file);
    await vault.rotateKey(() => undefined);
    expect(problems).toEqual([expect.stringContaining('the next start finishes it')]);
    const staged = fs.readFileSync(`${file}.next`);
    expect(fs.readFileSync(file).equals(oldKey)).toBe(true);
    closeAll();

    const db2 = await database(dir);
    const reopened = await Vault.open({ sqlite: db2.sqlite, source: keyFileSource(file) });
    expect(entries(db2, reopened)).toEqual(['{"password":"one"}']);
    expect(fs.readFileSync(file).equals(staged)).toBe(true);
    expect(fs.existsSync(`${file}.next`)).toBe(false);
  });

  it('changes nothing when the database part fails: the staged key is dropped', async () => {
    const dir = tempDir();
    const db = await database(dir);
    const vault = await Vault.open({ sqlite: db.sqlite, source: headlessKeySource(dir, {}) });
    const id = addEntry(db, vault, 'Portal', '{"password":"one"}');
    const before = sealedOf(db, id);
    await expect(
      vault.rotateKey(() => {
        throw new Error('the audit row could not be written');
      }),
    ).rejects.toThrow('the audit row could not be written');
    expect(sealedOf(db, id)).toBe(before);
    expect(fs.existsSync(path.join(dir, 'vault.key.next'))).toBe(false);
    expect(entries(db, vault)).toEqual(['{"password":"one"}']);
  });
});
