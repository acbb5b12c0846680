import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobFile } from '../../../electron/common/domain';
import { call } from '../api/client';
import { formatShortTime } from '../format/time';
import { useAppInfo } from '../queries/appInfo';
import { FileButtons } from './FileButtons';

/** Image evidence (screenshots a bot took) as thumbnails; a click shows it full size. */
export function JobEvidence({ files }: { files: readonly JobFile[] }) {
  const mode = useAppInfo()?.mode ?? null;
  const [zoomed, setZoomed] = useState<{ file: JobFile; url: string } | null>(null);
  return (
    <div className="evidence-grid" data-testid="job-evidence">
      {files.map((file) =>
        // In Electron `files.open` opens the file in the system viewer; only headless hands back a URL to show inline.
        mode === 'headless' ? (
          <EvidenceThumbnail key={file.id} file={file} onZoom={(url) => setZoomed({ file, url })} />
        ) : (
          <div key={file.id} className="evidence-item">
            <div className="evidence-name" title={file.name}>
              {file.name}
            </div>
            <FileButtons file={file} className="evidence-actions" />
          </div>
        ),
      )}
      {zoomed && <Lightbox file={zoomed.file} url={zoomed.url} onClose={() => setZoomed(null)} />}
    </div>
  );
}

// One URL per file for the life of the page; asking again would only mint the same one.
const urls = new Map<number, Promise<string | null>>();

function evidenceUrl(fileId: number): Promise<string | null> {
  let pending = urls.get(fileId);
  if (!pending) {
    pending = call('files.open', { fileId }).then(
      (action) => action.url ?? null,
      () => {
        urls.delete(fileId);
        return null;
      },
    );
    urls.set(fileId, pending);
  }
  return pending;
}

function EvidenceThumbnail({ file, onZoom }: { file: JobFile; onZoom: (url: string) => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    void evidenceUrl(file.id).then((found) => {
      if (!live) return;
      if (found) setUrl(found);
      else setFailed(true);
    });
    return () => {
      live = false;
    };
  }, [file.id]);

  return (
    <figure className="evidence-item">
      {url && !failed ? (
        <button type="button" className="evidence-thumb" onClick={() => onZoom(url)} title={t('evidence.zoom', { name: file.name })}>
          <img src={url} alt={file.name} data-testid="evidence-image" loading="lazy" onError={() => setFailed(true)} />
        </button>
      ) : (
        <div className="evidence-thumb placeholder">{failed ? t('evidence.unavailable') : t('common.loading')}</div>
      )}
      <figcaption>
        <span className="evidence-name" title={file.name}>
          {file.name}
        </span>
        <span className="muted small">{t('evidence.caption', { attempt: file.attempt, time: formatShortTime(file.createdAt) })}</span>
        <FileButtons file={file} className="evidence-actions" />
      </figcaption>
    </figure>
  );
}

function Lightbox({ file, url, onClose }: { file: JobFile; url: string; onClose: () => void }) {
  const { t } = useTranslation();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="lightbox" role="dialog" aria-modal="true" aria-label={file.name} data-testid="evidence-full" onClick={onClose}>
      <figure onClick={(event) => event.stopPropagation()}>
        <img src={url} alt={file.name} />
        <figcaption>
          <span>{file.name}</span>
          <button type="button" className="button small" onClick={onClose} autoFocus>
            {t('common.close')}
          </button>
        </figcaption>
      </figure>
    </div>
  );
}
