/**
 * Random forest (Breiman 2001) on the boosting's histogram machinery: each tree grows on a bootstrap
 * sample (bootstrap counts become row weights), trying a random subset of features at each split, until
 * leaves are pure or hit the size limits. Classification splits minimise Gini impurity and leaves hold
 * class distributions, averaged over trees; regression splits minimise squared error and leaves hold means.
 * Rows a tree did not draw are its out-of-bag rows, scored to give the out-of-bag estimate.
 */
import { binMatrix, fitBinning } from './binning';
import { checkTrainingData, type TreeTrainingData } from './data';
import { runYielding, throwIfAborted, type TrainingHooks } from './ensemble';
import { ForestModel } from './forest-model';
import { type GrowerConfig, type NodeOutput, TreeGrower } from './grower';
import { type ForestParams, type ForestParamsInput, type MaxFeatures, parseForestParams } from './params';
import { Rng, sampleSorted } from './rng';
import { type Tree } from './tree';

/**
 * Trains a random forest. Synchronous: use {@link trainRandomForestAsync} in a worker so cancel requests
 * and progress messages get through while it runs.
 * @throws MwError MW_NODE_INVALID_PARAMS, MW_TRAIN_NO_ROWS, MW_TRAIN_ONE_CLASS, MW_TRAIN_BAD_TARGET, MW_RUN_CANCELLED
 */
export function trainRandomForest(data: TreeTrainingData, params: ForestParamsInput, hooks: TrainingHooks = {}): ForestModel {
  const session = new ForestSession(data, parseForestParams(params), hooks);
  while (session.step());
  return session.finish();
}

/** {@link trainRandomForest}, yielding to the event loop between trees (at most every 50 ms). */
export async function trainRandomForestAsync(
  data: TreeTrainingData, params: ForestParamsInput, hooks: TrainingHooks = {},
): Promise<ForestModel> {
  const session = new ForestSession(data, parseForestParams(params), hooks);
  await runYielding(() => session.step());
  return session.finish();
}

/** Features tried per split for `maxFeatures` (scikit-learn's rounding: floor, at least one). */
export function featuresPerSplit(maxFeatures: MaxFeatures, classification: boolean, d: number): number {
  let k: number;
  if (typeof maxFeatures === 'number') k = Math.floor(maxFeatures * d);
  else if (maxFeatures === 'sqrt' || (maxFeatures === 'auto' && classification)) k = Math.floor(Math.sqrt(d));
  else if (maxFeatures === 'log2') k = Math.floor(Math.log2(d));
  else if (maxFeatures === 'third') k = Math.floor(d / 3);
  else k = d;
  return Math.min(d, Math.max(1, k));
}

class ForestSession {
  private readonly classification: boolean;
  private readonly numClasses: number;
  /** Target channels per row: 1 (regression, binary) or K (multiclass one-hot). */
  private readonly channels: number;
  /** Node outputs: 1 (regression mean, binary P(1)) or K (class distribution). */
  private readonly outputs: number;
  private readonly stride: number;
  private readonly grower: TreeGrower;
  private readonly rng: Rng;
  private readonly stats: Float64Array;
  private readonly weights: Uint32Array;
  private readonly rows: Uint32Array;
  private readonly features: Int32Array;
  private readonly mean: number;
  private readonly trees: Tree[] = [];
  private readonly oobSum: Float64Array | null;
  private readonly oobCount: Uint32Array | null;
  private readonly validSum: Float64Array | null;
  private leafBuffer = new Int32Array(0);

