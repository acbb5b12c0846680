import { lookup } from 'mime-types';
import { displayFileName } from '../../common/fileNames.js';

/**
 * A job file's MIME type from its shown name's extension (the mime-db table), for previews and
 * downloads. Decided in main, never taken from a worker: what a file is served as is main's call.
 */
export function mimeOf(name: string): string {
  return lookup(displayFileName(name)) || 'application/octet-stream';
}
