/**
 * Test support: the example datasets as Tables (read by the engine's CSV reader) and query contexts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsvText } from '../data/csv/index';
import type { Table } from '../data/table';
import { queryContextFromTable, type ContextExtras } from './context';
import type { QueryContext } from './intent';

export const EXAMPLES = ['iris', 'wine', 'breast_cancer', 'diabetes', 'houses'] as const;
export type ExampleName = (typeof EXAMPLES)[number];

export function examplePath(name: ExampleName): string {
  return fileURLToPath(new URL(`../../examples/${name}.csv`, import.meta.url));
}

const tables = new Map<ExampleName, Table>(
  await Promise.all(EXAMPLES.map(async (name): Promise<[ExampleName, Table]> => [name, (await readCsvText(readFileSync(examplePath(name), 'utf8'))).table])),
);

export function exampleTable(name: ExampleName): Table {
  const table = tables.get(name);
  if (table === undefined) throw new Error(`unknown example ${name}`);
  return table;
}

export function exampleContext(name: ExampleName, extras: ContextExtras = {}): QueryContext {
  return queryContextFromTable(exampleTable(name), { today: '2025-06-01', ...extras });
}
