/**
 * Test support: the example datasets as Tables and query contexts. Uses the engine's CSV reader.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../data/table';
import { queryContextFromTable, type ContextExtras } from './context';
import type { QueryContext } from './intent';

export const EXAMPLES = ['iris', 'wine', 'breast_cancer', 'diabetes', 'houses'] as const;
export type ExampleName = (typeof EXAMPLES)[number];

export function examplePath(name: ExampleName): string {
  return fileURLToPath(new URL(`../../examples/${name}.csv`, import.meta.url));
}

const MISSING = new Set(['', 'na', 'n/a', 'null', 'nan', '?']);

/** A deliberately plain CSV reader (no quotes in the examples), independent of the engine's. */
export function plainCsvTable(text: string): Table {
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const header = (lines[0] ?? '').split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const columns: Column[] = header.map((name, j) => {
    const cells = rows.map((r) => (r[j] ?? '').trim());
    const present = cells.filter((c) => !MISSING.has(c.toLowerCase()));
    const missing = Uint8Array.from(cells, (c) => (MISSING.has(c.toLowerCase()) ? 1 : 0));
    if (present.every((c) => /^(yes|no|true|false)$/i.test(c))) {
      const values = Float64Array.from(cells, (c, i) => (missing[i] === 1 ? Number.NaN : /^(yes|true)$/i.test(c) ? 1 : 0));
      return { name, role: 'feature', kind: 'numeric', type: 'boolean', values, missing } satisfies NumericColumn;
    }
    if (present.every((c) => /^\d{4}-\d{2}-\d{2}$/.test(c))) {
      const values = Float64Array.from(cells, (c, i) => (missing[i] === 1 ? Number.NaN : Date.parse(`${c}T00:00:00Z`)));
      return { name, role: 'feature', kind: 'numeric', type: 'datetime', values, missing } satisfies NumericColumn;
    }
    if (present.every((c) => c !== '' && Number.isFinite(Number(c)))) {
      const values = Float64Array.from(cells, (c, i) => (missing[i] === 1 ? Number.NaN : Number(c)));
      const integer = present.every((c) => /^-?\d+$/.test(c));
      return { name, role: 'feature', kind: 'numeric', type: integer ? 'integer' : 'float', values, missing } satisfies NumericColumn;
    }
    const categories: string[] = [];
    const lookup = new Map<string, number>();
    const codes = Int32Array.from(cells, (c, i) => {
      if (missing[i] === 1) return -1;
      let code = lookup.get(c);
      if (code === undefined) {
        code = categories.length;
        categories.push(c);
        lookup.set(c, code);
      }
      return code;
    });
    return { name, role: 'feature', kind: 'categorical', type: 'categorical', codes, categories } satisfies CategoricalColumn;
  });
  return { rowCount: rows.length, columns, partition: null, recipe: [], sources: [] };
}

const cache = new Map<ExampleName, Table>();

export function exampleTable(name: ExampleName): Table {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const table = plainCsvTable(readFileSync(examplePath(name), 'utf8'));
  cache.set(name, table);
  return table;
}

export function exampleContext(name: ExampleName, extras: ContextExtras = {}): QueryContext {
  return queryContextFromTable(exampleTable(name), { today: '2025-06-01', ...extras });
}
