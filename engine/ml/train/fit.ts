/**
 * trainModel(prepared table, params) → ModelBundle. Fits on the train partition (all rows without a Split),
 * stops early on the validation partition (or on a seeded hold-out of the training rows when there is none),
 * and packs the recipe, the raw input schema, the feature layout and the target encoding into the bundle,
 * so Predict can repeat exactly the same preprocessing on new raw rows.
 */
import { MwError, type ErrorInfo } from '../../errors';
import { rowsIn, targetColumn, type Column, type Table } from '../../data/table';
import type { BackendInfo } from '../backend/info';
import type { FeatureLayout, ModelBundle, Task, TargetEncoding } from '../model';
import type { NetworkArchitecture } from './architecture';
import { buildMatrix, fitFeatures } from './features';
import { trainNetwork, type EpochEvent, type TrainSet } from './loop';
import { NetworkEstimator } from './network';
import type { TrainParams } from './params';
import { createRng, RngPurpose, shuffleInPlace } from './random';
import { detectTask, encodeClasses, fitTargetEncoding, targetValues } from './task';
import { assembleModelBundle } from './bundle';


export interface TrainContext {
  readonly signal: AbortSignal;
  readonly now: () => number;
  readonly backend: BackendInfo;
  readonly onEpoch?: (event: EpochEvent) => void;
  readonly warn?: (warning: ErrorInfo) => void;
  readonly yieldControl?: () => Promise<void>;
}

/** Which rows to train on: the table's partitions (default), or explicit rows (a cross-validation fold). */
export interface TrainRows {
  readonly train: Uint32Array;
  /** Early-stopping rows; when absent a hold-out of `train` is used (if early stopping is on). */
  readonly validation?: Uint32Array;
}

/** Too few rows to hold some out for early stopping: train on all of them and watch the training loss. */
const MIN_ROWS_FOR_HOLDOUT = 20;

/**
 * Trains the neural family: a linear model for `model: 'linear'`, the network otherwise. The Train node
 * reaches tree ensembles and Auto through ./dispatch (trainAnyModel); the model records which one it is.
 */
export async function trainModel(table: Table, requested: TrainParams, ctx: TrainContext, rows?: TrainRows): Promise<ModelBundle> {
  const params: TrainParams = requested.model === 'linear' ? requested : { ...requested, model: 'neural-network' };
  const started = ctx.now();
  if (params.epochs === 0) throw new MwError('MW_TRAIN_ZERO_EPOCHS', { message: 'Epochs is 0, so nothing would be learned.', location: { field: 'epochs' } });
  const target = targetColumn(table);
  if (target === undefined) throw new MwError('MW_TABLE_NO_TARGET', { message: 'The table has no target column; choose one in Select Columns.' });
  const task = detectTask(target, params.task);
  const notes: string[] = [];

  const withTarget = (r: Uint32Array) => keepRowsWithTarget(r, target);
  let train: Uint32Array;
  let validation: Uint32Array;
  let validationSource: 'partition' | 'held-out' | 'none';
  if (rows !== undefined) {
    train = withTarget(rows.train);
    validation = withTarget(rows.validation ?? new Uint32Array(0));
    validationSource = rows.validation === undefined ? 'none' : 'partition';
  } else {
    train = withTarget(rowsIn(table, 'train'));
    validation = table.partition === null ? new Uint32Array(0) : withTarget(rowsIn(table, 'validation'));
    validationSource = validation.length > 0 ? 'partition' : 'none';
    const dropped = countRows(table, rows) - train.length - validation.length - (table.partition === null ? 0 : rowsIn(table, 'test').length);
    if (dropped > 0) notes.push(`${dropped} training row${dropped === 1 ? '' : 's'} without a target value were left out.`);
  }
  if (train.length === 0) throw new MwError('MW_TRAIN_NO_ROWS', { message: 'No training rows have a target value.' });

  const targetEncoding = fitTargetEncoding(table, target, task, train);
  if (validationSource === 'none' && params.earlyStopping && params.validationFraction > 0 && train.length >= MIN_ROWS_FOR_HOLDOUT) {
    const split = holdOut(train, params.validationFraction, params.seed, targetEncoding.kind === 'classes' ? encodeClasses(target, targetEncoding) : null);
    train = split.train;
    validation = split.validation;
    validationSource = 'held-out';
    notes.push(`Early stopping watched ${validation.length} training rows held out at random (seed ${params.seed}); add a validation partition in Split to choose them.`);
  }
  if (validationSource === 'none' && params.earlyStopping) notes.push('Early stopping watched the training loss (too few rows to hold some out).');

  const { layout, warnings } = fitFeatures(table, train);
  for (const w of warnings) ctx.warn?.(w);
  warnAboutClasses(target, targetEncoding, train, ctx);

  const trainSet = trainingSet(table, target, layout, targetEncoding, train, params.classWeights === 'balanced');
  const validationSet = validation.length > 0 ? trainingSet(table, target, layout, targetEncoding, validation, false) : null;
  const k = targetEncoding.kind === 'classes' ? targetEncoding.classes.length : 1;
  const arch: NetworkArchitecture = {
    inputs: layout.width,
    hidden: params.model === 'linear' ? [] : [...params.hiddenLayers],
    activation: params.activation,
    outputs: k === 2 || task === 'regression' ? 1 : k,
    head: task === 'regression' ? 'identity' : k === 2 ? 'sigmoid' : 'softmax',
  };
  const result = await trainNetwork(arch, trainSet, validationSet, {
    epochs: params.epochs,
    batchSize: params.batchSize,
    optimizer: params.optimizer,
    learningRate: params.learningRate,
    momentum: params.momentum,
    l2: params.l2,
    dropout: params.model === 'linear' ? 0 : params.dropout,
    earlyStopping: params.earlyStopping,
    patience: params.patience,
    seed: params.seed,
    signal: ctx.signal,
    now: ctx.now,
    ...(ctx.onEpoch === undefined ? {} : { onEpoch: ctx.onEpoch }),
    ...(ctx.yieldControl === undefined ? {} : { yieldControl: ctx.yieldControl }),
  });
  if (task === 'regression') notes.push('Losses are mean squared errors of the standardised target.');

  const estimator = new NetworkEstimator(arch, result.weights, targetEncoding.kind === 'value' ? { center: targetEncoding.center, scale: targetEncoding.scale } : null);
  return assembleModelBundle({
    kind: params.model === 'linear' ? (task === 'regression' ? 'linear-regression' : 'logistic-regression') : 'neural-network',
    task,
    table,
    target,
    encoding: targetEncoding,
    layout,
    estimator,
    history: result.history,
    params,
    backend: ctx.backend,
    rows: { train: train.length, validation: validation.length, source: validationSource },
    outcome: { epochsRun: result.history.length, bestEpoch: result.bestEpoch, stoppedEarly: result.stoppedEarly, trainingMs: ctx.now() - started },
    notes,
    refit: (other, trainRows, options) => trainModel(other, params, { ...options, backend: ctx.backend, ...(ctx.yieldControl === undefined ? {} : { yieldControl: ctx.yieldControl }) }, { train: trainRows }),
  });
}

