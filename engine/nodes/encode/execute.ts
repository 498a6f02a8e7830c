/**
 * Encode: the kept categories are learned on the training rows (fitRows); the recipe step records, per
 * source column, its categories and output columns, so Predict encodes new data identically and feature
 * importance can fold one-hot columns back into their source column.
 */
import { z } from 'zod';
import { MwError } from '../../errors';
import { featureColumns, fitRows, getColumn, withRecipeStep, type CategoricalColumn, type Column, type NumericColumn, type Table } from '../../data/table';
import { columnsByName, uniqueName } from '../columns';
import { defineNode } from '../node';
import { categoryCounts } from '../numeric';
import { portValue, requireInput } from '../values';
import { encodeSpec, type EncodeParams } from './spec';

/** The bucket for categories beyond the cap and categories never seen in the training rows. */
export const OTHER_BUCKET = '(other)';

export const encodeStateSchema = z.object({
  method: z.enum(['one-hot', 'ordinal']),
  columns: z.array(
    z.object({
      source: z.string(),
      /** Kept categories in output order (alphabetical). Anything else is "(other)". */
      categories: z.array(z.string()),
      /** Output column names: one per kept category then the "(other)" column (one-hot), or [source] (ordinal). */
      outputs: z.array(z.string()),
    }),
  ),
});
export type EncodeState = z.infer<typeof encodeStateSchema>;

/** Learns the kept categories from the training rows (`rows`; by default the table's fitRows). Shared with `refitRecipe`. */
export function fitEncode(table: Table, params: EncodeParams, rows: Uint32Array = fitRows(table)): EncodeState {
  const chosen = params.columns.length > 0 ? columnsByName(table, params.columns, 'columns') : featureColumns(table).filter((c) => c.kind === 'categorical');
  const taken = new Set(table.columns.map((c) => c.name));
  for (const c of chosen) taken.delete(c.name);
  const columns = chosen.map((c) => {
    if (c.kind !== 'categorical') {
      throw new MwError('MW_COLUMN_WRONG_TYPE', { message: `"${c.name}" holds ${c.type} values, not categories; only category columns can be encoded.`, location: { field: 'columns', column: c.name } });
    }
    const counts = categoryCounts(c, rows);
    const seen = c.categories.map((name, code) => ({ name, count: counts[code] ?? 0 })).filter((x) => x.count > 0);
    // The most frequent categories win the cap; ties go alphabetically so the choice does not depend on file order.
    seen.sort((a, b) => b.count - a.count || compare(a.name, b.name));
    const categories = seen.slice(0, params.maxCategories).map((x) => x.name).sort(compare);
    let outputs: string[];
    if (params.method === 'ordinal') {
      outputs = [c.name];
      taken.add(c.name);
    } else {
      outputs = [...categories, OTHER_BUCKET].map((value) => {
        const name = uniqueName(`${c.name}=${value}`, taken);
        taken.add(name);
        return name;
      });
    }
    return { source: c.name, categories, outputs };
  });
  return { method: params.method, columns };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Replaces each encoded column by its output columns, in place. Pure; used by applyRecipe too. */
export function applyEncode(table: Table, rawState: unknown): Table {
  const state = encodeStateSchema.parse(rawState);
  const n = table.rowCount;
  const replacement = new Map<string, Column[]>();
  for (const spec of state.columns) {
    const column = getColumn(table, spec.source);
    if (column === undefined) {
      throw new MwError('MW_PREDICT_SCHEMA_MISMATCH', { message: `The column "${spec.source}" that Encode reads is missing from the data.`, location: { column: spec.source }, details: { missing: [spec.source] } });
    }
    if (column.kind !== 'categorical') {
      throw new MwError('MW_PREDICT_SCHEMA_MISMATCH', { message: `The column "${spec.source}" should hold categories but holds ${column.type} values.`, location: { column: spec.source } });
    }
    // This table's codes → output index (kept category position, or the "(other)" position).
    const other = spec.categories.length;
    const position = new Map(spec.categories.map((name, i) => [name, i]));
    const slot = Int32Array.from(column.categories, (name) => position.get(name) ?? other);
    replacement.set(spec.source, state.method === 'ordinal' ? [ordinal(column, slot, spec.outputs[0] ?? spec.source, n)] : oneHot(column, slot, spec.outputs, n));
  }
  const columns = table.columns.flatMap((c) => replacement.get(c.name) ?? [c]);
  return { ...table, columns };
}

function oneHot(column: CategoricalColumn, slot: Int32Array, outputs: readonly string[], n: number): NumericColumn[] {
  const arrays = outputs.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const code = column.codes[i] ?? -1;
    if (code < 0) continue; // a missing category sets no column (all zeros)
    const target = arrays[slot[code] ?? 0];
    if (target !== undefined) target[i] = 1;
  }
  const missing = new Uint8Array(n);
  return outputs.map((name, k) => ({ name, role: column.role, kind: 'numeric', type: 'boolean', values: arrays[k] ?? new Float64Array(n), missing }));
}

function ordinal(column: CategoricalColumn, slot: Int32Array, name: string, n: number): NumericColumn {
  const values = new Float64Array(n);
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const code = column.codes[i] ?? -1;
    if (code < 0) {
      values[i] = Number.NaN;
      missing[i] = 1;
    } else values[i] = slot[code] ?? 0;
  }
  return { name, role: column.role, kind: 'numeric', type: 'integer', values, missing };
}

export const encodeNode = defineNode(encodeSpec, async (inputs, params, ctx) => {
  const table = requireInput(inputs, 'table', 'Table');
  const state = fitEncode(table, params);
  return { table: portValue('Table', withRecipeStep(applyEncode(table, state), { kind: encodeSpec.kind, nodeId: ctx.nodeId, state, params }, table)) };
});
