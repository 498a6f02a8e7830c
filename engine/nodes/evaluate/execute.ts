/**
 * Evaluate: holdout scores (test and train partitions) when the table has test rows; otherwise k-fold
 * cross-validation: the model's `refit` retrains it on each fold's other rows, and the pooled out-of-fold
 * predictions are scored (fold scores and their mean are reported, as sklearn's cross_val_score).
 * The upstream preprocessing is refit per fold too (as an sklearn Pipeline inside cross_val_score): the raw
 * table before the recipe travels with the prepared table (`Table.raw`, set by the first transform), and
 * `refitRecipe` fits each step on the fold's training rows only before the model is retrained.
 */
import { MwError } from '../../errors';
import { canRefitRecipe, refitRecipe } from '../../data/recipe';
import { rowsIn, type Table } from '../../data/table';
import { backendForStep } from '../../ml/backend/step';
import type { ModelBundle } from '../../ml/model';
import { buildClassificationResult, buildRegressionResult } from '../../ml/metrics/result';
import type { ClassificationRows, RegressionRows } from '../../ml/metrics/result';
import type { EvaluationPartition, MetricsResult } from '../../ml/metrics/types';
import { kFolds } from '../../ml/train/folds';
import { preparedFor, predictRows, truthFor } from '../../ml/train/infer';
import type { ExecContext } from '../../run/context';
import { checkCancelled } from '../../run/context';
import { defineNode } from '../node';
import { portValue, requireInput } from '../values';
import { evaluateSpec, type EvaluateParams } from './spec';

type Rows = ClassificationRows | RegressionRows;

/** Model outputs and truth for some rows, in the metrics module's shape. */
function scoredRows(model: ModelBundle, table: Table, rows: Uint32Array): { rows: Rows; count: number; dropped: number } {
  const truth = truthFor(model, table, rows);
  const { output } = predictRows(model, table, truth.rows);
  if (truth.kind === 'classes') return { rows: { yTrue: truth.codes, proba: output }, count: truth.rows.length, dropped: truth.dropped };
  return { rows: { yTrue: truth.values, yPred: output }, count: truth.rows.length, dropped: truth.dropped };
}

function build(model: ModelBundle, partitions: Partial<Record<EvaluationPartition, Rows>>, protocol: MetricsResult['protocol'], params: EvaluateParams): MetricsResult {
  const bootstrap = { resamples: params.resamples, seed: params.seed };
  if (model.task === 'classification') {
    return buildClassificationResult({ classes: model.classes, partitions: partitions as Partial<Record<EvaluationPartition, ClassificationRows>>, protocol, bootstrap });
  }
  return buildRegressionResult({ partitions: partitions as Partial<Record<EvaluationPartition, RegressionRows>>, protocol, bootstrap });
}

export async function evaluateModel(model: ModelBundle, input: Table, params: EvaluateParams, ctx: ExecContext): Promise<MetricsResult> {
  const { table, replayed } = preparedFor(model, input);
  const notes: string[] = [];
  if (replayed) notes.push("The table was run through the model's preprocessing before scoring.");
  const test = table.partition === null ? new Uint32Array(0) : rowsIn(table, 'test');
  let result: MetricsResult;
  if (test.length > 0) {
    const partitions: Partial<Record<EvaluationPartition, Rows>> = {};
    for (const name of ['test', 'train'] as const) {
      const scored = scoredRows(model, table, rowsIn(table, name));
      if (scored.count === 0) continue;
      partitions[name] = scored.rows;
      if (scored.dropped > 0) notes.push(`${scored.dropped} ${name} row${scored.dropped === 1 ? '' : 's'} without a known target value were not scored.`);
    }
    if (partitions.test === undefined) throw new MwError('MW_EVAL_NO_ROWS', { message: 'No test row has a target value to score against.' });
    result = build(model, partitions, { kind: 'holdout' }, params);
  } else {
    // The raw rows behind the prepared table: the input itself when the recipe was just replayed on it.
    const raw = replayed ? input : table.raw;
    result = await crossValidate(model, table, raw, params, ctx, notes);
  }
  return { ...result, notes: [...result.notes, ...notes] };
}

