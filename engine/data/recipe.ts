/**
 * Replays a table's recipe (the fitted preprocessing steps) on new raw data, as Predict does
 * (DESIGN.md "No leakage": the model repeats exactly the preprocessing it was trained with).
 * Each step kind's apply function is registered here explicitly; they are the same pure functions the
 * nodes use when they fit, so training-time and prediction-time preprocessing cannot drift apart.
 */
import { z } from 'zod';
import { MwError, isMwError } from '../errors';
import { applyEncode, encodeStateSchema } from '../nodes/encode/execute';
import { applyImpute } from '../nodes/impute/execute';
import { applyScale } from '../nodes/scale/execute';
import { applySelectColumns } from '../nodes/select-columns/execute';
import type { RecipeStep, Table } from './table';

/** Applies one fitted step (its JSON state) to a table and returns the new table. Pure. */
export type ApplyStep = (table: Table, state: unknown) => Table;

const appliers: Readonly<Record<string, ApplyStep>> = {
  'select-columns': applySelectColumns,
  impute: applyImpute,
  encode: applyEncode,
  scale: applyScale,
};

/** The step kinds a recipe may contain. */
export const recipeStepKinds: readonly string[] = Object.keys(appliers);

/** Runs every step of `recipe` in order on `table` (new raw rows shaped like the training source). */
export function applyRecipe(table: Table, recipe: readonly RecipeStep[]): Table {
  let current = table;
  for (const step of recipe) {
    const apply = Object.hasOwn(appliers, step.kind) ? appliers[step.kind] : undefined;
    if (apply === undefined) {
      throw new MwError('MW_MODEL_FILE_INVALID', { message: `The model's preprocessing has a step of unknown kind "${step.kind}".`, details: { kind: step.kind, nodeId: step.nodeId } });
    }
    try {
      current = apply(current, step.state);
    } catch (thrown) {
      if (thrown instanceof z.ZodError) {
        throw new MwError('MW_MODEL_FILE_INVALID', { message: `The saved state of the "${step.kind}" step is damaged: ${thrown.issues[0]?.message ?? 'invalid'}.`, details: { kind: step.kind, nodeId: step.nodeId }, cause: thrown });
      }
      if (isMwError(thrown)) {
        throw new MwError(thrown.code, { message: thrown.message, hint: thrown.hint, location: thrown.location, details: { ...thrown.details, step: step.kind, stepNodeId: step.nodeId } });
      }
      throw thrown;
    }
  }
  return { ...current, recipe: [...table.recipe, ...recipe] };
}

/**
 * Maps each model input column back to the user's column it came from: one-hot columns ("city=Lakeside")
 * fold into their source ("city"); every other column maps to itself. Used by feature importance.
 */
export function sourceColumns(recipe: readonly RecipeStep[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const step of recipe) {
    if (step.kind !== 'encode') continue;
    const parsed = encodeStateSchema.safeParse(step.state);
    if (!parsed.success) continue;
    for (const c of parsed.data.columns) {
      const root = sources.get(c.source) ?? c.source;
      for (const out of c.outputs) sources.set(out, root);
    }
  }
  return sources;
}

/** The user's column behind a model input column (itself when no encoding renamed it). */
export function sourceColumnOf(recipe: readonly RecipeStep[], column: string): string {
  return sourceColumns(recipe).get(column) ?? column;
}
