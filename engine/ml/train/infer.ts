/**
 * Using a trained model on tables: checking new raw rows against the model's input schema, replaying the
 * recipe, scoring rows, and reading the true target for evaluation. Shared by Evaluate, Predict and Explain.
 */
import { MwError } from '../../errors';
import { applyRecipe } from '../../data/recipe';
import { getColumn, targetColumn, type CategoricalColumn, type Column, type NumericColumn, type RecipeStep, type Table } from '../../data/table';
import type { FeatureMatrix, InputColumnSchema, ModelBundle } from '../model';
import { buildMatrix } from './features';
import { encodeClasses, targetValues } from './task';

const numericTypes = new Set(['integer', 'float', 'boolean', 'datetime']);

function describeType(type: string): string {
  return numericTypes.has(type) ? `numbers (${type})` : `categories (${type})`;
}

/** A categorical column whose every category is a number (new data with gaps written as text, say) becomes numeric. */
function asNumeric(column: CategoricalColumn): NumericColumn | null {
  const parsed = column.categories.map((c) => (c.trim() === '' ? Number.NaN : Number(c)));
  if (parsed.some((v) => !Number.isFinite(v))) return null;
  const values = new Float64Array(column.codes.length);
  const missing = new Uint8Array(column.codes.length);
  column.codes.forEach((code, i) => {
    if (code < 0) {
      values[i] = Number.NaN;
      missing[i] = 1;
    } else values[i] = parsed[code]!;
  });
  return { name: column.name, role: column.role, kind: 'numeric', type: 'float', values, missing };
}

/**
 * Checks new raw rows against the columns the model was trained on: every expected column must be present
 * with the same kind of values (numbers or categories). Extra columns are fine (they are carried along).
 * A column of numbers that was read as text because every value parses as a number is converted.
 * Throws MW_PREDICT_SCHEMA_MISMATCH listing the expected columns otherwise.
 */
export function checkInputSchema(model: ModelBundle, raw: Table): Table {
  const missing: string[] = [];
  const mistyped: { name: string; expected: string; found: string }[] = [];
  const converted = new Map<string, Column>();
  for (const expected of model.inputSchema) {
    const column = getColumn(raw, expected.name);
    if (column === undefined) {
      missing.push(expected.name);
      continue;
    }
    const wantNumbers = numericTypes.has(expected.type);
    if (wantNumbers === (column.kind === 'numeric')) continue;
    const numeric = wantNumbers && column.kind === 'categorical' ? asNumeric(column) : null;
    if (numeric !== null) converted.set(column.name, numeric);
    else mistyped.push({ name: expected.name, expected: describeType(expected.type), found: describeType(column.type) });
  }
  if (missing.length > 0 || mistyped.length > 0) {
    const expected = model.inputSchema.map((c: InputColumnSchema) => `${c.name} (${describeType(c.type)})`).join(', ');
    const parts = [
      missing.length > 0 ? `missing column${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${m}"`).join(', ')}` : null,
      ...mistyped.map((m) => `"${m.name}" holds ${m.found} but the model expects ${m.expected}`),
    ].filter((p) => p !== null);
    const similar = missing.map((m) => ({ missing: m, candidates: raw.columns.map((c) => c.name).filter((n) => n.toLowerCase().replace(/[^a-z0-9]/g, '') === m.toLowerCase().replace(/[^a-z0-9]/g, '')) })).filter((s) => s.candidates.length > 0);
    throw new MwError('MW_PREDICT_SCHEMA_MISMATCH', {
      message: `The new data does not fit the model: ${parts.join('; ')}. Expected columns: ${expected}.`,
      location: { column: missing[0] ?? mistyped[0]?.name ?? '' },
      details: { expected: model.inputSchema, missing, mistyped, renamed: similar },
    });
  }
  if (converted.size === 0) return raw;
  return { ...raw, columns: raw.columns.map((c) => converted.get(c.name) ?? c) };
}

function sameRecipe(a: readonly RecipeStep[], b: readonly RecipeStep[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((step, i) => step.kind === b[i]!.kind && step.nodeId === b[i]!.nodeId && JSON.stringify(step.state) === JSON.stringify(b[i]!.state));
}

/**
 * The table as the model sees it. A table that went through the model's own preprocessing (the usual
 * Train/Evaluate wiring) is used as it is; any other table is treated as raw rows: checked against the
 * input schema and run through the model's recipe.
 */
export function preparedFor(model: ModelBundle, table: Table): { table: Table; replayed: boolean } {
  if (sameRecipe(table.recipe, model.recipe)) return { table, replayed: false };
  return { table: applyRecipe(checkInputSchema(model, table), model.recipe), replayed: true };
}

/** Model outputs for rows of a prepared table (all rows when omitted): n×k probabilities or n values. */
export function predictRows(model: ModelBundle, prepared: Table, rows?: Uint32Array): { matrix: FeatureMatrix; output: Float64Array } {
  const matrix = buildMatrix(prepared, model.features, rows);
  return { matrix, output: model.estimator.predict(matrix) };
}

export type Truth = { readonly kind: 'classes'; readonly rows: Uint32Array; readonly codes: Int32Array } | { readonly kind: 'values'; readonly rows: Uint32Array; readonly values: Float64Array };

/**
 * The true target for `rows` of a prepared table, keeping only rows whose target is present (and, for
 * classification, a class the model knows). `dropped` counts the others.
 */
export function truthFor(model: ModelBundle, prepared: Table, rows: Uint32Array): Truth & { dropped: number } {
  const target = targetColumn(prepared) ?? getColumn(prepared, model.target);
  if (target === undefined) {
    throw new MwError('MW_TABLE_NO_TARGET', { message: `The table has no "${model.target}" column to score the model against.`, location: { column: model.target } });
  }
  if (model.targetEncoding.kind === 'classes') {
    const all = encodeClasses(target, model.targetEncoding);
    const kept = rows.filter((r) => all[r]! >= 0);
    return { kind: 'classes', rows: kept, codes: Int32Array.from(kept, (r) => all[r]!), dropped: rows.length - kept.length };
  }
  const all = targetValues(target);
  const kept = rows.filter((r) => Number.isFinite(all[r]!));
  return { kind: 'values', rows: kept, values: Float64Array.from(kept, (r) => all[r]!), dropped: rows.length - kept.length };
}
