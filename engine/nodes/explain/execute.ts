/**
 * Explain: permutation feature importance (Breiman 2001; sklearn's permutation_importance): the drop in a
 * score when one source column's values are shuffled across the scored rows, `repeats` times, reported as
 * mean and standard deviation (np.std, ddof 0, as sklearn). One-hot inputs of a source column are shuffled
 * together, with the same row permutation, and reported under the source column.
 */
import { MwError } from '../../errors';
import { sourceColumnOf } from '../../data/recipe';
import { rowsIn, type CategoricalColumn, type NumericColumn, type Table } from '../../data/table';
import { backendForStep } from '../../ml/backend/step';
import type { FeatureMatrix, ModelBundle } from '../../ml/model';
import { preparedFor, predictRows, truthFor, type Truth } from '../../ml/train/infer';
import { createRng, shuffleInPlace } from '../../ml/train/random';
import { checkCancelled, type ExecContext } from '../../run/context';
import { defineNode } from '../node';
import { portValue, requireInput } from '../values';
import { explainSpec, type ExplainParams } from './spec';

export interface Importance {
  readonly column: string;
  readonly mean: number;
  readonly std: number;
}

export interface ExplainResult {
  readonly metric: string;
  readonly baseline: number;
  readonly rows: number;
  readonly partition: 'test' | 'all';
  readonly importances: readonly Importance[];
}

type Metric = 'accuracy' | 'log_loss' | 'r2' | 'rmse';

/** Higher-is-better score of model outputs against the truth (losses are negated so every drop is "worse"). */
function scorer(metric: Metric, truth: Truth, k: number): (output: Float64Array) => number {
  if (truth.kind === 'classes') {
    const codes = truth.codes;
    if (metric === 'log_loss') {
      return (p) => {
        let loss = 0;
        for (let i = 0; i < codes.length; i++) loss -= Math.log(Math.min(1, Math.max(1e-15, p[i * k + codes[i]!]!)));
        return -loss / codes.length;
      };
    }
    return (p) => {
      let correct = 0;
      for (let i = 0; i < codes.length; i++) {
        let best = 0;
        if (k === 2) best = p[2 * i + 1]! >= 0.5 ? 1 : 0;
        else for (let c = 1; c < k; c++) if (p[i * k + c]! > p[i * k + best]!) best = c;
        if (best === codes[i]) correct++;
      }
      return correct / codes.length;
    };
  }
  const y = truth.values;
  let mean = 0;
  for (const v of y) mean += v;
  mean /= y.length;
  let ssTot = 0;
  for (const v of y) ssTot += (v - mean) ** 2;
  return (pred) => {
    let ssRes = 0;
    for (let i = 0; i < y.length; i++) ssRes += (y[i]! - pred[i]!) ** 2;
    return metric === 'rmse' ? -Math.sqrt(ssRes / y.length) : 1 - ssRes / ssTot;
  };
}

function metricFor(model: ModelBundle, requested: ExplainParams['metric']): Metric {
  if (requested === 'auto') return model.task === 'classification' ? 'accuracy' : 'r2';
  const fits = model.task === 'classification' ? requested === 'accuracy' || requested === 'log_loss' : requested === 'r2' || requested === 'rmse';
  if (!fits) throw new MwError('MW_NODE_INVALID_PARAMS', { message: `"${requested}" is not a ${model.task} metric.`, location: { field: 'metric' } });
  return requested;
}

/** Matrix columns of each source column, in the order the source columns first appear. */
export function sourceGroups(model: ModelBundle): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  let offset = 0;
  for (const column of model.features.columns) {
    const width = column.kind === 'numeric' ? 1 : column.categories.length;
    const source = sourceColumnOf(model.recipe, column.name);
    const list = groups.get(source) ?? [];
    for (let j = 0; j < width; j++) list.push(offset + j);
    groups.set(source, list);
    offset += width;
  }
  return groups;
}

