import { createHash } from 'node:crypto';
import { currentMonth, isMonth } from './carrierInvoices.js';

/** One invoice filed with the demo tax system, as `GET /tax-system/api/filings` returns it. */
export interface TaxFiling {
  /** `NTP-YYYY-NNNNNN`, numbered in filing order from 1 for each server. */
  receipt: string;
  invoiceNumber: string;
  client: string;
  /** `YYYY-MM`. */
  month: string;
  /** ISO 8601 instant. */
  filedAt: string;
  /** As the browser sent it; display only. */
  fileName: string;
  fileSize: number;
  /** SHA-256 of the PDF, hex, so a test can check exactly which file was filed. */
  sha256: string;
}

/** What an upload asks to file. */
export interface FilingRequest {
  client: string;
  month: string;
  invoiceNumber: string;
  fileName: string;
  pdf: Buffer;
}

/** Taxpayers the demo tax system knows: the carrier portal's clients and two more. */
export const TAX_CLIENTS: readonly string[] = ['Acme Logistics', 'Borealis Foods', 'Cobalt Retail', 'Delta Hardware', 'Evergreen Pharmacy'];

const INVOICE_NUMBER = /^INV-[0-9A-Z-]{1,40}$/;

/** The filings of one server's life: in memory, so every `startDemoSites()` starts empty. */
export interface FilingRegistry {
  /** Every filing, newest first. */
  list(): TaxFiling[];
  /** The filing with this receipt number. */
  byReceipt(receipt: string): TaxFiling | undefined;
  /** Files an invoice, or answers why not (`status` 400 for a bad form, 409 for a duplicate). */
  file(request: FilingRequest, now?: Date): { filing: TaxFiling } | { status: 400 | 409; error: string };
}

/** Makes an empty registry. */
export function createFilingRegistry(): FilingRegistry {
  const filings: TaxFiling[] = [];
  return {
    list: () => [...filings].reverse(),
    byReceipt: (receipt) => filings.find((filing) => filing.receipt === receipt),
    file(request, now = new Date()) {
      const problem = checkFiling(request, now);
      if (problem) return { status: 400, error: problem };
      const invoiceNumber = request.invoiceNumber.trim().toUpperCase();
      const earlier = filings.find((filing) => filing.invoiceNumber === invoiceNumber);
      if (earlier) {
        return { status: 409, error: `${invoiceNumber} was already filed on ${formatFiledAt(earlier.filedAt)} (receipt ${earlier.receipt})` };
      }
      const filing: TaxFiling = {
        receipt: `NTP-${now.getFullYear()}-${String(filings.length + 1).padStart(6, '0')}`,
        invoiceNumber,
        client: request.client,
        month: request.month,
        filedAt: now.toISOString(),
        fileName: request.fileName,
        fileSize: request.pdf.length,
        sha256: createHash('sha256').update(request.pdf).digest('hex'),
      };
      filings.push(filing);
      return { filing };
    },
  };
}

/** The first problem with an upload, in the order the form asks for things, or undefined. */
function checkFiling(request: FilingRequest, now: Date): string | undefined {
  if (!TAX_CLIENTS.includes(request.client)) return 'Choose the client from the list';
  if (!isMonth(request.month)) return 'Give the month as YYYY-MM, e.g. 2026-10';
  if (request.month > currentMonth(now)) return `${request.month} is in the future; only past and current months can be filed`;
  if (!INVOICE_NUMBER.test(request.invoiceNumber.trim().toUpperCase())) return 'Give the invoice number as printed, e.g. INV-2026-10-001';
  if (request.pdf.length === 0) return 'Choose the invoice PDF to upload';
  // The signature, not the name or the browser's content type, says whether it is a PDF.
  if (request.pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return 'The file is not a PDF (it does not start with %PDF-)';
  return undefined;
}

/** How the tax system shows a filing time: `2026-03-14 09:05`, in the server's local time. */
export function formatFiledAt(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A file size as people read it: `812 B`, `14.2 KB`, `3.1 MB`. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
