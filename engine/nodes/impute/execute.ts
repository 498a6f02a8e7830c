/**
 * Impute: fill values are learned on the training rows (fitRows) and applied to every row; the fitted
 * step goes into the recipe so Predict fills new data with the very same values.
 */
import { z } from 'zod';
import { MwError, type ErrorInfo } from '../../errors';
import { featureColumns, fitRows, getColumn, isMissing, withRecipeStep, type CategoricalColumn, type Column, type NumericColumn, type Table } from '../../data/table';
import { columnsByName, uniqueName } from '../columns';
import { defineNode } from '../node';
import { mean, modeOfCategories, modeOfNumbers, presentValues, quantileSorted, sortedCopy } from '../numeric';
import { portValue, requireInput } from '../values';
import { imputeSpec, imputeStrategies, type ImputeParams } from './spec';

export const imputeStateSchema = z.object({
  strategy: z.enum(imputeStrategies),
  fills: z.array(
    z.discriminatedUnion('kind', [
      z.object({ column: z.string(), kind: z.literal('number'), value: z.number() }),
      z.object({ column: z.string(), kind: z.literal('category'), value: z.string() }),
    ]),
  ),
  /** Missing-indicator columns: `name` is added right after `column`. */
  indicators: z.array(z.object({ column: z.string(), name: z.string() })),
});
export type ImputeState = z.infer<typeof imputeStateSchema>;
type Fill = ImputeState['fills'][number];

/**
 * Learns one fill value per column from the training rows (`rows`; by default the table's fitRows). The
 * node and the per-fold recipe refit (engine/data/recipe.ts `refitRecipe`) both call this.
 */
export function fitImpute(table: Table, params: ImputeParams, rows: Uint32Array = fitRows(table)): { state: ImputeState; warnings: ErrorInfo[] } {
  const columns = params.columns.length > 0 ? columnsByName(table, params.columns, 'columns') : featureColumns(table);
  const warnings: ErrorInfo[] = [];
  const fills: Fill[] = columns.map((c): Fill => {
    const fill = c.kind === 'numeric' ? numericFill(c, rows, params) : categoryFill(c, rows, params);
    if (fill.value === undefined) {
      warnings.push(new MwError('MW_IMPUTE_ALL_MISSING', { message: `"${c.name}" has no values in the training rows; its gaps were filled with the constant.`, location: { column: c.name } }).toInfo());
    }
    return c.kind === 'numeric'
      ? { column: c.name, kind: 'number', value: (fill.value as number | undefined) ?? constantNumber(c, params) }
      : { column: c.name, kind: 'category', value: (fill.value as string | undefined) ?? params.fillText };
  });
  const taken = new Set(table.columns.map((c) => c.name));
  const indicators: ImputeState['indicators'] = [];
  if (params.addIndicator) {
    // Which columns get an indicator is learned too: from gaps in the training rows only.
    for (const c of columns) {
      if (!hasMissingAt(c, rows)) continue;
      const name = uniqueName(`${c.name}_missing`, taken);
      taken.add(name);
      indicators.push({ column: c.name, name });
    }
  }
  return { state: { strategy: params.strategy, fills, indicators }, warnings };
}

function numericFill(c: NumericColumn, rows: Uint32Array, params: ImputeParams): { value: number | undefined } {
  if (params.strategy === 'constant') return { value: constantNumber(c, params) };
  const values = presentValues(c, rows);
  if (values.length === 0) return { value: undefined };
  // Booleans are filled with a real 0/1 value, never a fraction.
  if (c.type === 'boolean' || params.strategy === 'most-frequent') return { value: modeOfNumbers(values) };
  if (params.strategy === 'median') return { value: quantileSorted(sortedCopy(values), 0.5) };
  return { value: mean(values) };
}

function categoryFill(c: CategoricalColumn, rows: Uint32Array, params: ImputeParams): { value: string | undefined } {
  if (params.strategy === 'constant') return { value: params.fillText };
  return { value: modeOfCategories(c, rows) };
}

