import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
// `?worker&url` rather than `?url`: Vite emits the worker as a `.js` file, which the app's static
// server sends as JavaScript (it sends `.mjs` as octet-stream, which a module worker refuses).
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?worker&url';

type PdfJs = typeof PdfJsModule;

let loading: Promise<PdfJs> | null = null;

/** pdf.js, loaded on first use so screens without PDFs do not pay for it; its worker is our own file. */
function loadPdfJs(): Promise<PdfJs> {
  loading ??= import('pdfjs-dist').then((pdfjs) => {
    // Same origin, so the CSP's script-src 'self' (which worker-src falls back to) allows it.
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
    return pdfjs;
  });
  return loading;
}

/** Opens a PDF from its bytes; the caller destroys the document when done. */
export async function openPdf(bytes: ArrayBuffer): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfJs();
  // The CSP has no 'unsafe-eval': pdf.js must not compile fonts or functions with eval.
  return pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
}

/** Draws page `pageNumber` (1-based) of `pdf` into `canvas`, `cssWidth` pixels wide on screen. */
export async function renderPdfPage(pdf: PDFDocumentProxy, pageNumber: number, canvas: HTMLCanvasElement, cssWidth: number): Promise<void> {
  const page = await pdf.getPage(pageNumber);
  try {
    const base = page.getViewport({ scale: 1 });
    const scale = cssWidth / base.width;
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: scale * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
    await page.render({ canvas, viewport }).promise;
  } finally {
    page.cleanup();
  }
}