async function crossValidate(model: ModelBundle, table: Table, raw: Table | undefined, params: EvaluateParams, ctx: ExecContext, notes: string[]): Promise<MetricsResult> {
  if (model.refit === undefined) {
    throw new MwError('MW_EVAL_NO_ROWS', {
      message: 'The table has no test rows and this model cannot be retrained for cross-validation.',
      hint: 'Add a Split node before the preprocessing to hold out test rows.',
    });
  }
  const all = rowsIn(table, table.partition === null ? 'none' : 'train');
  const truth = truthFor(model, table, all);
  if (truth.rows.length < params.folds) {
    throw new MwError('MW_EVAL_NO_ROWS', { message: `Cross-validation needs at least ${params.folds} rows with a target value; the table has ${truth.rows.length}.` });
  }
  const folds = kFolds(truth.rows.length, params.folds, params.seed, truth.kind === 'classes' ? truth.codes : null);
  notes.push(
    table.partition === null
      ? `No Split node marked test rows, so the scores come from ${params.folds}-fold cross-validation: the model was retrained ${params.folds} times, each time scoring the rows it did not see.`
      : `The table has no test rows, so the scores come from ${params.folds}-fold cross-validation of its training rows.`,
  );
  // Per-fold preprocessing needs the raw rows (aligned with the table) and a recipe whose steps recorded their params.
  const perFold = raw !== undefined && raw.rowCount === table.rowCount && canRefitRecipe(model.recipe) ? raw : undefined;
  if (table.recipe.some((s) => s.kind !== 'select-columns')) {
    notes.push(
      perFold !== undefined
        ? "The preprocessing upstream (imputation, encoding, scaling) was refit on each fold's training rows, so the held-out rows of a fold did not influence it."
        : 'The preprocessing upstream (imputation, encoding, scaling) was fitted once on all rows, not per fold, so the cross-validated scores can be slightly optimistic; add a Split node before it for a clean test score.',
    );
  }
  const n = truth.rows.length;
  const k = model.task === 'classification' ? model.classes.length : 1;
  const oof = new Float64Array(n * k);
  const foldOf = new Int32Array(n);
  for (let f = 0; f < params.folds; f++) {
    checkCancelled(ctx.signal);
    const trainIdx = folds.train(f);
    const testIdx = folds.test(f);
    const trainRows = Uint32Array.from(trainIdx, (i) => truth.rows[i]!);
    // Same rows and partition as `table`; only the fitted preprocessing statistics differ.
    const foldTable = perFold === undefined ? table : { ...refitRecipe(perFold, model.recipe, trainRows), partition: table.partition };
    const fitted = await model.refit(foldTable, trainRows, { signal: ctx.signal, now: ctx.now });
    const { output } = predictRows(fitted, foldTable, Uint32Array.from(testIdx, (i) => truth.rows[i]!));
    testIdx.forEach((i, j) => {
      foldOf[i] = f;
      for (let c = 0; c < k; c++) oof[i * k + c] = output[j * k + c]!;
    });
    ctx.emit({ type: 'progress', fraction: (f + 1) / params.folds, message: `fold ${f + 1} of ${params.folds}` });
  }
  const protocol = { kind: 'cross-validation', folds: params.folds } as const;
  const rows: Rows = truth.kind === 'classes' ? { yTrue: truth.codes, proba: oof, fold: foldOf } : { yTrue: truth.values, yPred: oof, fold: foldOf };
  return build(model, { cv: rows }, protocol, params);
}

export const evaluateNode = defineNode(evaluateSpec, async (inputs, params, ctx) => {
  const model = requireInput(inputs, 'model', 'Model');
  const table = requireInput(inputs, 'table', 'Table');
  await backendForStep(ctx);
  const metrics = await evaluateModel(model, table, params, ctx);
  const h = metrics.headline;
  const ci = h.ci === null ? '' : ` (95% CI ${h.ci.lower.toFixed(4)}–${h.ci.upper.toFixed(4)})`;
  ctx.emit({ type: 'log', level: 'info', message: `${h.metric} on ${h.partition === 'cv' ? 'cross-validation' : `the ${h.partition} rows`}: ${h.value === null ? 'undefined' : h.value.toFixed(4)}${ci}` });
  return { metrics: portValue('Metrics', metrics) };
});
