/**
 * CSV for people who open it in a spreadsheet: RFC 4180 quoting plus the OWASP defence against CSV
 * (formula) injection. A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be
 * run as a formula by Excel, LibreOffice or Google Sheets (e.g. `=HYPERLINK(...)` exfiltrating data), so it
 * is prefixed with a single quote and the field is quoted. Numbers we write ourselves are never prefixed:
 * `-3.5` stays a number.
 */
import { cellValue, type Table } from '../data/table';

export type CsvValue = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: formula-escaped text, quoted when needed; numbers as the shortest round-trip text. */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (FORMULA_START.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Whole CSV text: a header row and the rows, CRLF line ends (RFC 4180), every cell through `csvCell`. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Rows of a Table as CSV values (dates as ISO text, missing as empty). */
export function* tableRows(table: Table): Generator<CsvValue[]> {
  for (let r = 0; r < table.rowCount; r++) yield table.columns.map((c) => cellValue(c, r));
}

/** A Table as safe CSV text. */
export function tableToSafeCsv(table: Table): string {
  return toCsv(table.columns.map((c) => c.name), tableRows(table));
}
