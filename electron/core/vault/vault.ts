import { hkdfSync, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { VaultStatus } from '../../common/vaultContract.js';
import { RpaError } from '../../common/errors.js';
import { AesGcmCipher, KEY_BYTES, VaultOpenError, type Cipher } from './cipher.js';
import { VaultKeyError, type VaultKeySource } from './keySource.js';

const ROOT = 'root';
const ROOT_AAD = 'rpa-desk vault root';
const DERIVE_SALT = Buffer.from('rpa-desk vault derived key', 'utf8');

/** What a credential's sealed values are bound to: a blob moved onto another row (or renamed by hand) does not open. */
export function entryAad(id: number, name: string): string {
  return JSON.stringify(['credential', id, name]);
}

/** What the vault needs from the core to open. */
export interface VaultOptions {
  sqlite: Database.Database;
  source: VaultKeySource;
  logError?: (message: string, err: unknown) => void;
}

/**
 * The vault's keys. The data key (from a VaultKeySource) seals every credential; a random root
 * secret, sealed with the data key in vault_meta, proves at start-up that the key is the right one
 * and is what `deriveKey` derives other parts' keys from. Rotation re-seals the entries and the
 * root with a new data key, so the root, and every key derived from it (the audit trail's MAC
 * key), stays the same: old audit rows still verify after a rotation.
 */
export class Vault {
  private rotating = false;

  private constructor(
    private readonly sqlite: Database.Database,
    private readonly source: VaultKeySource,
    private cipher: Cipher,
    private readonly root: Buffer,
    private readonly logError: (message: string, err: unknown) => void,
  ) {}

  /**
   * Opens the vault with the source's key, making key and root on first start. A rotation cut
   * short is settled here: if the current key opens the root, the staged one is dropped (the
   * database never committed it); if only the staged key does, it is promoted.
   */
  static async open(options: VaultOptions): Promise<Vault> {
    const { sqlite, source } = options;
    const logError = options.logError ?? ((message, err) => console.error(message, err));
    const sealedRoot = sqlite.prepare('SELECT value FROM vault_meta WHERE name = ?').pluck().get(ROOT) as string | undefined;
    const { current, next } = await source.load();

    if (sealedRoot === undefined) {
      const entries = sqlite.prepare('SELECT count(*) FROM credentials').pluck().get() as number;
      if (entries > 0) {
        throw new VaultKeyError(
          `The vault holds ${entries} entries but no key check: the database was changed outside RPA Desk, and the entries cannot be trusted`,
        );
      }
      let key = current;
      if (!key) {
        key = randomBytes(KEY_BYTES);
        await source.create(key);
      }
      if (next) await source.discard();
      const cipher = new AesGcmCipher(key);
      const root = randomBytes(KEY_BYTES);
      sqlite.prepare('INSERT INTO vault_meta (name, value) VALUES (?, ?)').run(ROOT, cipher.seal(root.toString('base64'), ROOT_AAD));
      return new Vault(sqlite, source, cipher, root, logError);
    }

    if (!current && !next) {
      throw new VaultKeyError(
        `The credentials in this database were sealed with a key that is not here: ${source.description} is missing. ` +
          'Restore it from a backup of this data folder (or start RPA Desk the way it was started when the credentials were saved); without it they cannot be opened.',
      );
    }
    for (const [which, key] of [
      ['current', current],
      ['next', next],
    ] as const) {
      if (!key) continue;
      const cipher = new AesGcmCipher(key);
      let root: Buffer;
      try {
        root = Buffer.from(cipher.open(sealedRoot, ROOT_AAD), 'base64');
      } catch (err) {
        if (err instanceof VaultOpenError) continue;
        throw err;
      }
      if (which === 'current' && next) await source.discard();
      if (which === 'next') await source.promote();
      return new Vault(sqlite, source, cipher, root, logError);
    }
    throw new VaultKeyError(
      `${capitalize(source.description)} does not open the credentials in this database: it is another vault's key. ` +
        'Restore the key that belongs to this data folder from a backup.',
    );
  }

  /**
   * A 32-byte key for another part of the app (`'audit-mac'` for the audit trail's HMAC), derived
   * with HKDF-SHA256 from the root secret: the same on every start and across key rotations.
   */
  deriveKey(purpose: string): Buffer {
    if (purpose.trim() === '') throw new Error('deriveKey needs a purpose, e.g. "audit-mac"');
    return Buffer.from(hkdfSync('sha256', this.root, DERIVE_SALT, Buffer.from(purpose, 'utf8'), KEY_BYTES));
  }

  /** How the key is kept, for vault.status. */
  protection(): Pick<VaultStatus, 'protection' | 'warning'> {
    return { protection: this.source.protection, warning: this.source.warning };
  }

  /** Seals a credential's values (JSON) for its row. */
  sealEntry(id: number, name: string, plaintext: string): string {
    return this.cipher.seal(plaintext, entryAad(id, name));
  }

  /** Opens a credential's values; throws VaultOpenError when the blob is not this row's. */
  openEntry(id: number, name: string, sealed: string): string {
    return this.cipher.open(sealed, entryAad(id, name));
  }

  /**
   * Makes a new data key and re-seals every entry and the root with it in one transaction
   * (`record` adds the audit row to it). The new key is staged before, and promoted after, the
   * commit: a crash before the commit leaves the old key in force, one after it the staged key,
   * which the next start promotes. Returns how many entries were re-sealed.
   */
  async rotateKey(record: (reencrypted: number) => void): Promise<number> {
    if (this.source.rotationRefusal) throw new RpaError('conflict', this.source.rotationRefusal);
    if (this.rotating) throw new RpaError('conflict', 'A key rotation is already under way');
    this.rotating = true;
    try {
      const key = randomBytes(KEY_BYTES);
      const next = new AesGcmCipher(key);
      await this.source.stage(key);
      let count: number;
      try {
        // Read inside the transaction: an entry saved while the key was being staged is re-sealed too.
        count = this.sqlite.transaction(() => {
          const rows = this.sqlite.prepare('SELECT id, name, sealed FROM credentials').all() as { id: number; name: string; sealed: string }[];
          const update = this.sqlite.prepare('UPDATE credentials SET sealed = ? WHERE id = ?');
          for (const row of rows) {
            const aad = entryAad(row.id, row.name);
            update.run(next.seal(this.cipher.open(row.sealed, aad), aad), row.id);
          }
          this.sqlite.prepare('UPDATE vault_meta SET value = ? WHERE name = ?').run(next.seal(this.root.toString('base64'), ROOT_AAD), ROOT);
          record(rows.length);
          return rows.length;
        })();
      } catch (err) {
        await this.source.discard().catch(() => undefined);
        throw err;
      }
      this.cipher = next;
      try {
        await this.source.promote();
      } catch (err) {
        // The values are sealed with the new key, which is staged: the next start promotes it.
        this.logError(`The new vault key is saved but could not replace ${this.source.description}; the next start finishes it`, err);
      }
      return count;
    } finally {
      this.rotating = false;
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
