/**
 * Tree ensembles as a model kind of the Train node: gradient-boosted trees and random forests
 * (../trees) trained on the same feature matrix as networks (numbers standardised with missing values as 0,
 * categories one-hot), widened to doubles. Keeping that layout means Predict, Evaluate, Explain and the
 * TinyML export (engine/export/tinyml, which finds the GbmModel/ForestModel on the estimator's `model`)
 * treat trees like any other estimator. Regression trees learn the standardised target; predictions are
 * mapped back to target units.
 */
import { MwError } from '../../errors';
import { Partition, rowsIn, targetColumn, type Column, type RecipeStep, type Table } from '../../data/table';
import { sourceColumnOf } from '../../data/recipe';
import type { EpochRecord, Estimator, FeatureLayout, FeatureMatrix, ModelBundle, TargetEncoding, TreeImportance } from '../model';
import { type ForestModel, GbmModel, trainGradientBoostingAsync, trainRandomForestAsync, type ForestParamsInput, type GbmParamsInput, type TrainingHooks } from '../trees/index';
import { buildMatrix, fitFeatures, inputColumnNames } from './features';
import { holdOut, type TrainContext, type TrainRows } from './fit';
import { assembleModelBundle } from './bundle';
import type { TrainParams } from './params';
import { detectTask, encodeClasses, fitTargetEncoding, targetValues } from './task';

export type TreeKind = 'gradient-boosting' | 'random-forest';
/** The estimator family (and model-file codec) of both tree kinds. */
export const TREE_FAMILY = 'tree-ensemble';

/** At most this many epoch events per training run (one per N trees). */
const MAX_PROGRESS_EVENTS = 100;
const MIN_ROWS_FOR_HOLDOUT = 20;

export class TreeEstimator implements Estimator {
  readonly family = TREE_FAMILY;

  constructor(
    readonly kind: TreeKind,
    readonly model: GbmModel | ForestModel,
    readonly classification: boolean,
    /** Regression: the trees predict `(y − center) / scale`. */
    readonly targetScale: { readonly center: number; readonly scale: number } | null,
  ) {}

  get description(): string {
    const m = this.model;
    if (m instanceof GbmModel) {
      const leaves = m.params.maxLeaves;
      return `gradient boosting, ${m.rounds} round${m.rounds === 1 ? '' : 's'} (${m.trees.length} trees, ≤${leaves} leaves, learning rate ${m.params.learningRate})`;
    }
    return `random forest of ${m.trees.length} tree${m.trees.length === 1 ? '' : 's'}${m.params.maxDepth === undefined ? '' : ` (depth ≤${m.params.maxDepth})`}`;
  }

  predict(x: FeatureMatrix): Float64Array {
    const data = Float64Array.from(x.data);
    if (this.classification) return this.model.predictProba(data, x.rows);
    const values = this.model.predict(data, x.rows);
    const s = this.targetScale;
    if (s !== null) for (let i = 0; i < values.length; i++) values[i] = values[i]! * s.scale + s.center;
    return values;
  }
}

/**
 * Split-gain importance per user column (the inputs of a one-hot column, here or upstream in Encode,
 * summed into their source column), largest first.
 */
export function treeImportance(model: GbmModel | ForestModel, layout: FeatureLayout, recipe: readonly RecipeStep[]): TreeImportance {
  const gain = model.featureImportance('gain');
  const splits = model.featureImportance('split');
  const names = inputColumnNames(layout).map((name) => sourceColumnOf(recipe, name));
  const byColumn = new Map<string, { gain: number; splits: number }>();
  names.forEach((name, i) => {
    const entry = byColumn.get(name) ?? { gain: 0, splits: 0 };
    entry.gain += gain[i] ?? 0;
    entry.splits += splits[i] ?? 0;
    byColumn.set(name, entry);
  });
  const total = [...byColumn.values()].reduce((sum, e) => sum + e.gain, 0);
  return [...byColumn.entries()]
    .map(([feature, e]) => ({ feature, gain: total > 0 ? e.gain / total : 0, splits: e.splits }))
    .sort((a, b) => b.gain - a.gain || a.feature.localeCompare(b.feature));
}

function keepRowsWithTarget(rows: Uint32Array, target: Column): Uint32Array {
  if (target.kind === 'numeric') return rows.filter((r) => target.missing[r] !== 1);
  return rows.filter((r) => target.codes[r]! >= 0);
}

