/**
 * Helpers for node tests: small tables from plain arrays and an ExecContext that records what a node
 * reported. Not used at run time.
 */
import type { ErrorInfo } from '../errors';
import type { Column, Table } from '../data/table';
import { categorical, numeric } from '../ml/testing/tables';
import type { FileAccess } from '../io/files';
import type { ExecContext } from '../run/context';
import type { StepEventInput } from '../run/events';
import type { NodeDefinition } from './node';
import { portValue, type NodeOutputs } from './values';

export { categorical, numeric };

type Cells = readonly (number | null)[] | readonly (string | null)[];

/** A table from columns; numbers make float columns, strings categorical ones (null = missing). */
export function makeTable(columns: Record<string, Cells> | readonly Column[], partition: readonly number[] | null = null): Table {
  const cols: Column[] = Array.isArray(columns)
    ? [...(columns as readonly Column[])]
    : Object.entries(columns as Record<string, Cells>).map(([name, cells]) =>
        cells.some((c) => typeof c === 'string') ? categorical(name, cells as (string | null)[]) : numeric(name, cells as (number | null)[]),
      );
  const first = cols[0];
  const rowCount = first === undefined ? 0 : first.kind === 'numeric' ? first.values.length : first.codes.length;
  return { rowCount, columns: cols, partition: partition === null ? null : Uint8Array.from(partition), recipe: [], sources: [] };
}

/** The cells of a column as plain values (null where missing). */
export function cells(table: Table, name: string): (number | string | null)[] {
  const c = table.columns.find((col) => col.name === name);
  if (c === undefined) throw new Error(`no column ${name}`);
  if (c.kind === 'numeric') return Array.from(c.values, (v, i) => (c.missing[i] === 1 ? null : v));
  return Array.from(c.codes, (code) => (code < 0 ? null : (c.categories[code] ?? null)));
}

export interface RecordingContext extends ExecContext {
  readonly warnings: ErrorInfo[];
  readonly events: StepEventInput[];
}

export function testContext(overrides: Partial<ExecContext> = {}): RecordingContext {
  const warnings: ErrorInfo[] = [];
  const events: StepEventInput[] = [];
  return {
    nodeId: 'node-1',
    runId: 'run-1',
    signal: new AbortController().signal,
    files: unusedFiles,
    artifactsDir: undefined,
    runInfo: {},
    now: () => 0,
    emit: (e) => events.push(e),
    warn: (w) => warnings.push(w),
    warnings,
    events,
    ...overrides,
  };
}

const refuse = (): never => {
  throw new Error('this test does not read files');
};
export const unusedFiles: FileAccess = {
  resolve: (p) => p,
  stat: refuse,
  openRead: refuse,
  sha256: refuse,
  readText: refuse,
  writeAtomic: refuse,
  mkdirp: refuse,
  exists: refuse,
};

/** Runs a node definition on one input table and returns its output table. */
export async function runOnTable(node: NodeDefinition, table: Table, params: unknown, ctx: RecordingContext = testContext()): Promise<Table> {
  const parsed = node.spec.params.parse(params) as Record<string, unknown>;
  const out: NodeOutputs = await node.execute({ table: portValue('Table', table) }, parsed, ctx);
  const value = out['table'];
  if (value === undefined || value.type !== 'Table') throw new Error('node produced no table');
  return value.value;
}

/** The MwError code thrown by `fn` (undefined when it does not throw a coded error). */
export function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : `not coded: ${String(e)}`;
  }
  return undefined;
}

export async function rejectedCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (e) {
    return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : `not coded: ${String(e)}`;
  }
  return undefined;
}
