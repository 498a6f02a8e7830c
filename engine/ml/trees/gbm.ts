/**
 * Histogram-based gradient boosting (after LightGBM, Ke et al. 2017, and scikit-learn's
 * HistGradientBoosting): features are binned once, each round fits one tree per output to the loss
 * gradients with leaf-wise growth, leaf values are Newton steps −G / (H + λ) scaled by the learning rate.
 */
import { MwError } from '../../errors';
import { binMatrix, type BinnedMatrix, fitBinning } from './binning';
import { checkTrainingData, type TreeTrainingData } from './data';
import { runYielding, throwIfAborted, type TrainingHooks } from './ensemble';
import { GbmModel } from './gbm-model';
import { type GrowerConfig, TreeGrower } from './grower';
import { fillGradients, initialScores, meanLoss, outputsOf, softmaxRows } from './objective';
import { type GbmParams, type GbmParamsInput, parseGbmParams } from './params';
import { Rng, sampleSorted } from './rng';
import { type Tree } from './tree';

/**
 * Trains a gradient-boosting model. Synchronous: use {@link trainGradientBoostingAsync} in a worker so
 * cancel requests and progress messages get through while it runs.
 * @throws MwError MW_NODE_INVALID_PARAMS (params), MW_TRAIN_NO_ROWS, MW_TRAIN_ONE_CLASS,
 *   MW_TRAIN_BAD_TARGET, MW_TRAIN_DIVERGED, MW_RUN_CANCELLED
 */
export function trainGradientBoosting(data: TreeTrainingData, params: GbmParamsInput, hooks: TrainingHooks = {}): GbmModel {
  const session = new BoostingSession(data, parseGbmParams(params), hooks);
  while (session.step());
  return session.finish();
}

/** {@link trainGradientBoosting}, yielding to the event loop between rounds (at most every 50 ms). */
export async function trainGradientBoostingAsync(
  data: TreeTrainingData, params: GbmParamsInput, hooks: TrainingHooks = {},
): Promise<GbmModel> {
  const session = new BoostingSession(data, parseGbmParams(params), hooks);
  await runYielding(() => session.step());
  return session.finish();
}

/** One training run, advanced a round at a time. */
class BoostingSession {
  private readonly numClasses: number;
  private readonly outputs: number;
  private readonly binned: BinnedMatrix;
  private readonly grower: TreeGrower;
  private readonly rng: Rng;
  private readonly scores: Float64Array;
  private readonly validScores: Float64Array | null;
  private readonly gh: Float64Array;
  private readonly probs: Float64Array;
  private readonly bag: Uint32Array | null;
  private readonly inBag: Uint8Array | null;
  private readonly base: Float64Array;
  private readonly trees: Tree[] = [];
  private readonly trainHistory: number[] = [];
  private readonly validHistory: number[] = [];
  private readonly allFeatures: Int32Array;
  private leafBuffer = new Int32Array(0);
  private round = 0;
  private bestRound = -1;
  private bestLoss = Infinity;

  constructor(
    private readonly data: TreeTrainingData,
    private readonly params: GbmParams,
    private readonly hooks: TrainingHooks,
  ) {
    const target = params.objective === 'binary' ? 'binary' : params.objective === 'multiclass' ? 'classes' : 'values';
    this.numClasses = checkTrainingData(data, target);
    this.outputs = outputsOf(params.objective, this.numClasses);
    this.rng = new Rng(params.seed);
    const categorical = data.categorical ?? new Array<boolean>(data.cols).fill(false);
    const binning = fitBinning(data.x, data.rows, data.cols, categorical, {
      maxBins: params.maxBins,
      maxCategories: params.maxCategories,
      sampleRows: params.binSampleRows,
      rng: this.rng.fork(),
    });
    this.binned = binMatrix(data.x, data.rows, data.cols, binning);
    const config: GrowerConfig = {
      stride: 2,
      lambda: params.lambdaL2,
      minDataInLeaf: params.minDataInLeaf,
      minSumHessian: params.minSumHessianInLeaf,
      minGain: params.minGainToSplit,
      maxCatToOnehot: params.maxCatToOnehot,
      maxCatThreshold: params.maxCatThreshold,
      catSmooth: params.catSmooth,
      catL2: params.catL2,
      minDataPerGroup: params.minDataPerGroup,
      maxLeaves: params.maxLeaves,
      maxDepth: params.maxDepth ?? Infinity,
      order: params.growth === 'leafwise' ? 'best' : 'fifo',
      featuresPerNode: 0,
      hessianIsCount: false,
      histogramBudgetBytes: 256 * 1024 * 1024,
    };
    this.grower = new TreeGrower(this.binned, config);
    const n = data.rows;
    const k = this.outputs;
    this.base = initialScores(params.objective, data.y, this.numClasses);
    this.scores = new Float64Array(n * k);
    for (let i = 0; i < n * k; i++) this.scores[i] = this.base[i % k]!;
    this.validScores = null;
    if (data.valid !== undefined && data.valid.rows > 0) {
      const v = new Float64Array(data.valid.rows * k);
      for (let i = 0; i < v.length; i++) v[i] = this.base[i % k]!;
      this.validScores = v;
    }
    this.gh = new Float64Array(2 * n);
    this.probs = new Float64Array(params.objective === 'multiclass' ? n * k : 0);
    const bagged = params.baggingFraction < 1 && Math.floor(n * params.baggingFraction) >= 1;
    this.bag = bagged ? new Uint32Array(n) : null;
    this.inBag = bagged ? new Uint8Array(n) : null;
    this.allFeatures = Int32Array.from({ length: data.cols }, (_, f) => f);
  }

