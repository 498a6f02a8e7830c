/**
 * Select Columns: assigns roles (target, features, ignored). Appends a recipe step so Predict assigns the
 * same roles to new raw data.
 */
import { z } from 'zod';
import { MwError, type ErrorInfo } from '../../errors';
import { withRecipeStep, type Column, type ColumnRole, type Table } from '../../data/table';
import { columnByName, columnsByName, isTextLike } from '../columns';
import { defineNode } from '../node';
import { portValue, requireInput } from '../values';
import { selectColumnsSpec, type SelectColumnsParams } from './spec';

export const selectColumnsStateSchema = z.object({
  target: z.string().nullable(),
  features: z.array(z.string()),
});
export type SelectColumnsState = z.infer<typeof selectColumnsStateSchema>;

/** Resolves the params against the table: which column is the target, which are features. */
export function fitSelectColumns(table: Table, params: SelectColumnsParams): { state: SelectColumnsState; warnings: ErrorInfo[] } {
  const target = params.target === '' ? null : columnByName(table, params.target, 'target').name;
  const ignored = new Set(columnsByName(table, params.ignored, 'ignored').map((c) => c.name));
  const warnings: ErrorInfo[] = [];
  let features: Column[];
  if (params.features.length > 0) {
    features = columnsByName(table, params.features, 'features');
    for (const c of features) {
      if (c.name === target) throw conflict('features', `"${c.name}" is the target; it cannot also be a feature.`, c.name);
      if (ignored.has(c.name)) throw conflict('ignored', `"${c.name}" is listed both as a feature and as ignored.`, c.name);
      if (isTextLike(c)) {
        warnings.push(
          new MwError('MW_TRAIN_TEXT_FEATURE', {
            message: `"${c.name}" looks like ${c.type === 'identifier' ? 'an identifier' : 'free text'} but is used as a feature.`,
            location: { column: c.name, field: 'features' },
          }).toInfo(),
        );
      }
    }
  } else {
    features = table.columns.filter((c) => c.name !== target && !ignored.has(c.name) && !isTextLike(c));
  }
  if (target !== null && ignored.has(target)) throw conflict('ignored', `"${target}" is the target; it cannot also be ignored.`, target);
  if (features.length === 0) {
    warnings.push(new MwError('MW_TABLE_NO_FEATURES', { message: 'No column is left to use as a feature.', location: { field: 'features' } }).toInfo());
  }
  return { state: { target, features: [...new Set(features.map((c) => c.name))] }, warnings };
}

function conflict(field: string, message: string, column: string): MwError {
  return new MwError('MW_NODE_INVALID_PARAMS', { message, location: { field, column } });
}

/**
 * Sets the roles recorded in `state` and puts the features first, in the recorded order. Columns not named
 * become ignored; a missing target is allowed (new data has none).
 */
export function applySelectColumns(table: Table, rawState: unknown): Table {
  const state = selectColumnsStateSchema.parse(rawState);
  const names = new Set(table.columns.map((c) => c.name));
  const missing = state.features.filter((f) => !names.has(f));
  if (missing.length > 0) {
    throw new MwError('MW_PREDICT_SCHEMA_MISMATCH', {
      message: `The data lacks the feature column${missing.length === 1 ? '' : 's'} ${missing.map((m) => `"${m}"`).join(', ')}.`,
      location: { column: missing[0] ?? '' },
      details: { missing, expected: state.features },
    });
  }
  const features = new Set(state.features);
  const withRoles = table.columns.map((c): Column => {
    const role: ColumnRole = c.name === state.target ? 'target' : features.has(c.name) ? 'feature' : 'ignored';
    return c.role === role ? c : { ...c, role };
  });
  // Features first, in the recorded order, so new data with its columns in another order comes out
  // exactly like the training table; the target and ignored columns follow in their own order.
  const byName = new Map(withRoles.map((c) => [c.name, c]));
  const columns = [...state.features.map((f) => byName.get(f) as Column), ...withRoles.filter((c) => c.role !== 'feature')];
  return { ...table, columns };
}

export const selectColumnsNode = defineNode(selectColumnsSpec, async (inputs, params, ctx) => {
  const table = requireInput(inputs, 'table', 'Table');
  const { state, warnings } = fitSelectColumns(table, params);
  for (const w of warnings) ctx.warn(w);
  const out = withRecipeStep(applySelectColumns(table, state), { kind: selectColumnsSpec.kind, nodeId: ctx.nodeId, state, params }, table);
  return { table: portValue('Table', out) };
});