export async function explainModel(model: ModelBundle, input: Table, params: ExplainParams, ctx: Pick<ExecContext, 'signal' | 'emit'>): Promise<ExplainResult> {
  const metric = metricFor(model, params.metric);
  const { table } = preparedFor(model, input);
  const test = table.partition === null ? new Uint32Array(0) : rowsIn(table, 'test');
  const partition = test.length > 0 ? 'test' : 'all';
  let rows = test.length > 0 ? test : rowsIn(table, 'none').length > 0 ? rowsIn(table, 'none') : rowsIn(table, 'train');
  if (rows.length > params.maxRows) rows = shuffleInPlace(rows.slice(), createRng(params.seed, 7)).slice(0, params.maxRows).sort();
  const truth = truthFor(model, table, rows);
  if (truth.rows.length < 2) throw new MwError('MW_EVAL_NO_ROWS', { message: 'Explain needs at least two rows with a target value.' });
  const k = model.task === 'classification' ? model.classes.length : 1;
  const score = scorer(metric, truth, k);
  const { matrix, output } = predictRows(model, table, truth.rows);
  const baseline = score(output);
  const n = matrix.rows;
  const w = matrix.cols;
  const rng = createRng(params.seed, 8);
  const order = new Uint32Array(n);
  const permuted = new Float32Array(matrix.data);
  const shuffled: FeatureMatrix = { data: permuted, rows: n, cols: w };
  const importances: Importance[] = [];
  const groups = sourceGroups(model);
  let done = 0;
  for (const [column, cols] of groups) {
    checkCancelled(ctx.signal);
    const drops: number[] = [];
    for (let r = 0; r < params.repeats; r++) {
      for (let i = 0; i < n; i++) order[i] = i;
      shuffleInPlace(order, rng);
      for (let i = 0; i < n; i++) for (const c of cols) permuted[i * w + c] = matrix.data[order[i]! * w + c]!;
      drops.push(baseline - score(model.estimator.predict(shuffled)));
    }
    for (let i = 0; i < n; i++) for (const c of cols) permuted[i * w + c] = matrix.data[i * w + c]!;
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
    importances.push({ column, mean, std });
    ctx.emit({ type: 'progress', fraction: ++done / groups.size, message: column });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  importances.sort((a, b) => b.mean - a.mean || (a.column < b.column ? -1 : 1));
  return { metric, baseline: metric === 'log_loss' || metric === 'rmse' ? -baseline : baseline, rows: n, partition, importances };
}

/** The importances as a table: feature, importance (mean drop), spread (standard deviation). */
export function importanceTable(result: ExplainResult): Table {
  const n = result.importances.length;
  const feature: CategoricalColumn = { name: 'feature', role: 'ignored', kind: 'categorical', type: 'categorical', codes: Int32Array.from({ length: n }, (_, i) => i), categories: result.importances.map((i) => i.column) };
  const numeric = (name: string, values: number[]): NumericColumn => ({ name, role: 'ignored', kind: 'numeric', type: 'float', values: Float64Array.from(values), missing: new Uint8Array(n) });
  return {
    rowCount: n,
    columns: [feature, numeric('importance', result.importances.map((i) => i.mean)), numeric('spread', result.importances.map((i) => i.std))],
    partition: null,
    recipe: [],
    sources: [],
  };
}

export const explainNode = defineNode(explainSpec, async (inputs, params, ctx) => {
  const model = requireInput(inputs, 'model', 'Model');
  const table = requireInput(inputs, 'table', 'Table');
  await backendForStep(ctx);
  const result = await explainModel(model, table, params, ctx);
  const top = result.importances.slice(0, 3).map((i) => `${i.column} ${i.mean.toFixed(3)} ± ${i.std.toFixed(3)}`).join(', ');
  ctx.emit({
    type: 'log',
    level: 'info',
    message: `Permutation importance (drop in ${result.metric}, ${params.repeats} shuffles, ${result.rows} ${result.partition === 'test' ? 'test' : ''} rows${result.partition === 'all' ? ': no test rows, so this shows what the model uses, not what generalises' : ''}): ${top}.`,
  });
  return { importance: portValue('Table', importanceTable(result)) };
});
