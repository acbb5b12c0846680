import fs from 'node:fs';
import path from 'node:path';
import { displayFileName, storedFileName } from '../common/fileNames.js';
import type { WorkerMessage } from '../common/workerProtocol.js';
import type { LogBuffer } from './logBuffer.js';

type FileKind = 'output' | 'evidence';

/** A file about to be written: the name shown to the operator and the path the app chose. */
export interface ReservedFile {
  kind: FileKind;
  name: string;
  storedName: string;
  path: string;
}

/**
 * Writes the job's files into its folder under names the app chooses (`output-<attempt>-0001.pdf`),
 * whatever name the bot or the website suggested, and tells the host about each one.
 */
export class JobFileWriter {
  private count = 0;
  private folderMade = false;

  constructor(
    private readonly outputDir: string,
    private readonly attempt: number,
    private readonly send: (message: WorkerMessage) => void,
    private readonly logs: LogBuffer,
  ) {}

  /** Chooses where a file named `name` goes; nothing is written yet. */
  reserve(kind: FileKind, name: string): ReservedFile {
    // The folder is made with the job's first file: most jobs write none, and the app does not make it for them.
    if (!this.folderMade) fs.mkdirSync(this.outputDir, { recursive: true });
    this.folderMade = true;
    this.count += 1;
    const shown = displayFileName(name);
    const storedName = storedFileName(`${kind}-${this.attempt}`, this.count, shown);
    return { kind, name: shown, storedName, path: path.join(this.outputDir, storedName) };
  }

  /** Reports a written file to the host; it then appears on the Job screen. */
  announce(file: ReservedFile): { name: string; path: string; size: number } {
    const size = fs.statSync(file.path).size;
    this.send({ type: 'file', kind: file.kind, name: file.name, storedName: file.storedName, size });
    this.logs.write(file.kind === 'evidence' ? 'WARNING' : 'INFO', `Saved ${file.kind === 'evidence' ? 'evidence' : 'file'} ${file.name} (${size} bytes)`);
    return { name: file.name, path: file.path, size };
  }

  /** Writes bytes and reports the file. */
  async write(kind: FileKind, name: string, data: Uint8Array | string): Promise<{ name: string; path: string; size: number }> {
    const file = this.reserve(kind, name);
    await fs.promises.writeFile(file.path, data);
    return this.announce(file);
  }
}
