/**
 * Column lookups shared by the transform nodes: names from params → columns, with coded errors that
 * point at the parameter, and the default column choices ("every numeric feature", …).
 */
import { MwError } from '../errors';
import { getColumn, type Column, type Table } from '../data/table';

/** The columns named in a list param, in the order given; an unknown name is MW_COLUMN_NOT_FOUND. */
export function columnsByName(table: Table, names: readonly string[], field: string): Column[] {
  return names.map((name) => columnByName(table, name, field));
}

export function columnByName(table: Table, name: string, field: string): Column {
  const column = getColumn(table, name);
  if (column === undefined) {
    const known = table.columns.map((c) => c.name);
    throw new MwError('MW_COLUMN_NOT_FOUND', {
      message: name === '' ? `Choose a column for "${field}".` : `There is no column "${name}" (columns: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}).`,
      location: { field, column: name },
      details: { column: name, known },
    });
  }
  return column;
}

/** Text and identifier columns hold free strings; models cannot use them as they are. */
export function isTextLike(column: Column): boolean {
  return column.type === 'text' || column.type === 'identifier';
}

/** A name not yet used in the table (and not in `taken`), made by appending " (2)", " (3)", …. */
export function uniqueName(wanted: string, taken: ReadonlySet<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let i = 2; ; i++) {
    const candidate = `${wanted} (${i})`;
    if (!taken.has(candidate)) return candidate;
  }
}
