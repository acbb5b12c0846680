import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { JobFile } from '../../../electron/common/domain';
import { fetchFileBytes } from '../api/fileBytes';
import { openPdf, renderPdfPage } from '../lib/pdf';
import { errorMessage } from '../stores/toasts';

/** Widest a page is drawn, in CSS pixels; narrower panels draw it narrower. */
const MAX_PAGE_WIDTH = 760;

/** A PDF drawn page by page on canvases with pdf.js, from the headless file URL. */
export function PdfPreview({ file, url }: { file: JobFile; url: string }) {
  const { t } = useTranslation();
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  // Keyed by id and address: a refetched approval hands over equal file objects that must not reload.
  const { id: fileId } = file;
  useEffect(() => {
    let gone = false;
    let opened: PDFDocumentProxy | null = null;
    setPdf(null);
    setError(null);
    fetchFileBytes(file, url)
      .then(openPdf)
      .then((doc) => {
        opened = doc;
        if (gone) void doc.destroy();
        else setPdf(doc);
      })
      .catch((err: unknown) => {
        if (!gone) setError(errorMessage(err));
      });
    return () => {
      gone = true;
      if (opened) void opened.destroy();
    };
  }, [fileId, url]);

  const width = Math.min(MAX_PAGE_WIDTH, (box.current?.clientWidth ?? MAX_PAGE_WIDTH) - 2);
  return (
    <div className="pdf-preview" data-testid="pdf-preview" data-pages={pdf?.numPages ?? 0} ref={box}>
      {error ? (
        <p className="field-error">{t('pdf.failed', { name: file.name, error })}</p>
      ) : !pdf ? (
        <p className="muted small">{t('common.loadingName', { name: file.name })}</p>
      ) : (
        Array.from({ length: pdf.numPages }, (_, index) => <PdfPage key={index} pdf={pdf} pageNumber={index + 1} width={width} />)
      )}
    </div>
  );
}

function PdfPage({ pdf, pageNumber, width }: { pdf: PDFDocumentProxy; pageNumber: number; width: number }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'drawing' | 'drawn' | 'failed'>('drawing');
  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    let gone = false;
    renderPdfPage(pdf, pageNumber, target, width).then(
      () => !gone && setState('drawn'),
      () => !gone && setState('failed'),
    );
    return () => {
      gone = true;
    };
  }, [pdf, pageNumber, width]);
  return (
    <figure className="pdf-page">
      <canvas ref={canvas} data-testid="pdf-page" data-state={state} aria-label={t('pdf.page', { page: pageNumber, count: pdf.numPages })} />
      <figcaption className="muted small">
        {t('pdf.page', { page: pageNumber, count: pdf.numPages })}
        {state === 'failed' && ` — ${t('pdf.notDrawn')}`}
      </figcaption>
    </figure>
  );
}