  constructor(
    private readonly data: TreeTrainingData,
    private readonly params: ForestParams,
    private readonly hooks: TrainingHooks,
  ) {
    this.classification = params.task === 'classification';
    this.numClasses = checkTrainingData(data, this.classification ? 'classes' : 'values');
    this.channels = this.classification && this.numClasses > 2 ? this.numClasses : 1;
    this.outputs = this.channels;
    this.stride = this.channels + 1;
    this.rng = new Rng(params.seed);
    const n = data.rows;
    const categorical = data.categorical ?? new Array<boolean>(data.cols).fill(false);
    const binning = fitBinning(data.x, n, data.cols, categorical, {
      maxBins: params.maxBins,
      maxCategories: params.maxCategories,
      sampleRows: params.binSampleRows,
      rng: this.rng.fork(),
    });
    const binned = binMatrix(data.x, n, data.cols, binning);
    const config: GrowerConfig = {
      stride: this.stride,
      lambda: 0,
      minDataInLeaf: params.minDataInLeaf,
      minSumHessian: 0,
      minGain: 0,
      maxCatToOnehot: params.maxCatToOnehot,
      maxCatThreshold: params.maxCatThreshold,
      catSmooth: params.catSmooth,
      catL2: params.catL2,
      minDataPerGroup: params.minDataPerGroup,
      maxLeaves: params.maxLeaves ?? Infinity,
      maxDepth: params.maxDepth ?? Infinity,
      order: params.maxLeaves === undefined ? 'lifo' : 'best',
      featuresPerNode: featuresPerSplit(params.maxFeatures, this.classification, data.cols),
      hessianIsCount: true,
      histogramBudgetBytes: 256 * 1024 * 1024,
      ...(this.classification ? { isPure: this.isPure } : {}),
    };
    this.grower = new TreeGrower(binned, config);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data.y[i]!;
    // Regression targets are centred so split gains do not lose precision on large values.
    this.mean = this.classification ? 0 : sum / n;
    this.stats = new Float64Array(n * this.stride);
    this.weights = new Uint32Array(n);
    this.rows = new Uint32Array(n);
    this.features = Int32Array.from({ length: data.cols }, (_, f) => f);
    const oob = params.oobScore && params.bootstrap;
    this.oobSum = oob ? new Float64Array(n * this.outputs) : null;
    this.oobCount = oob ? new Uint32Array(n) : null;
    this.validSum = data.valid === undefined || data.valid.rows === 0 ? null : new Float64Array(data.valid.rows * this.outputs);
  }

  /** A class node is pure when one class holds all its weight (sums of integer weights: exact). */
  private readonly isPure = (stats: Float64Array): boolean => {
    const h = stats[this.stride - 1]!;
    if (this.channels === 1) return stats[0]! <= 0 || stats[0]! >= h;
    for (let c = 0; c < this.channels; c++) if (stats[c]! >= h) return true;
    return false;
  };

  private readonly nodeOutput: NodeOutput = (stats, out) => {
    const h = stats[this.stride - 1]!;
    for (let c = 0; c < this.channels; c++) out[c] = stats[c]! / h + this.mean;
  };

  /** Grows one tree; returns false when the forest is complete. */
  step(): boolean {
    const p = this.params;
    if (this.trees.length >= p.numTrees) return false;
    throwIfAborted(this.hooks.signal);
    const rowCount = this.drawRows();
    const tree = this.grower.grow(this.stats, this.rows, rowCount, this.features, this.outputs, this.nodeOutput, this.rng.fork()).tree;
    this.trees.push(tree);
    if (this.oobSum !== null) this.scoreOutOfBag(tree);
    if (this.validSum !== null) this.addOutputs(tree, this.data.valid!.x, this.data.valid!.rows, this.validSum);
    if (this.hooks.onIteration !== undefined) {
      const oobLoss = this.oobSum === null ? NaN : this.loss(this.oobSum, this.oobCount, this.data.y);
      const validLoss = this.validSum === null ? undefined : this.loss(this.validSum, null, this.data.valid!.y);
      this.hooks.onIteration(this.trees.length - 1, oobLoss, validLoss);
    }
    return this.trees.length < p.numTrees;
  }

  /** Draws the tree's rows and fills their weighted statistics; returns how many rows were drawn. */
  private drawRows(): number {
    const p = this.params;
    const n = this.data.rows;
    const w = this.weights;
    const draws = Math.max(1, Math.round(n * p.sampleFraction));
    w.fill(0);
    if (p.bootstrap) {
      for (let i = 0; i < draws; i++) {
        const r = this.rng.int(n);
        w[r] = w[r]! + 1;
      }
    } else if (draws < n) {
      const chosen = new Uint32Array(draws);
      sampleSorted(n, draws, this.rng, chosen);
      for (const r of chosen) w[r] = 1;
    } else {
      w.fill(1);
    }
    const s = this.stride;
    const y = this.data.y;
    let count = 0;
    for (let r = 0; r < n; r++) {
      const weight = w[r]!;
      if (weight === 0) continue;
      this.rows[count++] = r;
      const o = r * s;
      if (this.channels === 1) this.stats[o] = weight * (y[r]! - this.mean);
      else for (let c = 0; c < this.channels; c++) this.stats[o + c] = y[r] === c ? weight : 0;
      this.stats[o + s - 1] = weight;
    }
    return count;
  }