  /** Runs one boosting round; returns false when training is over. */
  step(): boolean {
    const p = this.params;
    if (this.round >= p.numTrees) return false;
    throwIfAborted(this.hooks.signal);
    const n = this.data.rows;
    const k = this.outputs;
    let bagCount = n;
    if (this.bag !== null) {
      bagCount = sampleSorted(n, Math.floor(n * p.baggingFraction), this.rng, this.bag);
      this.inBag!.fill(0);
      for (let i = 0; i < bagCount; i++) this.inBag![this.bag[i]!] = 1;
    }
    if (p.objective === 'multiclass') softmaxRows(this.scores, n, k, this.probs);
    for (let c = 0; c < k; c++) {
      fillGradients(p.objective, this.scores, this.data.y, c, this.numClasses, this.probs, this.gh);
      const features = this.drawFeatures();
      const grown = this.grower.grow(this.gh, this.bag, bagCount, features, 1, this.leafValue, this.rng);
      const tree = grown.tree;
      for (let j = 0; j < grown.leafNode.length; j++) {
        const v = tree.value[grown.leafNode[j]!]!;
        if (!Number.isFinite(v)) throw new MwError('MW_TRAIN_DIVERGED');
        const start = grown.leafStart[j]!;
        const end = start + grown.leafCount[j]!;
        const scores = this.scores;
        for (let i = start; i < end; i++) {
          const o = grown.rowOrder[i]! * k + c;
          scores[o] = scores[o]! + v;
        }
      }
      if (this.inBag !== null) this.addToRows(tree, c, this.data.x, n, this.scores, this.inBag);
      if (this.validScores !== null) this.addToRows(tree, c, this.data.valid!.x, this.data.valid!.rows, this.validScores, null);
      this.trees.push(tree);
    }
    return this.endRound();
  }

  private readonly leafValue = (stats: Float64Array, out: Float64Array): void => {
    out[0] = (-this.params.learningRate * stats[0]!) / (stats[1]! + this.params.lambdaL2);
  };

  /** Features for the next tree (featureFraction of them, at least one), in increasing order. */
  private drawFeatures(): Int32Array {
    const d = this.data.cols;
    const want = Math.max(1, Math.round(d * this.params.featureFraction));
    if (want >= d) return this.allFeatures;
    const chosen = new Uint32Array(want);
    sampleSorted(d, want, this.rng, chosen);
    return Int32Array.from(chosen);
  }

  /** Adds a tree's output to the scores of rows not already updated through the leaves (skip = in bag). */
  private addToRows(tree: Tree, c: number, x: Float64Array, rows: number, scores: Float64Array, skip: Uint8Array | null): void {
    const d = this.data.cols;
    const k = this.outputs;
    if (skip === null) {
      if (this.leafBuffer.length < rows) this.leafBuffer = new Int32Array(rows);
      tree.leavesOf(x, rows, d, this.leafBuffer);
      for (let r = 0; r < rows; r++) scores[r * k + c] = scores[r * k + c]! + tree.value[this.leafBuffer[r]!]!;
      return;
    }
    for (let r = 0; r < rows; r++) {
      if (skip[r] === 1) continue;
      scores[r * k + c] = scores[r * k + c]! + tree.value[tree.leafOf(x, r * d)]!;
    }
  }

  private endRound(): boolean {
    const p = this.params;
    const round = this.round++;
    let trainLoss = NaN;
    if (this.hooks.onIteration !== undefined) {
      trainLoss = meanLoss(p.objective, this.scores, this.data.y, this.numClasses);
      if (!Number.isFinite(trainLoss)) throw new MwError('MW_TRAIN_DIVERGED');
      this.trainHistory.push(trainLoss);
    }
    let validLoss: number | undefined;
    if (this.validScores !== null) {
      validLoss = meanLoss(p.objective, this.validScores, this.data.valid!.y, this.numClasses);
      this.validHistory.push(validLoss);
      if (validLoss < this.bestLoss) {
        this.bestLoss = validLoss;
        this.bestRound = round;
      }
    }
    this.hooks.onIteration?.(round, trainLoss, validLoss);
    if (p.earlyStoppingRounds !== undefined && this.validScores !== null && round - this.bestRound >= p.earlyStoppingRounds) {
      return false;
    }
    return this.round < p.numTrees;
  }

  finish(): GbmModel {
    const early = this.params.earlyStoppingRounds !== undefined && this.validScores !== null && this.bestRound >= 0;
    const rounds = early ? this.bestRound + 1 : this.round;
    const trees = this.trees.slice(0, rounds * this.outputs);
    // The whole history is kept (it shows where validation loss turned); bestIteration marks the kept round.
    const history = { train: this.trainHistory, valid: this.validHistory };
    const categorical = this.data.categorical ?? new Array<boolean>(this.data.cols).fill(false);
    const numClasses = this.params.objective === 'regression' ? 0 : this.numClasses;
    return new GbmModel(
      this.params.objective, numClasses, this.data.cols, [...categorical], this.base, trees,
      early ? this.bestRound : null, history, this.params,
    );
  }
}
