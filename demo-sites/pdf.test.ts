import { describe, expect, it } from 'vitest';
import { invoicesForMonth } from './carrierInvoices.js';
import { renderInvoicePdf, renderTextPdf } from './pdf.js';

// latin1 maps each byte to one character, so string indexes are byte offsets.
function text(pdf: Buffer): string {
  return pdf.toString('latin1');
}

function structureOf(pdf: Buffer): { offsets: number[]; size: number; startxref: number; xrefAt: number } {
  const source = text(pdf);
  const xrefAt = source.lastIndexOf('\nxref\n') + 1;
  const table = /^xref\n0 (\d+)\n((?:\d{10} \d{5} [fn] \n)+)trailer\n<<(.*)>>\nstartxref\n(\d+)\n%%EOF\n$/s.exec(source.slice(xrefAt));
  if (!table) throw new Error('No well-formed xref table, trailer and startxref at the end of the file');
  const [, count, entries = '', trailer = '', startxref] = table;
  const size = Number(/\/Size (\d+)/.exec(trailer)?.[1]);
  expect(Number(count)).toBe(size);
  const rows = entries.match(/.{20}/gs) ?? [];
  expect(rows).toHaveLength(size);
  expect(rows[0]).toBe('0000000000 65535 f \n');
  return { offsets: rows.slice(1).map((row) => Number(row.slice(0, 10))), size, startxref: Number(startxref), xrefAt };
}

describe('renderTextPdf', () => {
  it('writes a PDF 1.4 whose xref offsets each point at their object', () => {
    const pdf = renderTextPdf('Report', ['First line', 'Second line']);
    const source = text(pdf);
    expect(source.startsWith('%PDF-1.4\n')).toBe(true);
    const { offsets, startxref, xrefAt } = structureOf(pdf);
    expect(startxref).toBe(xrefAt);
    offsets.forEach((offset, index) => {
      expect(source.startsWith(`${index + 1} 0 obj\n`, offset)).toBe(true);
    });
    expect(source).toMatch(/\/Root 1 0 R/);
    expect(source).toMatch(/1 0 obj\n<< \/Type \/Catalog/);
    expect(source).toMatch(/\/BaseFont \/Helvetica /);
    expect(source).toContain('(First line) Tj');
    expect(source).toContain('T* (Second line) Tj');
  });

  it('gives the content stream its exact length in bytes', () => {
    const source = text(renderTextPdf('Title', ['a', 'bb', 'ccc']));
    const stream = /<< \/Length (\d+) >>\nstream\n(.*?)\nendstream/s.exec(source);
    expect(stream).not.toBeNull();
    expect(stream?.[2]?.length).toBe(Number(stream?.[1]));
  });

  it('escapes parentheses and backslashes and writes only ASCII text', () => {
    const source = text(renderTextPdf('Café (draft)', ['Total € 1,234.50 \\ paid (in full) – “ok”…', 'Ωmega']));
    expect(source).toContain('(Cafe \\(draft\\)) Tj');
    expect(source).toContain('(Total EUR 1,234.50 \\\\ paid \\(in full\\) - "ok"...) Tj');
    expect(source).toContain('T* (?mega) Tj');
    // Only the binary marker comment on line 2 may hold bytes above 0x7e.
    const afterHeader = source.slice(source.indexOf('\n', 9) + 1);
    expect(afterHeader).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it('keeps a long text to one page', () => {
    const lines = Array.from({ length: 200 }, (_, index) => `Line ${index + 1}`);
    const source = text(renderTextPdf('Long', lines));
    expect(source).toContain('/Count 1');
    expect(source).not.toContain('(Line 200) Tj');
    expect(source).toMatch(/\(\.\.\. and \d+ more lines\) Tj/);
    const { offsets } = structureOf(Buffer.from(source, 'latin1'));
    offsets.forEach((offset, index) => expect(source.startsWith(`${index + 1} 0 obj\n`, offset)).toBe(true));
  });
});

describe('renderInvoicePdf', () => {
  it('shows the invoice number, client and amount', () => {
    const [invoice] = invoicesForMonth('2025-03', new Date(2026, 0, 1));
    if (!invoice) throw new Error('expected invoices for 2025-03');
    const source = text(renderInvoicePdf(invoice));
    expect(source).toContain(`(Invoice ${invoice.number}) Tj`);
    expect(source).toContain('Acme Logistics');
    expect(source).toMatch(/Total due: EUR [\d,]+\.\d{2}\) Tj/);
    expect(source).toContain('Due date: 2025-04-30');
  });
});
