/**
 * The training loop: seeded shuffling, batches built straight from the Float32 feature matrix (gathered
 * and transposed in one pass, no per-row objects), one hand-written gradient step per batch (./network),
 * early stopping on validation loss with the best weights restored, per-epoch events, cancellation
 * checked after every batch, and divergence (a NaN or infinite loss) reported at once with its epoch and batch.
 */
import { MwError } from '../../errors';
import type { EpochRecord, FeatureMatrix } from '../model';
import { layerSlots, parameterCount, type NetworkArchitecture } from './architecture';
import { forward, gradientStep, initialWeights, StepWorkspace } from './network';
import { adam, sgd, type Optimizer } from './optimizer';
import { createRng, RngPurpose, shuffleInPlace } from './random';

/** Rows the network learns from: features, targets (rows × targetWidth) and optional row weights. */
export interface TrainSet {
  readonly x: FeatureMatrix;
  /** Standardised value (1 column), 0/1 (1 column) or one-hot classes (k columns), row-major. */
  readonly y: Float32Array;
  readonly targetWidth: number;
  readonly weights: Float32Array | null;
}

export interface EpochEvent extends EpochRecord {
  readonly epochs: number;
  readonly samplesPerSecond: number;
  readonly metricName: 'accuracy' | 'r2';
}

export interface LoopOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: 'adam' | 'sgd';
  readonly learningRate: number;
  readonly momentum: number;
  readonly l2: number;
  readonly dropout: number;
  readonly earlyStopping: boolean;
  readonly patience: number;
  readonly seed: number;
  readonly signal: AbortSignal;
  readonly now: () => number;
  readonly onEpoch?: (event: EpochEvent) => void;
  /** Called between batches so the host can deliver a cancel; defaults to a macrotask turn. */
  readonly yieldControl?: () => Promise<void>;
  /** Initial weights (default: seeded Glorot initialisation). */
  readonly initial?: Float32Array;
}

export interface LoopResult {
  readonly weights: Float32Array;
  readonly history: EpochRecord[];
  /** The epoch whose weights were kept (0 when no epoch ran). */
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
}

/** Relative improvement of the monitored loss that counts as progress for early stopping. */
const MIN_IMPROVEMENT = 1e-4;

/** Rows of the training set scored each epoch for the training metric (a seeded sample keeps epochs cheap). */
const TRAIN_METRIC_ROWS = 2000;

const defaultYield = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function trainNetwork(arch: NetworkArchitecture, train: TrainSet, validation: TrainSet | null, options: LoopOptions): Promise<LoopResult> {
  const n = train.x.rows;
  const d = train.x.cols;
  const k = train.targetWidth;
  if (n === 0) throw new MwError('MW_TRAIN_NO_ROWS', { message: 'There are no training rows with a target value.' });
  const size = parameterCount(arch);
  const weights = options.initial?.slice() ?? initialWeights(arch, createRng(options.seed, RngPurpose.init));
  const grads = new Float32Array(size);
  const optimizer: Optimizer = options.optimizer === 'adam' ? adam(size, options.learningRate) : sgd(size, options.learningRate, options.momentum);
  // L2 applies to kernels only (as Keras' kernel_regularizer): gradient 2·l2·w.
  const kernelRanges = layerSlots(arch).map((s) => [s.kernel, s.kernel + s.inputs * s.outputs] as const);
  const shuffleRng = createRng(options.seed, RngPurpose.shuffle);
  const dropoutRng = createRng(options.seed, RngPurpose.dropout);
  const yieldControl = options.yieldControl ?? defaultYield;
  const batchSize = Math.max(1, Math.min(options.batchSize, n));
  const keep = 1 - options.dropout;

  const metricRows = sampleIndices(n, TRAIN_METRIC_ROWS, options.seed);
  const metricSet = subset(train, metricRows);
  const metricName = arch.head === 'identity' ? 'r2' : 'accuracy';

  // Host-side batch buffers, reused every step (each step uploads and disposes its tensors).
  const xb = new Float32Array(batchSize * d);
  const xTb = new Float32Array(batchSize * d);
  const yb = new Float32Array(batchSize * k);
  const wb = train.weights === null ? null : new Float32Array(batchSize);
  const maskBuffers = arch.hidden.map((units) => (options.dropout > 0 ? new Float32Array(batchSize * units) : null));
  const work = new StepWorkspace(arch, batchSize);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;

  const history: EpochRecord[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestWeights = weights.slice();
  let bestEpoch = 0;
  let sinceBest = 0;
  let stoppedEarly = false;

  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const started = options.now();
    shuffleInPlace(order, shuffleRng);
    let lossSum = 0;
    let seen = 0;
    const batches = Math.ceil(n / batchSize);
    for (let b = 0; b < batches; b++) {
      const start = b * batchSize;
      const rows = Math.min(batchSize, n - start);
      // Gather the batch rows and their transpose in one pass over the matrix.
      for (let i = 0; i < rows; i++) {
        const r = order[start + i]!;
        const src = r * d;
        for (let j = 0; j < d; j++) {
          const v = train.x.data[src + j]!;
          xb[i * d + j] = v;
          xTb[j * rows + i] = v;
        }
        for (let c = 0; c < k; c++) yb[i * k + c] = train.y[r * k + c]!;
        if (wb !== null && train.weights !== null) wb[i] = train.weights[r]!;
      }
      for (const mask of maskBuffers) {
        if (mask === null) continue;
        for (let i = 0; i < mask.length; i++) mask[i] = dropoutRng.next() < keep ? 1 / keep : 0;
      }
      const loss = gradientStep(arch, weights, { size: rows, x: xb, xT: xTb, y: yb, w: wb, masks: maskBuffers }, grads, work);
      if (!Number.isFinite(loss)) throw diverged(epoch, b + 1, batches, loss);
      if (options.l2 > 0) {
        const c = 2 * options.l2;
        for (const [from, to] of kernelRanges) for (let i = from; i < to; i++) grads[i] = grads[i]! + c * weights[i]!;
      }
      optimizer.step(weights, grads);
      lossSum += loss * rows;
      seen += rows;
      await yieldControl();
      if (options.signal.aborted) throw new MwError('MW_RUN_CANCELLED', { message: `Training was cancelled in epoch ${epoch}, batch ${b + 1}.`, details: { epoch, batch: b + 1 } });
    }

    const loss = lossSum / seen;
    const val = validation === null || validation.x.rows === 0 ? null : score(arch, weights, validation);
    if (val !== null && !Number.isFinite(val.loss)) throw diverged(epoch, batches, batches, val.loss);
    const trainScore = score(arch, weights, metricSet);
    const ms = options.now() - started;
    const record: EpochRecord = { epoch, loss, valLoss: val?.loss ?? null, metric: finiteOrNull(trainScore.metric), valMetric: val === null ? null : finiteOrNull(val.metric), ms };
    history.push(record);
    options.onEpoch?.({ ...record, epochs: options.epochs, samplesPerSecond: ms > 0 ? (seen * 1000) / ms : 0, metricName });

    const monitored = val?.loss ?? loss;
    if (bestEpoch === 0 || monitored < best - MIN_IMPROVEMENT * Math.max(1, Math.abs(best))) {
      best = monitored;
      bestWeights = weights.slice();
      bestEpoch = epoch;
      sinceBest = 0;
    } else {
      sinceBest++;
      if (options.earlyStopping && sinceBest >= options.patience) {
        stoppedEarly = epoch < options.epochs;
        break;
      }
    }
  }
  // Early stopping restores the best epoch's weights; without it the last weights are kept.
  const final = options.earlyStopping && bestEpoch > 0 ? bestWeights : weights;
  return { weights: final, history, bestEpoch: options.earlyStopping ? bestEpoch : history.length, stoppedEarly };
}

