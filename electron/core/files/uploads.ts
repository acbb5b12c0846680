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
}

/** Largest chunk one command may carry, so a single message stays small on every transport. */
export const MAX_UPLOAD_CHUNK_BYTES = 512 * 1024;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * Input files on their way in from the operator, received in chunks into the data folder under
 * random names; only the display name comes from the operator, and it is defanged first.
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly dir: string,
    readonly maxBytes: number,
  ) {
    // Uploads of an earlier run were never attached to a job: nothing refers to them.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Starts an upload after checking its size against the limit. */
  begin(name: string, size: number): { uploadId: string; maxBytes: number; chunkBytes: number } {
    const shown = displayFileName(name);
    if (size > this.maxBytes) {
      throw new RpaError('invalid_input', `"${shown}" is ${formatBytes(size)}; input files may be at most ${formatBytes(this.maxBytes)}`);
    }
    const uploadId = randomUUID();
    const tempPath = path.join(this.dir, `${uploadId}.part`);
    fs.writeFileSync(tempPath, '');
    this.uploads.set(uploadId, { name: shown, size, received: 0, tempPath });
    return { uploadId, maxBytes: this.maxBytes, chunkBytes: MAX_UPLOAD_CHUNK_BYTES };
  }

  /** Appends one chunk, which must start where the last one ended. */
  chunk(uploadId: string, offset: number, base64: string): { received: number; complete: boolean } {
    const upload = this.get(uploadId);
    if (offset !== upload.received) throw new RpaError('conflict', `Expected the chunk at byte ${upload.received}, got ${offset}`);
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length > MAX_UPLOAD_CHUNK_BYTES) throw new RpaError('invalid_input', `A chunk may be at most ${MAX_UPLOAD_CHUNK_BYTES} bytes`);
    if (upload.received + bytes.length > upload.size) {
      this.discard(uploadId);
      throw new RpaError('invalid_input', `"${upload.name}" is larger than the ${upload.size} bytes announced`);
    }
    fs.appendFileSync(upload.tempPath, bytes);
    upload.received += bytes.length;
    return { received: upload.received, complete: upload.received === upload.size };
  }

  /** Hands over a complete upload; it is no longer tracked here. */
  take(uploadId: string): CompletedUpload {
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

  private get(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new RpaError('not_found', `Upload ${uploadId} not found (it may have expired)`);
    return upload;
  }
}