function countRows(table: Table, rows: TrainRows | undefined): number {
  return rows === undefined ? table.rowCount : rows.train.length;
}

function keepRowsWithTarget(rows: Uint32Array, target: Column): Uint32Array {
  if (target.kind === 'numeric') return rows.filter((r) => target.missing[r] !== 1);
  return rows.filter((r) => target.codes[r]! >= 0);
}

/** A seeded hold-out of `fraction` of the rows, stratified by class when codes are given. */
export function holdOut(rows: Uint32Array, fraction: number, seed: number, codes: Int32Array | null): { train: Uint32Array; validation: Uint32Array } {
  const rng = createRng(seed, RngPurpose.holdout);
  const groups = new Map<number, number[]>();
  for (const r of rows) {
    const key = codes === null ? 0 : codes[r]!;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const held = new Set<number>();
  for (const list of groups.values()) {
    const shuffled = shuffleInPlace(Uint32Array.from(list), rng);
    // A class with a single row stays in training (it cannot be both learned and validated).
    const take = list.length < 2 ? 0 : Math.round(list.length * fraction);
    for (let i = 0; i < take; i++) held.add(shuffled[i]!);
  }
  return { train: rows.filter((r) => !held.has(r)), validation: rows.filter((r) => held.has(r)) };
}

function trainingSet(table: Table, target: Column, layout: FeatureLayout, encoding: TargetEncoding, rows: Uint32Array, balanced: boolean): TrainSet {
  const x = buildMatrix(table, layout, rows);
  if (encoding.kind === 'value') {
    const values = targetValues(target);
    const y = Float32Array.from(rows, (r) => (values[r]! - encoding.center) / encoding.scale);
    return { x, y, targetWidth: 1, weights: null };
  }
  const codes = encodeClasses(target, encoding);
  const k = encoding.classes.length;
  const width = k === 2 ? 1 : k;
  const y = new Float32Array(rows.length * width);
  rows.forEach((r, i) => {
    const c = codes[r]!;
    if (width === 1) y[i] = c === 1 ? 1 : 0;
    else if (c >= 0) y[i * width + c] = 1;
  });
  let weights: Float32Array | null = null;
  if (balanced) {
    // sklearn's class_weight='balanced': n / (classes present · count of the class).
    const counts = new Float64Array(k);
    for (const r of rows) counts[codes[r]!]!++;
    const present = counts.filter((c) => c > 0).length;
    weights = Float32Array.from(rows, (r) => rows.length / (present * counts[codes[r]!]!));
  }
  return { x, y, targetWidth: width, weights };
}

function warnAboutClasses(target: Column, encoding: TargetEncoding, train: Uint32Array, ctx: TrainContext): void {
  if (encoding.kind !== 'classes') return;
  const codes = encodeClasses(target, encoding);
  const counts = new Int32Array(encoding.classes.length);
  for (const r of train) counts[codes[r]!]!++;
  const rare = encoding.classes.filter((_, c) => counts[c]! < 2);
  if (rare.length > 0) {
    ctx.warn?.(new MwError('MW_TRAIN_BAD_TARGET', {
      message: `Class${rare.length === 1 ? '' : 'es'} ${rare.map((c) => `"${c}"`).join(', ')} of "${target.name}" occur${rare.length === 1 ? 's' : ''} at most once in the training rows; the model can hardly learn ${rare.length === 1 ? 'it' : 'them'}.`,
      hint: 'Merge rare classes or collect more rows of them.',
      location: { column: target.name },
      details: { classes: rare },
    }).toInfo());
  }
}

export type { Task };