function constantNumber(c: NumericColumn, params: ImputeParams): number {
  return c.type === 'boolean' ? (params.fillNumber === 0 ? 0 : 1) : params.fillNumber;
}

function hasMissingAt(c: Column, rows: Uint32Array): boolean {
  for (let i = 0; i < rows.length; i++) if (isMissing(c, rows[i] ?? 0)) return true;
  return false;
}

function hasMissing(c: Column, n: number): boolean {
  for (let i = 0; i < n; i++) if (isMissing(c, i)) return true;
  return false;
}

/** Fills the gaps with the fitted values and adds the indicator columns. Pure; used by applyRecipe too. */
export function applyImpute(table: Table, rawState: unknown): Table {
  const state = imputeStateSchema.parse(rawState);
  const replaced = new Map<string, Column>();
  const indicatorsAfter = new Map<string, Column[]>();
  for (const ind of state.indicators) {
    const source = requireColumn(table, ind.column);
    const values = new Float64Array(table.rowCount);
    for (let i = 0; i < table.rowCount; i++) values[i] = isMissing(source, i) ? 1 : 0;
    const indicator: NumericColumn = { name: ind.name, role: 'feature', kind: 'numeric', type: 'boolean', values, missing: new Uint8Array(table.rowCount) };
    indicatorsAfter.set(ind.column, [...(indicatorsAfter.get(ind.column) ?? []), indicator]);
  }
  for (const fill of state.fills) {
    const column = requireColumn(table, fill.column);
    const filled = fillColumn(column, fill, table.rowCount);
    if (filled !== column) replaced.set(column.name, filled);
  }
  const columns: Column[] = [];
  for (const c of table.columns) {
    columns.push(replaced.get(c.name) ?? c);
    columns.push(...(indicatorsAfter.get(c.name) ?? []));
  }
  return { ...table, columns };
}

function requireColumn(table: Table, name: string): Column {
  const column = getColumn(table, name);
  if (column === undefined) {
    throw new MwError('MW_PREDICT_SCHEMA_MISMATCH', { message: `The column "${name}" that Impute fills is missing from the data.`, location: { column: name }, details: { missing: [name] } });
  }
  return column;
}

function fillColumn(column: Column, fill: Fill, n: number): Column {
  if (!hasMissing(column, n)) return column;
  if (fill.kind === 'number') {
    if (column.kind !== 'numeric') throw wrongType(column, 'numbers');
    const values = Float64Array.from(column.values);
    for (let i = 0; i < n; i++) if (column.missing[i] === 1) values[i] = fill.value;
    const type = column.type === 'integer' && !Number.isInteger(fill.value) ? 'float' : column.type;
    return { ...column, type, values, missing: new Uint8Array(n) };
  }
  if (column.kind !== 'categorical') throw wrongType(column, 'categories');
  let code = column.categories.indexOf(fill.value);
  const categories = code >= 0 ? column.categories : [...column.categories, fill.value];
  if (code < 0) code = categories.length - 1;
  const codes = Int32Array.from(column.codes);
  for (let i = 0; i < n; i++) if ((codes[i] ?? -1) < 0) codes[i] = code;
  return { ...column, codes, categories };
}

function wrongType(column: Column, expected: string): MwError {
  return new MwError('MW_PREDICT_SCHEMA_MISMATCH', { message: `The column "${column.name}" should hold ${expected} but holds ${column.type} values.`, location: { column: column.name } });
}

export const imputeNode = defineNode(imputeSpec, async (inputs, params, ctx) => {
  const table = requireInput(inputs, 'table', 'Table');
  const { state, warnings } = fitImpute(table, params);
  for (const w of warnings) ctx.warn(w);
  return { table: portValue('Table', withRecipeStep(applyImpute(table, state), { kind: imputeSpec.kind, nodeId: ctx.nodeId, state, params }, table)) };
});
