/**
 * Scale: x' = (x − center) / scale per column, with center and scale fitted on the training rows.
 * Formulas follow scikit-learn's StandardScaler (population std), MinMaxScaler and RobustScaler (IQR 25–75).
 */
import { z } from 'zod';
import { MwError } from '../../errors';
import { featureColumns, fitRows, getColumn, withRecipeStep, type Column, type NumericColumn, type Table } from '../../data/table';
import { columnsByName } from '../columns';
import { defineNode } from '../node';
import { mean, presentValues, quantileSorted, sortedCopy, std } from '../numeric';
import { portValue, requireInput } from '../values';
import { scaleSpec, type ScaleParams } from './spec';

export const scaleStateSchema = z.object({
  method: z.enum(['standard', 'min-max', 'robust']),
  columns: z.array(z.object({ column: z.string(), center: z.number(), scale: z.number() })),
});
export type ScaleState = z.infer<typeof scaleStateSchema>;

/** Learns centre and scale per column from the training rows (`rows`; by default the table's fitRows). Shared with `refitRecipe`. */
export function fitScale(table: Table, params: ScaleParams, rows: Uint32Array = fitRows(table)): ScaleState {
  const chosen = params.columns.length > 0 ? columnsByName(table, params.columns, 'columns') : featureColumns(table).filter((c) => c.kind === 'numeric' && c.type !== 'boolean');
  const columns = chosen.map((c) => {
    if (c.kind !== 'numeric') {
      throw new MwError('MW_COLUMN_WRONG_TYPE', { message: `"${c.name}" holds ${c.type} values; only number columns can be scaled (encode it first).`, location: { field: 'columns', column: c.name } });
    }
    const values = presentValues(c, rows);
    let center: number;
    let spread: number;
    if (params.method === 'standard') {
      center = mean(values);
      spread = std(values, center);
    } else if (params.method === 'min-max') {
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const v of values) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      center = lo;
      spread = hi - lo;
    } else {
      const sorted = sortedCopy(values);
      center = quantileSorted(sorted, 0.5);
      spread = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
    }
    // No training values, or no spread: leave the column's units alone rather than divide by zero.
    if (!Number.isFinite(center)) center = 0;
    if (!Number.isFinite(spread) || spread === 0) spread = 1;
    return { column: c.name, center, scale: spread };
  });
  return { method: params.method, columns };
}

/** Applies the fitted centres and scales to every row; missing cells stay missing. Pure. */
export function applyScale(table: Table, rawState: unknown): Table {
  const state = scaleStateSchema.parse(rawState);
  const n = table.rowCount;
  const replaced = new Map<string, Column>();
  for (const s of state.columns) {
    const column = getColumn(table, s.column);
    if (column === undefined || column.kind !== 'numeric') {
      throw new MwError('MW_PREDICT_SCHEMA_MISMATCH', {
        message: column === undefined ? `The column "${s.column}" that Scale reads is missing from the data.` : `The column "${s.column}" should hold numbers but holds ${column.type} values.`,
        location: { column: s.column },
        ...(column === undefined ? { details: { missing: [s.column] } } : {}),
      });
    }
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = column.missing[i] === 1 ? Number.NaN : ((column.values[i] ?? 0) - s.center) / s.scale;
    const scaled: NumericColumn = { ...column, type: 'float', values };
    replaced.set(s.column, scaled);
  }
  return { ...table, columns: table.columns.map((c) => replaced.get(c.name) ?? c) };
}

export const scaleNode = defineNode(scaleSpec, async (inputs, params, ctx) => {
  const table = requireInput(inputs, 'table', 'Table');
  const state = fitScale(table, params);
  return { table: portValue('Table', withRecipeStep(applyScale(table, state), { kind: scaleSpec.kind, nodeId: ctx.nodeId, state, params }, table)) };
});
