import type { FileAction } from '../../common/contract.js';

/** A stored job file as the shell needs it to open or save it. */
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
