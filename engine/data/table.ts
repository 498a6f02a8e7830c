/**
 * The columnar Table that flows along `Table` edges (DESIGN.md "Ports").
 * Numeric data lives in typed arrays with a missing mask; categorical data is dictionary-encoded.
 * Tables are immutable: a transform returns a new Table that shares the arrays it did not change.
 */
import { z } from 'zod';

/** What a column holds, as inferred from the data (or overridden by the user). */
export const columnTypeSchema = z.enum(['integer', 'float', 'boolean', 'datetime', 'categorical', 'text', 'identifier']);
export type ColumnType = z.infer<typeof columnTypeSchema>;

/** How a column is used when a model is trained. */
export const columnRoleSchema = z.enum(['feature', 'target', 'ignored']);
export type ColumnRole = z.infer<typeof columnRoleSchema>;

/** Row partitions assigned by Split. Stored as one byte per row. */
export const Partition = { none: 0, train: 1, validation: 2, test: 3 } as const;
export type PartitionCode = (typeof Partition)[keyof typeof Partition];
export const partitionNames = ['none', 'train', 'validation', 'test'] as const;
export type PartitionName = (typeof partitionNames)[number];

interface ColumnBase {
  readonly name: string;
  readonly role: ColumnRole;
}

/**
 * Integer, float, boolean (0/1) and datetime (milliseconds since the epoch, UTC) columns.
 * `values[i]` is NaN where `missing[i]` is 1, so arithmetic never silently uses a fake value.
 */
export interface NumericColumn extends ColumnBase {
  readonly kind: 'numeric';
  readonly type: 'integer' | 'float' | 'boolean' | 'datetime';
  readonly values: Float64Array;
  readonly missing: Uint8Array;
}

/**
 * Categorical, free-text and identifier columns: `codes[i]` indexes `categories`, or is -1 where missing.
 * Text and identifier columns are ignored as features by default (see inference).
 */
