import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { JobFile } from '../../../electron/common/domain';
import type { FileAction } from '../../../electron/common/contract';
import { effectiveExtension, openAction } from '../../../electron/common/fileKinds';
import { call } from '../api/client';
import { downloadUrl, openUrl } from '../lib/browserFiles';
import { useAppInfo } from '../queries/appInfo';
import { showError, showInfo } from '../stores/toasts';

/** Why Open is not offered for this file, in the operator's language, or undefined when it is. */
function saveOnlyReason(t: TFunction, file: JobFile, electron: boolean): string | undefined {
  const action = openAction(file.name);
  if (action === 'save-only') {
    const extension = effectiveExtension(file.name);
    return extension === '' ? t('files.refusedNoExtension') : t('files.refusedKind', { extension });
  }
  // An archive is shown in its folder by Electron; a browser could only download it, which is Save.
  return action === 'show-in-folder' && !electron ? t('files.archiveInBrowser') : undefined;
}

/**
 * Open and Save for one job file, wherever a file is listed (files, evidence, approvals). Open is
 * offered only for documents (the rule in common/fileKinds); anything that could run a program
 * gets Save only, with the reason on hover.
 */
export function FileButtons({ file, className }: { file: JobFile; className: string }) {
  const { t } = useTranslation();
  const electron = useAppInfo()?.mode === 'electron';
  const action = openAction(file.name);
  const hint = saveOnlyReason(t, file, electron);
  return (
    <span className={className}>
      {action === 'open' && (
        <button type="button" className="button small" onClick={() => void openFile(t, file)}>
          {t('files.open')}
        </button>
      )}
      {action === 'show-in-folder' && electron && (
        <button type="button" className="button small" title={t('files.showInFolderHint')} onClick={() => void openFile(t, file)}>
          {t('files.showInFolder')}
        </button>
      )}
      <button type="button" className="button small" title={hint} onClick={() => void saveFile(t, file)}>
        {t('files.save')}
      </button>
      {hint && (
        <span className="muted small" title={hint} data-testid="file-save-only">
          {t('files.saveOnly')}
        </span>
      )}
    </span>
  );
}

/** Opens a job file: the shell opens it itself, or hands back a URL the browser opens. */
async function openFile(t: TFunction, file: JobFile): Promise<void> {
  try {
    const action = await call('files.open', { fileId: file.id });
    if (action.url) openUrl(action.url);
    reportSaved(t, action);
  } catch (err) {
    showError(err, t('files.openFailed', { name: file.name }));
  }
}

/** Saves a job file: the shell asks where, or hands back a URL the browser downloads. */
async function saveFile(t: TFunction, file: JobFile): Promise<void> {
  try {
    const action = await call('files.save', { fileId: file.id });
    if (action.url) downloadUrl(action.url, file.name);
    reportSaved(t, action);
  } catch (err) {
    showError(err, t('files.saveFailed', { name: file.name }));
  }
}

function reportSaved(t: TFunction, action: FileAction): void {
  if (action.savedTo) showInfo(t('files.savedTo', { path: action.savedTo }));
}
