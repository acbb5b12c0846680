import type { CarrierInvoice } from './carrierInvoices.js';
import { formatEuro } from './carrierInvoices.js';

// A4 in points; text starts one inch from the top-left corner.
const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;
const MARGIN = 56;
const TITLE_SIZE = 18;
const BODY_SIZE = 11;
const LEADING = 16;
const MAX_LINE_CHARS = 95;
// Lines that fit between the title and the bottom margin keep the document to one page.
const MAX_LINES = Math.floor((PAGE_HEIGHT - 2 * MARGIN - 2 * LEADING - TITLE_SIZE) / LEADING);

/** Renders a one-page PDF 1.4 with a bold title and plain text lines in Helvetica. */
export function renderTextPdf(title: string, lines: string[]): Buffer {
  const shown = lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES - 1), `... and ${lines.length - MAX_LINES + 1} more lines`] : lines;
  const titleTop = PAGE_HEIGHT - MARGIN - TITLE_SIZE;
  const content = [
    'BT',
    `/F2 ${TITLE_SIZE} Tf`,
    `${MARGIN} ${titleTop} Td`,
    `(${pdfText(title)}) Tj`,
    'ET',
    'BT',
    `/F1 ${BODY_SIZE} Tf`,
    `${LEADING} TL`,
    `${MARGIN} ${titleTop - 2 * LEADING} Td`,
    ...shown.map((line, index) => `${index === 0 ? '' : 'T* '}(${pdfText(line)}) Tj`),
    'ET',
  ].join('\n');

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] ` + '/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    // Content is ASCII only, so its length in characters is its length in bytes.
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Title (${pdfText(title)}) /Producer (RPA Desk demo sites) >>`,
  ];

  // The binary comment tells transfer tools the file is not text; latin1 keeps it at 4 bytes.
  let pdf = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(pdf, 'latin1');
  // Each xref entry must be exactly 20 bytes, hence the space before the newline.
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\n`;
  pdf += `startxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** Renders the PDF the carrier portal serves for one invoice. */
export function renderInvoicePdf(invoice: CarrierInvoice): Buffer {
  const period = monthName(invoice.month);
  const amount = formatEuro(invoice.amountCents);
  return renderTextPdf(`Invoice ${invoice.number}`, [
    'Meridian Freight Lines - Carrier Portal (demo)',
    '',
    `Invoice number: ${invoice.number}`,
    `Client: ${invoice.client}`,
    `Billing period: ${period}`,
    `Issue date: ${invoice.issueDate}`,
    `Due date: ${invoice.dueDate}`,
    '',
    `Freight services, ${period}: ${amount}`,
    `Total due: ${amount}`,
    '',
    'This is a demo document made by RPA Desk for its sample bots. It is not a real invoice.',
  ]);
}

/** Makes a string safe inside a PDF literal string drawn with a standard (ASCII) font. */
function pdfText(value: string): string {
  const ascii = value
    .replace(/€/g, 'EUR')
    .replace(/[\u2018\u2019\u201a]/g, "'")
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2026/g, '...')
    .replace(/\s/g, ' ')
    // Decomposing drops accents (é -> e) so names stay readable instead of turning into '?'.
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
  const clipped = ascii.length > MAX_LINE_CHARS ? `${ascii.slice(0, MAX_LINE_CHARS - 3)}...` : ascii;
  return clipped.replace(/[\\()]/g, (char) => `\\${char}`);
}

function monthName(month: string): string {
  const [year, monthNumber] = month.split('-');
  return `${MONTH_NAMES[Number(monthNumber) - 1] ?? monthNumber} ${year}`;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
