import type { JobFile } from '../../../electron/common/domain';
import { RpaError } from '../../../electron/common/errors';
import { call } from './client';
import { i18n } from '../i18n';

/**
 * The address the headless server serves a job file at (`/files/<id>?token=…`, same origin), or
 * null in Electron, where `files.open` opens the system viewer instead of handing back a URL.
 * Only call this in headless mode: in Electron it opens the file.
 */
export async function fileUrl(fileId: number): Promise<string | null> {
  const action = await call('files.open', { fileId });
  return action.url ?? null;
}

/** The bytes of a job file, for previews that draw it themselves (pdf.js). */
export async function fetchFileBytes(file: JobFile, url: string): Promise<ArrayBuffer> {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new RpaError('unavailable', i18n.t('errors.fileRead', { name: file.name, status: response.status }));
  return response.arrayBuffer();
}
