import type { JobFile } from '../../../electron/common/domain';
import type { FileAction } from '../../../electron/common/contract';
import { call } from '../api/client';
import { downloadUrl, openUrl } from '../lib/browserFiles';
import { showError, showInfo } from '../stores/toasts';

/** Open and Save for one job file, wherever a file is listed (files, evidence, approvals). */
export function FileButtons({ file, className }: { file: JobFile; className: string }) {
  return (
    <span className={className}>
      <button type="button" className="button small" onClick={() => void openFile(file)}>
        Open
      </button>
      <button type="button" className="button small" onClick={() => void saveFile(file)}>
        Save
      </button>
    </span>
  );
}

/** Opens a job file: the shell opens it itself, or hands back a URL the browser opens. */
async function openFile(file: JobFile): Promise<void> {
  try {
    const action = await call('files.open', { fileId: file.id });
    if (action.url) openUrl(action.url);
    reportSaved(action);
  } catch (err) {
    showError(err, `Could not open ${file.name}`);
  }
}

/** Saves a job file: the shell asks where, or hands back a URL the browser downloads. */
async function saveFile(file: JobFile): Promise<void> {
  try {
    const action = await call('files.save', { fileId: file.id });
    if (action.url) downloadUrl(action.url, file.name);
    reportSaved(action);
  } catch (err) {
    showError(err, `Could not save ${file.name}`);
  }
}

function reportSaved(action: FileAction): void {
  if (action.savedTo) showInfo(`Saved to ${action.savedTo}`);
}