function diverged(epoch: number, batch: number, batches: number, loss: number): MwError {
  return new MwError('MW_TRAIN_DIVERGED', {
    message: `Training diverged in epoch ${epoch}, batch ${batch} of ${batches}: the loss became ${Number.isNaN(loss) ? 'NaN' : 'infinite'}.`,
    details: { epoch, batch, loss: String(loss) },
  });
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Up to `max` row indices, a seeded sample without replacement (all rows when n ≤ max). */
function sampleIndices(n: number, max: number, seed: number): Uint32Array {
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (n <= max) return all;
  return shuffleInPlace(all, createRng(seed, RngPurpose.holdout)).slice(0, max).sort();
}

/** The rows `rows` of a training set, copied. */
export function subset(set: TrainSet, rows: Uint32Array): TrainSet {
  const d = set.x.cols;
  const k = set.targetWidth;
  const x = new Float32Array(rows.length * d);
  const y = new Float32Array(rows.length * k);
  const w = set.weights === null ? null : new Float32Array(rows.length);
  rows.forEach((r, i) => {
    x.set(set.x.data.subarray(r * d, (r + 1) * d), i * d);
    y.set(set.y.subarray(r * k, (r + 1) * k), i * k);
    if (w !== null && set.weights !== null) w[i] = set.weights[r]!;
  });
  return { x: { data: x, rows: rows.length, cols: d }, y, targetWidth: k, weights: w };
}

/** Mean loss (same definition as training, unweighted) and the metric (accuracy or R²) on a set. */
export function score(arch: NetworkArchitecture, weights: Float32Array, set: TrainSet): { loss: number; metric: number } {
  const out = forward(arch, weights, set.x);
  const n = set.x.rows;
  const k = set.targetWidth;
  if (n === 0) return { loss: Number.NaN, metric: Number.NaN };
  const eps = 1e-7;
  let loss = 0;
  if (arch.head === 'identity') {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += set.y[i]!;
    mean /= n;
    let ssRes = 0;
    let ssTot = 0;
    for (let i = 0; i < n; i++) {
      const e = out[i]! - set.y[i]!;
      ssRes += e * e;
      ssTot += (set.y[i]! - mean) ** 2;
    }
    loss = ssRes / n;
    return { loss, metric: ssTot > 0 ? 1 - ssRes / ssTot : Number.NaN };
  }
  let correct = 0;
  if (arch.head === 'sigmoid') {
    for (let i = 0; i < n; i++) {
      const p = Math.min(1 - eps, Math.max(eps, out[i]!));
      const y = set.y[i]!;
      loss -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
      if ((out[i]! >= 0.5 ? 1 : 0) === y) correct++;
    }
    if (!out.every(Number.isFinite)) loss = Number.NaN;
    return { loss: loss / n, metric: correct / n };
  }
  for (let i = 0; i < n; i++) {
    let argmax = 0;
    let truth = 0;
    for (let c = 0; c < k; c++) {
      if (out[i * k + c]! > out[i * k + argmax]!) argmax = c;
      if (set.y[i * k + c]! === 1) truth = c;
    }
    const p = out[i * k + truth]!;
    loss -= Math.log(Math.min(1, Math.max(eps, Number.isNaN(p) ? Number.NaN : p)));
    if (argmax === truth) correct++;
  }
  return { loss: loss / n, metric: correct / n };
}