function targetsFor(target: Column, encoding: TargetEncoding, rows: Uint32Array): Float64Array {
  if (encoding.kind === 'classes') {
    const codes = encodeClasses(target, encoding);
    return Float64Array.from(rows, (r) => codes[r]!);
  }
  const values = targetValues(target);
  return Float64Array.from(rows, (r) => (values[r]! - encoding.center) / encoding.scale);
}

/** The boosting or forest parameters behind the Train node's tree parameters. */
export function treeLearnerParams(kind: TreeKind, params: TrainParams, k: number, earlyStopping: boolean): GbmParamsInput | ForestParamsInput {
  const depth = params.maxDepth === null ? {} : { maxDepth: params.maxDepth };
  if (kind === 'gradient-boosting') {
    return {
      objective: k === 0 ? 'regression' : k === 2 ? 'binary' : 'multiclass',
      numTrees: params.trees,
      learningRate: params.treeLearningRate,
      maxLeaves: params.maxLeaves ?? 31,
      ...depth,
      minDataInLeaf: params.minSamplesLeaf ?? 20,
      lambdaL2: params.treeL2,
      featureFraction: params.featureFraction ?? 1,
      baggingFraction: params.rowFraction,
      ...(earlyStopping ? { earlyStoppingRounds: params.patience } : {}),
      seed: params.seed,
    } satisfies GbmParamsInput;
  }
  return {
    task: k === 0 ? 'regression' : 'classification',
    numTrees: params.trees,
    ...depth,
    ...(params.maxLeaves === null ? {} : { maxLeaves: params.maxLeaves }),
    minDataInLeaf: params.minSamplesLeaf ?? 1,
    maxFeatures: params.featureFraction ?? 'auto',
    sampleFraction: params.rowFraction,
    seed: params.seed,
  } satisfies ForestParamsInput;
}

/**
 * Trains a tree model on the train partition (or `rows`), watching the validation partition (or a seeded
 * hold-out) for early stopping of boosting. Streams one epoch event per N trees through `ctx.onEpoch`.
 */
