import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatSize } from '../format/size';
import { formatPercent } from '../format/time';
import type { PendingUpload } from '../hooks/useUploads';

interface InputFilesProps {
  uploads: readonly PendingUpload[];
  onAdd: (files: File[]) => void;
  onRemove: (key: number) => void;
  disabled?: boolean;
}

/** A file picker and a drop zone for a job's input files, each with its upload progress. */
export function InputFiles({ uploads, onAdd, onRemove, disabled = false }: InputFilesProps) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  function drop(event: DragEvent<HTMLDivElement>): void {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onAdd(files);
  }

  return (
    <div className="input-files">
      <div
        className={dragging ? 'file-drop dragging' : 'file-drop'}
        data-testid="file-drop"
        aria-disabled={disabled}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
          if (!disabled) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <span>{t('inputFiles.drop')}</span>
        <button type="button" className="button small" disabled={disabled} onClick={() => inputRef.current?.click()}>
          {t('inputFiles.choose')}
        </button>
        <input
          ref={inputRef}
          type="file"
          multiple
          className="offscreen"
          data-testid="input-files"
          aria-label={t('inputFiles.label')}
          disabled={disabled}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            // Cleared so choosing the same file again after removing it fires a change.
            event.target.value = '';
            if (files.length > 0) onAdd(files);
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul className="upload-list">
          {uploads.map((upload) => (
            <li key={upload.key} className={`upload upload-${upload.status}`} data-testid="input-file" data-status={upload.status}>
              <span className="upload-name" title={upload.name}>
                {upload.name}
              </span>
              <span className="upload-size muted small">{formatSize(upload.size)}</span>
              {upload.status === 'failed' ? (
                <span className="upload-error" data-testid="upload-error" role="alert">
                  {upload.error}
                </span>
              ) : (
                <span className="upload-progress">
                  <progress max={Math.max(upload.size, 1)} value={upload.status === 'done' ? Math.max(upload.size, 1) : upload.sent} />
                  <span className="small muted">{upload.status === 'done' ? t('inputFiles.uploaded') : formatPercent(percent(upload))}</span>
                </span>
              )}
              <button
                type="button"
                className="button small"
                aria-label={t('inputFiles.removeName', { name: upload.name })}
                onClick={() => onRemove(upload.key)}
              >
                {t('inputFiles.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function percent(upload: PendingUpload): number {
  return upload.size === 0 ? 0 : Math.floor((upload.sent / upload.size) * 100);
}
