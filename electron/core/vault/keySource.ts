import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { VaultStatus } from '../../common/vaultContract.js';

/** The vault's key cannot be had or is not safe to use; start-up stops with this message. */
export class VaultKeyError extends Error {
  override name = 'VaultKeyError';
}

/**
 * Where the vault's data key lives and how it is protected: a key file in the data folder
 * (headless), an environment variable, or a file only the OS keychain can decrypt (Electron's
 * safeStorage). Rotation stages a new key beside the current one and promotes it once the
 * database holds the values sealed with it, so a crash at any point leaves a key that opens them.
 */
export interface VaultKeySource {
  readonly protection: VaultStatus['protection'];
  /** Said to the admin (vault.status) when the protection is weaker than it should be; null when it is fine. */
  readonly warning: string | null;
  /** Where the key is, for messages: "the key file /data/vault.key". */
  readonly description: string;
  /** Why this source cannot take a new key (vault.rotateKey), or null when it can. */
  readonly rotationRefusal: string | null;
  /** The current key and a staged one left by a rotation cut short; null for either that is not there. */
  load(): Promise<{ current: Buffer | null; next: Buffer | null }>;
  /** Makes and keeps the first key of a new vault; never overwrites one. */
  create(key: Buffer): Promise<void>;
  /** Keeps `key` durably as the staged next key, beside the current one. */
  stage(key: Buffer): Promise<void>;
  /** Makes the staged key the current one, atomically. */
  promote(): Promise<void>;
  /** Forgets the staged key (the rotation did not commit). */
  discard(): Promise<void>;
}

/** How a file-backed source turns a key into the file's bytes and back (raw, or encrypted by the OS). */
export interface KeyCodec {
  encode(key: Buffer): Promise<Buffer>;
  /** The key in `bytes` read from `file`; throws VaultKeyError with what is wrong. */
  decode(bytes: Buffer, file: string): Promise<Buffer>;
  /** Checks the file before it is read (its permissions); throws VaultKeyError. */
  check?(file: string, stat: fs.Stats): void;
}

/**
 * The current key file and its staged successor (`<file>.next`), written the way a crash cannot
 * leave half of: a temporary file created with mode 0600, flushed, then renamed into place, and
 * the folder flushed after the rename.
 */
export class KeyFiles {
  readonly next: string;

  constructor(
    readonly file: string,
    private readonly codec: KeyCodec,
  ) {
    this.next = `${file}.next`;
  }

  async read(which: 'current' | 'next'): Promise<Buffer | null> {
    const file = which === 'current' ? this.file : this.next;
    let stat: fs.Stats;
    try {
      stat = await fsp.stat(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new VaultKeyError(`Could not read the vault key file ${file}: ${(err as Error).message}`);
    }
    if (!stat.isFile()) throw new VaultKeyError(`The vault key ${file} is not a file`);
    this.codec.check?.(file, stat);
    return this.codec.decode(await fsp.readFile(file), file);
  }

  /** Writes the first key; refuses if a key file appeared meanwhile (another start of the app). */
  async create(key: Buffer): Promise<void> {
    await this.writeAtomically(this.file, key, { replace: false });
  }

  async stage(key: Buffer): Promise<void> {
    await this.writeAtomically(this.next, key, { replace: true });
  }

  async promote(): Promise<void> {
    await fsp.rename(this.next, this.file);
    await syncFolder(path.dirname(this.file));
  }

  async discard(): Promise<void> {
    await fsp.rm(this.next, { force: true });
  }

  private async writeAtomically(target: string, key: Buffer, options: { replace: boolean }): Promise<void> {
    const bytes = await this.codec.encode(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.tmp`;
    // A temporary file left by a crash may have any mode: start over rather than reuse it.
    await fsp.rm(temp, { force: true });
    const handle = await fsp.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!options.replace && fs.existsSync(target)) {
      await fsp.rm(temp, { force: true });
      throw new VaultKeyError(`A vault key file appeared at ${target} while a new one was being made: is RPA Desk already running with this data folder?`);
    }
    await fsp.rename(temp, target);
    await syncFolder(path.dirname(target));
  }
}

/** Flushes a rename to disk (POSIX); Windows cannot open a folder for this and commits renames itself. */
async function syncFolder(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A key kept in files (`<file>`, staged as `<file>.next` while rotating), encoded by `files`' codec. */
export function filesKeySource(files: KeyFiles, about: Pick<VaultKeySource, 'protection' | 'warning' | 'description'>): VaultKeySource {
  return {
    ...about,
    rotationRefusal: null,
    async load() {
      return { current: await files.read('current'), next: await files.read('next') };
    },
    create: (key) => files.create(key),
    stage: (key) => files.stage(key),
    promote: () => files.promote(),
    discard: () => files.discard(),
  };
}