export async function trainTreeModel(table: Table, params: TrainParams, ctx: TrainContext, rows?: TrainRows): Promise<ModelBundle> {
  const kind = params.model;
  if (kind !== 'gradient-boosting' && kind !== 'random-forest') throw new MwError('MW_INTERNAL', { message: `trainTreeModel got model "${kind}".` });
  const started = ctx.now();
  const target = targetColumn(table);
  if (target === undefined) throw new MwError('MW_TABLE_NO_TARGET', { message: 'The table has no target column; choose one in Select Columns.' });
  const task = detectTask(target, params.task);
  const notes: string[] = [];

  let train: Uint32Array;
  let validation: Uint32Array;
  let validationSource: 'partition' | 'held-out' | 'none';
  if (rows !== undefined) {
    train = keepRowsWithTarget(rows.train, target);
    validation = keepRowsWithTarget(rows.validation ?? new Uint32Array(0), target);
    validationSource = validation.length > 0 ? 'partition' : 'none';
  } else {
    train = keepRowsWithTarget(rowsIn(table, 'train'), target);
    validation = table.partition === null ? new Uint32Array(0) : keepRowsWithTarget(rowsIn(table, 'validation'), target);
    validationSource = validation.length > 0 ? 'partition' : 'none';
    const unlabeled = (table.partition === null ? table.rowCount : table.partition.filter((p) => p === Partition.train).length) - train.length;
    if (unlabeled > 0) notes.push(`${unlabeled} training row${unlabeled === 1 ? '' : 's'} without a target value were left out.`);
  }
  if (train.length === 0) throw new MwError('MW_TRAIN_NO_ROWS', { message: 'No training rows have a target value.' });

  const encoding = fitTargetEncoding(table, target, task, train);
  const boosting = kind === 'gradient-boosting';
  if (boosting && validationSource === 'none' && params.earlyStopping && rows?.validation === undefined && params.validationFraction > 0 && train.length >= MIN_ROWS_FOR_HOLDOUT) {
    const split = holdOut(train, params.validationFraction, params.seed, encoding.kind === 'classes' ? encodeClasses(target, encoding) : null);
    train = split.train;
    validation = split.validation;
    validationSource = 'held-out';
    notes.push(`Early stopping watched ${validation.length} training rows held out at random (seed ${params.seed}); add a validation partition in Split to choose them.`);
  }
  const { layout, warnings } = fitFeatures(table, train);
  for (const w of warnings) ctx.warn?.(w);
  if (params.classWeights === 'balanced') notes.push('Class weights apply to networks and linear models; the trees weigh every row the same.');

  const k = encoding.kind === 'classes' ? encoding.classes.length : 0;
  const x = Float64Array.from(buildMatrix(table, layout, train).data);
  const y = targetsFor(target, encoding, train);
  const valid = validation.length > 0 ? { x: Float64Array.from(buildMatrix(table, layout, validation).data), rows: validation.length, y: targetsFor(target, encoding, validation) } : undefined;
  const data = { x, rows: train.length, cols: layout.width, y, ...(k > 0 ? { numClasses: k } : {}), ...(valid === undefined ? {} : { valid }) };
  const learnerParams = treeLearnerParams(kind, params, k, boosting && params.earlyStopping && valid !== undefined);

  const history: EpochRecord[] = [];
  const every = Math.max(1, Math.ceil(params.trees / MAX_PROGRESS_EVENTS));
  let last = ctx.now();
  const metricName = task === 'regression' ? 'r2' : 'accuracy';
  const hooks: TrainingHooks = {
    signal: ctx.signal,
    onIteration: (iteration, trainLoss, validLoss) => {
      const epoch = iteration + 1;
      if (epoch % every !== 0 && epoch !== params.trees) return;
      const now = ctx.now();
      const ms = Math.max(0, now - last);
      last = now;
      // A forest's training loss is its out-of-bag loss, undefined until every row was left out once.
      const loss = Number.isFinite(trainLoss) ? trainLoss : validLoss !== undefined && Number.isFinite(validLoss) ? validLoss : null;
      if (loss === null) return;
      const valLoss = validLoss !== undefined && Number.isFinite(validLoss) ? validLoss : null;
      const record: EpochRecord = { epoch, loss, valLoss, metric: null, valMetric: null, ms };
      history.push(record);
      ctx.onEpoch?.({ ...record, epochs: params.trees, metricName, samplesPerSecond: ms > 0 ? (train.length * every * 1000) / ms : 0 });
    },
  };
  const model = boosting
    ? await trainGradientBoostingAsync(data, learnerParams as GbmParamsInput, hooks)
    : await trainRandomForestAsync(data, learnerParams as ForestParamsInput, hooks);

  let epochsRun: number;
  let bestEpoch: number;
  let stoppedEarly = false;
  if (model instanceof GbmModel) {
    epochsRun = model.history.train.length;
    bestEpoch = model.bestIteration === null ? epochsRun : model.bestIteration + 1;
    stoppedEarly = model.bestIteration !== null && epochsRun < params.trees;
    notes.push(`Epochs are boosting rounds${k > 2 ? ` (${k} trees per round, one per class)` : ''}; losses are ${task === 'regression' ? 'mean squared errors of the standardised target' : 'log-losses'}.`);
  } else {
    epochsRun = model.trees.length;
    bestEpoch = epochsRun;
    notes.push(`Epochs are trees; the loss is the out-of-bag ${task === 'regression' ? 'mean squared error of the standardised target' : 'log-loss'}${model.oobScore === null ? '' : `, and the out-of-bag ${metricName === 'r2' ? 'R²' : 'accuracy'} is ${model.oobScore.toFixed(4)}`}.`);
  }
  const estimator = new TreeEstimator(kind, model, k > 0, encoding.kind === 'value' ? { center: encoding.center, scale: encoding.scale } : null);
  return assembleModelBundle({
    kind,
    task,
    table,
    target,
    encoding,
    layout,
    estimator,
    history,
    params,
    backend: ctx.backend,
    rows: { train: train.length, validation: validation.length, source: validationSource },
    outcome: { epochsRun, bestEpoch, stoppedEarly, trainingMs: ctx.now() - started },
    notes,
    refit: (other, trainRows, options) => trainTreeModel(other, params, { ...options, backend: ctx.backend }, { train: trainRows }),
    extra: { importance: treeImportance(model, layout, table.recipe) },
  });
}
