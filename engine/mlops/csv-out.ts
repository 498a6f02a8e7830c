/**
 * Writes a Table as CSV text (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled).
 * Missing cells are empty; numbers use the shortest text that reads back to the same double; dates are
 * ISO-8601; booleans true/false. Text cells go through the report exports' `csvCell`, so a category value
 * such as `=HYPERLINK(...)` is written inert (CSV/formula injection) in prediction artifacts too.
 */
import { cellValue, type Table } from '../data/table';
import { csvCell } from '../report/csv-export';

/** The table's rows as CSV lines (header first), yielded in chunks so large tables never make one string. */
export function* tableCsvChunks(table: Table, rowsPerChunk = 5000): Generator<string> {
  yield `${table.columns.map((c) => csvCell(c.name)).join(',')}\n`;
  for (let start = 0; start < table.rowCount; start += rowsPerChunk) {
    const end = Math.min(table.rowCount, start + rowsPerChunk);
    const lines: string[] = [];
    for (let r = start; r < end; r++) lines.push(table.columns.map((c) => csvCell(cellValue(c, r))).join(','));
    yield `${lines.join('\n')}\n`;
  }
}

export function tableToCsv(table: Table): string {
  return [...tableCsvChunks(table)].join('');
}
