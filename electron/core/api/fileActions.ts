import path from 'node:path';
import type { FileAction } from '../../common/contract.js';
import { RpaError } from '../../common/errors.js';
import { openRefusal, strictestOpenAction } from '../../common/fileKinds.js';
import { jobFilePath, type JobFileLocation } from '../files/jobFiles.js';

/** A stored job file as the shell needs it to open or save it; `path` is its checked real path. */
export interface StoredFile {
  id: number;
  name: string;
  mime: string;
  path: string;
}

/** What opening or saving a file means in each shell: the system viewer in Electron, a URL in headless mode. */
export interface FileActions {
  open(file: StoredFile): Promise<FileAction>;
  save(file: StoredFile): Promise<FileAction>;
}

/**
 * A job file record made ready for the shell: its path is the guarded real path (a regular file
 * inside its job's folder, symlinks followed), or it is not found.
 */
export async function storedJobFile(
  jobsDir: string,
  record: (JobFileLocation & { id: number; name: string; mime: string }) | null,
  fileId: number,
): Promise<StoredFile> {
  const real = record ? await jobFilePath(jobsDir, record) : undefined;
  if (!record || !real) throw new RpaError('not_found', `File ${fileId} not found`);
  return { id: record.id, name: record.name, mime: record.mime, path: real };
}

/**
 * What Open may do with a stored file in any shell: judged on its shown name and on the name it has
 * on disk, which is what the system acts on. Throws the operator's explanation when Open is refused.
 */
export function openableAction(file: StoredFile): 'open' | 'show-in-folder' {
  const action = strictestOpenAction(file.name, path.basename(file.path));
  if (action === 'save-only') {
    throw new RpaError(
      'forbidden',
      `Did not open "${file.name}": ${openRefusal(file.name) ?? openRefusal(path.basename(file.path)) ?? 'RPA Desk opens only documents. Save it instead.'}`,
    );
  }
  return action;
}
