import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { displayFileName } from '../../common/fileNames.js';
import { RpaError } from '../../common/errors.js';

/** A finished upload, ready to become a job's input file. */
export interface CompletedUpload {
  name: string;
  size: number;
  tempPath: string;
}

interface Upload {
  name: string;
  size: number;
  received: number;
  tempPath: string;
  /** When it last began or got a chunk, on the store's clock. */
  lastActive: number;
}

/** Limits on uploads not yet attached to a job; the defaults suit one operator's Run form. */
export interface UploadLimits {
  /** Milliseconds on a monotonic clock; tests pass their own. */
  now?: () => number;
  /** An unfinished upload with no chunk for this long is thrown away. */
  idleMs?: number;
  /** A finished upload no job took within this long is thrown away (the form was closed, the tab crashed). */
  unclaimedMs?: number;
  /** How many unfinished uploads may be open at once. */
  maxOpen?: number;
  /** How many bytes all uploads not yet attached to a job may announce together. */
  maxOpenBytes?: number;
}

const MINUTE = 60_000;
// A job takes at most 50 input files (jobs.create), and the form sends every file it is given at
// once: 50 open uploads is what one legitimate form can need, and bounds what a runaway client leaves.
const DEFAULT_MAX_OPEN = 50;
const DEFAULT_MAX_OPEN_BYTES = 2 * 1024 * 1024 * 1024;
// Remembered only to say "expired" rather than "not found"; bounded so it cannot grow either.
const MAX_EXPIRED_REMEMBERED = 200;

/** Largest chunk one command may carry, so a single message stays small on every transport. */
export const MAX_UPLOAD_CHUNK_BYTES = 512 * 1024;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * Input files on their way in from the operator, received in chunks into the data folder under
 * random names; only the display name comes from the operator, and it is defanged first. Uploads
 * left behind (a closed tab, a crashed browser) expire, and only so many may wait at once.
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>();
  private readonly expired = new Map<string, string>();
  private readonly now: () => number;
  private readonly idleMs: number;
  private readonly unclaimedMs: number;
  private readonly maxOpen: number;
  private readonly maxOpenBytes: number;

  constructor(
    private readonly dir: string,
    readonly maxBytes: number,
    limits: UploadLimits = {},
  ) {
    this.now = limits.now ?? (() => performance.now());
    this.idleMs = limits.idleMs ?? 15 * MINUTE;
    this.unclaimedMs = limits.unclaimedMs ?? 60 * MINUTE;
    this.maxOpen = limits.maxOpen ?? DEFAULT_MAX_OPEN;
    this.maxOpenBytes = Math.max(limits.maxOpenBytes ?? DEFAULT_MAX_OPEN_BYTES, maxBytes);
    // Uploads of an earlier run were never attached to a job: nothing refers to them.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Starts an upload after checking its size against the limits. */
  begin(name: string, size: number): { uploadId: string; maxBytes: number; chunkBytes: number } {
    this.expireIdle();
    const shown = displayFileName(name);
    if (size > this.maxBytes) {
      throw new RpaError('invalid_input', `"${shown}" is ${formatBytes(size)}; input files may be at most ${formatBytes(this.maxBytes)}`);
    }
    const waiting = [...this.uploads.values()];
    const open = waiting.filter((upload) => upload.received < upload.size).length;
    if (open >= this.maxOpen) {
      throw new RpaError('conflict', `Could not add "${shown}": ${this.maxOpen} files are already uploading. Wait for them to finish, then add it again.`);
    }
    const announced = waiting.reduce((sum, upload) => sum + upload.size, 0);
    if (announced + size > this.maxOpenBytes) {
      throw new RpaError(
        'conflict',
        `Could not add "${shown}" (${formatBytes(size)}): files waiting for a job may take ${formatBytes(this.maxOpenBytes)} together and ${formatBytes(announced)} are already waiting. Run or remove some first.`,
      );
    }
    const uploadId = randomUUID();
    const tempPath = path.join(this.dir, `${uploadId}.part`);
    fs.writeFileSync(tempPath, '');
    this.uploads.set(uploadId, { name: shown, size, received: 0, tempPath, lastActive: this.now() });
    return { uploadId, maxBytes: this.maxBytes, chunkBytes: MAX_UPLOAD_CHUNK_BYTES };
  }

  /** Appends one chunk of base64 data, which must start where the last one ended. */
  chunk(uploadId: string, offset: number, base64: string): { received: number; complete: boolean } {
    this.expireIdle();
    const upload = this.get(uploadId);
    if (offset !== upload.received) throw new RpaError('conflict', `Expected the chunk at byte ${upload.received}, got ${offset}`);
    // Buffer.from skips what is not base64, so junk would count as no bytes (or as wrong ones): refuse it instead.
    if (!isBase64(base64)) throw new RpaError('invalid_input', `The chunk of "${upload.name}" at byte ${offset} is not base64; nothing was added`);
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length > MAX_UPLOAD_CHUNK_BYTES) throw new RpaError('invalid_input', `A chunk may be at most ${MAX_UPLOAD_CHUNK_BYTES} bytes`);
    if (upload.received + bytes.length > upload.size) {
      this.discard(uploadId);
      throw new RpaError('invalid_input', `"${upload.name}" is larger than the ${upload.size} bytes announced`);
    }
    fs.appendFileSync(upload.tempPath, bytes);
    upload.received += bytes.length;
    upload.lastActive = this.now();
    return { received: upload.received, complete: upload.received === upload.size };
  }

  /** Hands over a complete upload; it is no longer tracked here. */
  take(uploadId: string): CompletedUpload {
    this.expireIdle();
    const upload = this.get(uploadId);
    if (upload.received !== upload.size) throw new RpaError('invalid_input', `"${upload.name}" is not fully uploaded yet`);
    this.uploads.delete(uploadId);
    return { name: upload.name, size: upload.size, tempPath: upload.tempPath };
  }

  /** Throws away an upload the operator removed from the form. */
  discard(uploadId: string): void {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    this.uploads.delete(uploadId);
    fs.rmSync(upload.tempPath, { force: true });
  }

  /**
   * Throws away uploads nobody is sending any more, and their .part files. Run on every call rather
   * than on a timer: the store needs no closing, and nothing can pile up between calls that add to it.
   */
  private expireIdle(): void {
    const now = this.now();
    for (const [uploadId, upload] of this.uploads) {
      const limit = upload.received < upload.size ? this.idleMs : this.unclaimedMs;
      if (now - upload.lastActive <= limit) continue;
      this.discard(uploadId);
      this.expired.set(
        uploadId,
        `The upload of "${upload.name}" expired after ${Math.round(limit / MINUTE)} minutes ${upload.received < upload.size ? 'without data' : 'without a job taking it'}; add the file again`,
      );
      if (this.expired.size > MAX_EXPIRED_REMEMBERED) this.expired.delete(this.expired.keys().next().value ?? '');
    }
  }

  private get(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new RpaError('not_found', this.expired.get(uploadId) ?? `Upload ${uploadId} not found (it may have expired)`);
    return upload;
  }
}

/** True for strict, padded base64 (what the renderer sends); Buffer.from alone would accept anything. */
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}
