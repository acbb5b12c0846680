import type { AuditRow } from './auditChain.js';

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark; without it "João" arrives as "JoÃ£o". */
export const UTF8_BOM = '\uFEFF';

const HEADER = ['id', 'at (UTC)', 'actor', 'action', 'target type', 'target id', 'channel', 'detail'];

// A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection"); tab and CR too.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, RFC 4180: quoted when it holds a comma, quote, CR or LF, quotes doubled; text that would run as a formula gets a leading '. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function utcSecond(at: number): string {
  const time = new Date(at);
  return Number.isNaN(time.getTime()) ? '' : time.toISOString().slice(0, 19).replace('T', ' ');
}

/** The header line of the export. */
export function csvHeader(): string {
  return csvLine(HEADER);
}

/** One audit row as a CSV line; the detail as the JSON it was stored as. */
export function csvRow(row: AuditRow): string {
  return csvLine([row.id, utcSecond(row.at), row.actor, row.action, row.target_type, row.target_id, row.channel, row.detail_json]);
}