export interface CategoricalColumn extends ColumnBase {
  readonly kind: 'categorical';
  readonly type: 'categorical' | 'text' | 'identifier';
  readonly codes: Int32Array;
  readonly categories: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

/** One fitted preprocessing step, JSON-serialisable so a Model can carry it and Predict can replay it. */
export interface RecipeStep {
  /** The node kind that fitted the step (its `apply` is looked up by this kind). */
  readonly kind: string;
  readonly nodeId: string;
  /** Fitted state, e.g. means per column. Plain JSON. */
  readonly state: unknown;
  /**
   * The node's validated parameters, so the step can be fitted again on other rows (Evaluate refits the
   * preprocessing per cross-validation fold). Absent in recipes saved before it was recorded: such a step
   * can only be replayed, not refit.
   */
  readonly params?: Readonly<Record<string, unknown>> | undefined;
}

/** Where the table's rows came from: for lineage, cache keys and reports. */
export interface DataSource {
  readonly path: string;
  readonly sha256: string;
  readonly rows: number;
}

export interface Table {
  readonly rowCount: number;
  readonly columns: readonly Column[];
  /** Partition per row (see `Partition`), or null when no Split ran upstream. */
  readonly partition: Uint8Array | null;
  readonly recipe: readonly RecipeStep[];
  readonly sources: readonly DataSource[];
  /**
   * The table as it was before the first step of `recipe` ran (same rows, arrays shared, no copy), so
   * Evaluate can refit the recipe on each cross-validation fold's training rows. Set by `withRecipeStep`
   * on the first step and carried along by every transform (they spread the table). This is kept on the
   * Table rather than in the recipe because the recipe must stay plain JSON (it is saved in model files),
   * and rather than in Evaluate's inputs because the raw table is only known where the recipe starts.
   * Absent when unknown (e.g. a table from another source that already had a recipe).
   */
  readonly raw?: Table;
}

export function getColumn(table: Table, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export function columnNames(table: Table): string[] {
  return table.columns.map((c) => c.name);
}

export function isMissing(column: Column, row: number): boolean {
  return column.kind === 'numeric' ? column.missing[row] === 1 : (column.codes[row] ?? -1) < 0;
}

/** The value of a cell as the user would read it: number, string, boolean, Date ISO text, or null. */
export function cellValue(column: Column, row: number): number | string | boolean | null {
  if (isMissing(column, row)) return null;
  if (column.kind === 'categorical') return column.categories[column.codes[row] ?? -1] ?? null;
  const v = column.values[row] ?? Number.NaN;
  if (column.type === 'boolean') return v === 1;
  if (column.type === 'datetime') return new Date(v).toISOString();
  return v;
}

/** Rows in the given partition (all rows when the table has no partition and `partition` is 'none'). */
export function rowsIn(table: Table, partition: PartitionName): Uint32Array {
  const code = Partition[partition];
  if (table.partition === null) {
    return code === Partition.none || code === Partition.train ? allRows(table.rowCount) : new Uint32Array(0);
  }
  let count = 0;
  for (let i = 0; i < table.rowCount; i++) if (table.partition[i] === code) count++;
  const rows = new Uint32Array(count);
  let j = 0;
  for (let i = 0; i < table.rowCount; i++) if (table.partition[i] === code) rows[j++] = i;
  return rows;
}

/**
 * Rows a transform may learn statistics from: train rows when the table is split, otherwise all rows
 * (no split means no held-out data to leak into).
 */
export function fitRows(table: Table): Uint32Array {
  return table.partition === null ? allRows(table.rowCount) : rowsIn(table, 'train');
}

export function allRows(count: number): Uint32Array {
  const rows = new Uint32Array(count);
  for (let i = 0; i < count; i++) rows[i] = i;
  return rows;
}

/** A new table with one column replaced (matched by name) or appended, everything else shared. */
export function withColumns(table: Table, replace: readonly Column[], append: readonly Column[] = []): Table {
  const byName = new Map(replace.map((c) => [c.name, c]));
  return {
    ...table,
    columns: [...table.columns.map((c) => byName.get(c.name) ?? c), ...append],
  };
}

export function withRecipeStep(table: Table, step: RecipeStep, input?: Table): Table {
  // `input` is the table the step was fitted on; the first step's input is the raw table.
  const raw = input === undefined ? table.raw : input.recipe.length === 0 ? withRaw(input, undefined) : input.raw;
  return withRaw({ ...table, recipe: [...table.recipe, step] }, raw);
}

/** The table with its `raw` reference set (or removed when undefined). */
export function withRaw(table: Table, raw: Table | undefined): Table {
  const { raw: previous, ...rest } = table;
  if (previous === raw) return table;
  return raw === undefined ? rest : { ...rest, raw };
}

export function featureColumns(table: Table): Column[] {
  return table.columns.filter((c) => c.role === 'feature');
}

export function targetColumn(table: Table): Column | undefined {
  return table.columns.find((c) => c.role === 'target');
}

/** Keeps the given rows (in order) of every column and of the partition. Used by Filter Rows. */
export function takeRows(table: Table, rows: Uint32Array): Table {
  const columns = table.columns.map((c): Column => {
    if (c.kind === 'numeric') {
      const values = new Float64Array(rows.length);
      const missing = new Uint8Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i] ?? 0;
        values[i] = c.values[r] ?? Number.NaN;
        missing[i] = c.missing[r] ?? 1;
      }
      return { ...c, values, missing };
    }
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = c.codes[rows[i] ?? 0] ?? -1;
    return { ...c, codes };
  });
  let partition: Uint8Array | null = null;
  if (table.partition !== null) {
    partition = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) partition[i] = table.partition[rows[i] ?? 0] ?? 0;
  }
  // The raw table keeps row-for-row alignment with the table, so it is filtered the same way.
  const raw = table.raw === undefined || table.raw.rowCount !== table.rowCount ? undefined : takeRows(table.raw, rows);
  return withRaw({ ...table, rowCount: rows.length, columns, partition }, raw);
}
