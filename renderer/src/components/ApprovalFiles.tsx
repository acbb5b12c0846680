import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobFile } from '../../../electron/common/domain';
import { fileUrl } from '../api/fileBytes';
import { formatSize } from '../format/size';
import { useAppInfo } from '../queries/appInfo';
import { errorMessage } from '../stores/toasts';
import { FileButtons } from './FileButtons';
import { PdfPreview } from './PdfPreview';

/**
 * The files an approval shows, previewed in place in headless mode (PDFs drawn by pdf.js, images
 * as images, anything else by name with Open and Save). In Electron `files.open` opens the system
 * viewer rather than handing back an address, so there each file gets an Open button only.
 */
export function ApprovalFiles({ files }: { files: readonly JobFile[] }) {
  const { t } = useTranslation();
  const mode = useAppInfo()?.mode ?? null;
  if (files.length === 0) return null;
  return (
    <section className="panel" data-testid="approval-preview">
      <h2>{t('approval.files', { count: files.length })}</h2>
      {mode === null ? (
        <p className="muted small">{t('common.loading')}</p>
      ) : mode === 'electron' ? (
        <ul className="approval-file-list">
          {files.map((file) => (
            <li key={file.id} data-testid="approval-file">
              <span className="file-name">{file.name}</span>
              <span className="muted small">{formatSize(file.size)}</span>
              <FileButtons file={file} className="file-preview-actions" />
            </li>
          ))}
        </ul>
      ) : (
        <div className="approval-previews">
          {files.map((file) => (
            <FilePreview key={file.id} file={file} />
          ))}
        </div>
      )}
    </section>
  );
}

function FilePreview({ file }: { file: JobFile }) {
  const { t } = useTranslation();
  const previewable = isPdf(file) || file.mime.startsWith('image/');
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!previewable) return;
    let gone = false;
    fileUrl(file.id).then(
      (address) => {
        if (gone) return;
        if (address) setUrl(address);
        else setError(t('approval.noPreviewAddress'));
      },
      (err: unknown) => !gone && setError(errorMessage(err)),
    );
    return () => {
      gone = true;
    };
  }, [file.id, previewable]);

  return (
    <article className="file-preview" data-testid="approval-file">
      <header className="file-preview-header">
        <span className="file-name" title={file.name}>
          {file.name}
        </span>
        <span className="muted small">{formatSize(file.size)}</span>
        <FileButtons file={file} className="file-preview-actions" />
      </header>
      {!previewable ? null : error ? (
        <p className="field-error">{t('approval.previewFailed', { name: file.name, error })}</p>
      ) : !url ? (
        <p className="muted small">{t('common.loadingName', { name: file.name })}</p>
      ) : isPdf(file) ? (
        <PdfPreview file={file} url={url} />
      ) : (
        <img className="image-preview" src={url} alt={file.name} data-testid="image-preview" />
      )}
    </article>
  );
}

function isPdf(file: JobFile): boolean {
  return file.mime === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf');
}
