/**
 * Replays a table's recipe (the fitted preprocessing steps) on new raw data, as Predict does
 * (DESIGN.md "No leakage": the model repeats exactly the preprocessing it was trained with).
 * Each step kind's apply function is registered here explicitly; they are the same pure functions the
 * nodes use when they fit, so training-time and prediction-time preprocessing cannot drift apart.
 */
import { z } from 'zod';
import { MwError, isMwError } from '../errors';
import { applyEncode, encodeStateSchema, fitEncode } from '../nodes/encode/execute';
import { encodeSpec } from '../nodes/encode/spec';
import { applyImpute, fitImpute } from '../nodes/impute/execute';
import { imputeSpec } from '../nodes/impute/spec';
import { applyScale, fitScale } from '../nodes/scale/execute';
import { scaleSpec } from '../nodes/scale/spec';
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

/**
 * Learns a step's state from `rows` of a table, given the node's recorded params. These are the very fit
 * functions the nodes call (with the table's fitRows), so a refit step is what the node would have fitted
 * had only those rows been its training rows.
 */
export type FitStep = (table: Table, rows: Uint32Array, params: unknown) => unknown;

const fitters: Readonly<Record<string, FitStep>> = {
  impute: (table, rows, params) => fitImpute(table, imputeSpec.params.parse(params), rows).state,
  encode: (table, rows, params) => fitEncode(table, encodeSpec.params.parse(params), rows),
  scale: (table, rows, params) => fitScale(table, scaleSpec.params.parse(params), rows),
};

/** Steps whose state does not depend on the rows (roles only): replayed as they are when refitting. */
const rowIndependent: ReadonlySet<string> = new Set(['select-columns']);

/** True when every step of `recipe` can be fitted again on other rows (see `refitRecipe`). */
export function canRefitRecipe(recipe: readonly RecipeStep[]): boolean {
  return recipe.every((step) => rowIndependent.has(step.kind) || (Object.hasOwn(fitters, step.kind) && step.params !== undefined));
}

/**
 * Runs `recipe` on `raw` (the table before the recipe's first step) but fits every data-dependent step
 * afresh on `rows` only, applying it to all rows: k-fold cross-validation uses it so that a fold's held-out
 * rows never influence the preprocessing the fold's model is trained with. Throws MW_MODEL_FILE_INVALID
 * when a step cannot be refit (check `canRefitRecipe` first).
 */
export function refitRecipe(raw: Table, recipe: readonly RecipeStep[], rows: Uint32Array): Table {
  const steps: RecipeStep[] = [];
  let current = raw;
  for (const step of recipe) {
    const fit = Object.hasOwn(fitters, step.kind) ? fitters[step.kind] : undefined;
    if (rowIndependent.has(step.kind)) {
      steps.push(step);
    } else if (fit !== undefined && step.params !== undefined) {
      steps.push({ ...step, state: fit(current, rows, step.params) });
    } else {
      throw new MwError('MW_MODEL_FILE_INVALID', { message: `The "${step.kind}" preprocessing step cannot be fitted again (its parameters were not recorded).`, details: { kind: step.kind, nodeId: step.nodeId } });
    }
    current = applyRecipe(current, [steps[steps.length - 1]!]);
  }
  return current;
}

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
