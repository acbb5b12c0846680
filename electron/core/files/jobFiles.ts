import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

// Every route that reads a job file from disk (the headless /files/<id>, Electron's Open and Save)
// goes through jobFilePath: the database names the file, but what is on disk is checked each time,
// because a job folder is writable by the bots' processes and by anything else on the machine.

/** The folder of one job's files: `<jobsDir>/<id>`, the one place that layout is written down. */
export function jobDir(jobsDir: string, jobId: number): string {
  return path.join(jobsDir, String(jobId));
}

/** The part of a stored file record that says where it lies. */
export interface JobFileLocation {
  jobId: number;
  storedName: string;
}

/** The real path of a file if it is a regular file that really lies under `rootDir` (symlinks followed), else undefined. */
export async function realFileInside(rootDir: string, file: string): Promise<string | undefined> {
  try {
    // A symlink inside the folder must not lead outside it either.
    const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(file)]);
    if (!realFile.startsWith(realRoot + path.sep) || !(await stat(realFile)).isFile()) return undefined;
    return realFile;
  } catch {
    return undefined;
  }
}

/**
 * The real path of a job's stored file if it is a regular file directly inside that job's own
 * folder under `jobsDir` once every symlink is followed, else undefined.
 */
export async function jobFilePath(jobsDir: string, file: JobFileLocation): Promise<string | undefined> {
  const name = file.storedName;
  // Stored names are chosen by the app and flat; anything else in the database is not ours.
  if (!Number.isSafeInteger(file.jobId) || file.jobId <= 0 || name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) return undefined;
  try {
    const ownDir = jobDir(await realpath(jobsDir), file.jobId);
    const real = await realFileInside(jobsDir, path.join(jobDir(jobsDir, file.jobId), name));
    // Checked against jobs/<id>/ as it would be with no links: a job folder that is itself a
    // symlink, or a link to another job's file, does not count as this job's file.
    return real && path.dirname(real) === ownDir ? real : undefined;
  } catch {
    return undefined;
  }
}
