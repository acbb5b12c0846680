import { describe, expect, it } from 'vitest';
import { displayFileName } from './fileNames.js';

describe('displayFileName', () => {
  it('strips bidirectional controls, so "invoice\\u202Efdp.exe" no longer reads as a PDF', () => {
    expect(displayFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      expect(displayFileName(`a${control}b.pdf`), `U+${control.codePointAt(0)?.toString(16)}`).toBe('ab.pdf');
    }
  });

  it('strips other invisible format characters and C1 controls', () => {
    expect(displayFileName('in\u200Bvoice\u2060.pdf')).toBe('invoice.pdf');
    expect(displayFileName('\uFEFFinvoice.pdf')).toBe('invoice.pdf');
    expect(displayFileName('in\u00ADvoice.pdf')).toBe('invoice.pdf');
    expect(displayFileName('a\u0085b\u009Fc.pdf')).toBe('a_b_c.pdf');
    expect(displayFileName('a\u2028b.pdf')).toBe('a_b.pdf');
  });

  it('keeps what it kept before: folders dropped, device names and trailing dots defanged', () => {
    expect(displayFileName('../../etc/passwd')).toBe('passwd');
    expect(displayFileName('CON')).toBe('_CON');
    expect(displayFileName('report.pdf. ')).toBe('report.pdf');
    expect(displayFileName('\u202E')).toBe('file');
    expect(displayFileName('Rechnung März.pdf')).toBe('Rechnung März.pdf');
  });
});
