/**
 * Builds the parser's view of a project from a Table: column names, types, roles, category values
 * (most frequent first) and numeric ranges. One pass per column; the categories are the dictionary
 * the Table already holds.
 */
import type { Table } from '../data/table';
import type { QueryColumn, QueryContext, QueryModelInfo } from './intent';

/** Categories listed per column; values beyond this are still answered, just not recognised by name. */
export const MAX_CONTEXT_CATEGORIES = 500;

export interface ContextExtras {
  readonly nodeKinds?: readonly string[];
  readonly model?: QueryModelInfo | null;
  /** ISO date, e.g. the project's clock, to turn "built after 2000" into an age. */
  readonly today?: string;
}

export function queryContextFromTable(table: Table, extras: ContextExtras = {}): QueryContext {
  const columns: QueryColumn[] = table.columns.map((c): QueryColumn => {
    if (c.kind === 'categorical') {
      const counts = new Float64Array(c.categories.length);
      for (let i = 0; i < c.codes.length; i++) {
        const code = c.codes[i] ?? -1;
        if (code >= 0) counts[code] = (counts[code] ?? 0) + 1;
      }
      const order = c.categories.map((_, i) => i).filter((i) => (counts[i] ?? 0) > 0);
      order.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b);
      return { name: c.name, type: c.type, role: c.role, categories: order.slice(0, MAX_CONTEXT_CATEGORIES).map((i) => c.categories[i] ?? '') };
    }
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < c.values.length; i++) {
      if (c.missing[i] === 1) continue;
      const v = c.values[i] ?? Number.NaN;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { name: c.name, type: c.type, role: c.role, ...(min <= max ? { min, max } : {}) };
  });
  return {
    columns,
    rowCount: table.rowCount,
    nodeKinds: [...(extras.nodeKinds ?? [])],
    model: extras.model ?? null,
    ...(extras.today === undefined ? {} : { today: extras.today }),
  };
}