  private scoreOutOfBag(tree: Tree): void {
    const d = this.data.cols;
    const k = this.outputs;
    const x = this.data.x;
    for (let r = 0; r < this.data.rows; r++) {
      if (this.weights[r] !== 0) continue;
      const leaf = tree.leafOf(x, r * d);
      for (let c = 0; c < k; c++) this.oobSum![r * k + c] = this.oobSum![r * k + c]! + tree.value[leaf * k + c]!;
      this.oobCount![r] = this.oobCount![r]! + 1;
    }
  }

  private addOutputs(tree: Tree, x: Float64Array, rows: number, sum: Float64Array): void {
    const k = this.outputs;
    if (this.leafBuffer.length < rows) this.leafBuffer = new Int32Array(rows);
    tree.leavesOf(x, rows, this.data.cols, this.leafBuffer);
    for (let r = 0; r < rows; r++) {
      const leaf = this.leafBuffer[r]!;
      for (let c = 0; c < k; c++) sum[r * k + c] = sum[r * k + c]! + tree.value[leaf * k + c]!;
    }
  }

  /** Log-loss (classification, probabilities clipped) or mean squared error of averaged outputs. */
  private loss(sum: Float64Array, counts: Uint32Array | null, y: Float64Array): number {
    const k = this.outputs;
    let total = 0;
    let rows = 0;
    for (let r = 0; r < y.length; r++) {
      const count = counts === null ? this.trees.length : counts[r]!;
      if (count === 0) continue;
      rows++;
      if (!this.classification) {
        const d = sum[r]! / count - y[r]!;
        total += d * d;
        continue;
      }
      const p = k === 1 ? (y[r] === 1 ? sum[r]! : count - sum[r]!) / count : sum[r * k + y[r]!]! / count;
      total -= Math.log(Math.min(1, Math.max(1e-15, p)));
    }
    return rows === 0 ? NaN : total / rows;
  }

  /** Out-of-bag accuracy (classification) or R² (regression) over rows with an out-of-bag prediction. */
  private oobScore(): number | null {
    const sum = this.oobSum;
    const counts = this.oobCount;
    if (sum === null || counts === null) return null;
    const y = this.data.y;
    const k = this.outputs;
    let scored = 0;
    let correct = 0;
    let sumY = 0;
    for (let r = 0; r < y.length; r++) {
      const count = counts[r]!;
      if (count === 0) continue;
      scored++;
      sumY += y[r]!;
      if (!this.classification) continue;
      let predicted: number;
      if (k === 1) predicted = sum[r]! / count > 0.5 ? 1 : 0;
      else {
        predicted = 0;
        for (let c = 1; c < k; c++) if (sum[r * k + c]! > sum[r * k + predicted]!) predicted = c;
      }
      if (predicted === y[r]) correct++;
    }
    if (scored === 0) return null;
    if (this.classification) return correct / scored;
    const meanY = sumY / scored;
    let ssRes = 0;
    let ssTot = 0;
    for (let r = 0; r < y.length; r++) {
      const count = counts[r]!;
      if (count === 0) continue;
      ssRes += (sum[r]! / count - y[r]!) ** 2;
      ssTot += (y[r]! - meanY) ** 2;
    }
    return ssTot > 0 ? 1 - ssRes / ssTot : null;
  }

  finish(): ForestModel {
    const categorical = this.data.categorical ?? new Array<boolean>(this.data.cols).fill(false);
    return new ForestModel(
      this.params.task, this.classification ? this.numClasses : 0, this.data.cols, [...categorical], this.trees,
      this.oobScore(), this.params,
    );
  }
}
