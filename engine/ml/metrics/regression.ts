/**
 * Regression metrics, defined exactly as scikit-learn 1.2 defines them (reference:
 * ../shared/reference/metrics_cases.json). The residual is r = y_true − y_pred throughout.
 *
 * R² and explained variance follow sklearn's `force_finite=True`: when y_true is constant (zero variance)
 * the score is 1 for a perfect prediction and 0 otherwise, never NaN or −∞. Constancy is tested on the
 * values themselves, so a constant like 0.1, whose mean rounds, still counts as constant (where sklearn's
 * rounded mean can leave a tiny variance and a huge negative score). R² of fewer than two rows is
 * NaN (sklearn: "not well-defined with less than two samples").
 */
import { MwError } from '../../errors';
import { seededRandom } from './bootstrap';
import { checkWeights, requireLength, requireRows, type NumericArray, type RowWeights } from './arrays';
import type { RegressionCurves } from './types';

export const regressionMetricNames = ['mae', 'rmse', 'r2', 'mape', 'explained_variance', 'median_ae'] as const;
export type RegressionMetricName = (typeof regressionMetricNames)[number];

/** Lower bound on |y_true| in MAPE: float64 machine epsilon (sklearn `mean_absolute_percentage_error`). */
const MAPE_EPSILON = 2 ** -52;

export interface PreparedRegression {
  readonly n: number;
  readonly yTrue: NumericArray;
  readonly yPred: NumericArray;
  /** y_true − y_pred per row. */
  readonly residual: Float64Array;
  /** Per-row terms, so a weighted pass is multiply-adds over sequential arrays. */
  readonly absResidual: Float64Array;
  /** |r| / max(|y|, eps): MAPE's term. */
  readonly percentError: Float64Array;
  /** Row indices by increasing |residual| and those values in that order, for the (weighted) median in O(n). */
  readonly absOrder: Int32Array;
  readonly absSorted: Float64Array;
}

export function prepareRegression(yTrue: NumericArray, yPred: NumericArray): PreparedRegression {
  const n = yTrue.length;
  requireRows(n, 'the regression metrics');
  requireLength(yPred.length, n, 'yPred');
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(p)) {
      throw new MwError('MW_INTERNAL', { message: `Metrics: ${Number.isFinite(t) ? 'prediction' : 'actual value'} at row ${i} is not a finite number; drop rows with a missing target first.`, location: { row: i } });
    }
    residual[i] = t - p;
  }
  const absResidual = residual.map(Math.abs);
  const percentError = absResidual.map((a, i) => a / Math.max(Math.abs(yTrue[i]!), MAPE_EPSILON));
  const absOrder = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => absResidual[a]! - absResidual[b]! || a - b);
  const absSorted = Float64Array.from(absOrder, (i) => absResidual[i]!);
  return { n, yTrue, yPred, residual, absResidual, percentError, absOrder, absSorted };
}

/**
 * 1 − num/den with sklearn's force_finite rule (`_assemble_r2_explained_variance`): den = 0 gives 1 when
 * num = 0 and 0 otherwise.
 */
function assembleScore(numerator: number, denominator: number): number {
  if (denominator !== 0) return 1 - numerator / denominator;
  return numerator === 0 ? 1 : 0;
}

/**
 * Median of |residual| over the rows repeated by their weights. With all weights 1 this is numpy's
 * `np.median` (the mean of the two middle values for an even count), as sklearn's `median_absolute_error`.
 */
function weightedMedianAbs(prep: PreparedRegression, weights: RowWeights): number {
  const { absOrder, absSorted, n } = prep;
  if (weights === undefined) {
    const mid = n >> 1;
    return n % 2 === 1 ? absSorted[mid]! : (absSorted[mid - 1]! + absSorted[mid]!) / 2;
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  if (total <= 0) return Number.NaN;
  const half = total / 2;
  let cumulative = 0;
  for (let j = 0; j < n; j++) {
    const w = weights[absOrder[j]!]!;
    if (w === 0) continue;
    cumulative += w;
    if (cumulative > half) return absSorted[j]!;
    if (cumulative === half) {
      // An even count splits exactly here: average with the next row that has weight.
      for (let m = j + 1; m < n; m++) if (weights[absOrder[m]!]! > 0) return (absSorted[j]! + absSorted[m]!) / 2;
      return absSorted[j]!;
    }
  }
  return Number.NaN;
}

function momentScores(prep: PreparedRegression, weights: RowWeights): Record<string, number> {
  const { n, yTrue, residual, absResidual, percentError } = prep;
  // Two passes: weighted means first, then sums of squares about them. A one-pass shifted formula loses
  // digits when the weights move the mean far from the shift (bootstrap resamples; a fast-check case
  // with y = [0, 0.001] under weights found R² off by 2e-7).
  let sw = 0;
  // Whether y varies among the weighted rows: a constant y has Σ(y − ȳ)² = 0 exactly, even when ȳ rounds.
  let yFirst = Number.NaN;
  let yVaries = false;
  let sAbs = 0;
  let sPct = 0;
  let sY = 0;
  let sR = 0;
  let sRaw = 0; // Σ w r²
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    const y = yTrue[i]!;
    const r = residual[i]!;
    if (!yVaries) {
      if (Number.isNaN(yFirst)) yFirst = y;
      else if (y !== yFirst) yVaries = true;
    }
    sw += w;
    sAbs += w * absResidual[i]!;
    sPct += w * percentError[i]!;
    sY += w * y;
    sR += w * r;
    sRaw += w * r * r;
  }
  const yMean = sY / sw;
  const rMean = sR / sw;
  let ssTot = 0; // Σ w (y − ȳ_w)²
  let ssRes = 0; // Σ w (r − r̄_w)²
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    const dy = yTrue[i]! - yMean;
    const dr = residual[i]! - rMean;
    ssTot += w * dy * dy;
    ssRes += w * dr * dr;
  }
  if (!yVaries) ssTot = 0;
  return {
    // mean_absolute_error: mean |y − ŷ|.
    mae: sAbs / sw,
    // root of mean_squared_error: √(mean (y − ŷ)²).
    rmse: Math.sqrt(sRaw / sw),
    // r2_score: 1 − Σ(y − ŷ)² / Σ(y − ȳ)².
    r2: n < 2 ? Number.NaN : assembleScore(sRaw, ssTot),
    // mean_absolute_percentage_error: mean |y − ŷ| / max(|y|, eps), a fraction (0.1 = 10 %).
    mape: sPct / sw,
    // explained_variance_score: 1 − Var(y − ŷ) / Var(y).
    explained_variance: assembleScore(ssRes / sw, ssTot / sw),
  };
}

/** All regression scores of prepared rows under the given weights. */
export function regressionScoresOfPrepared(prep: PreparedRegression, weights: RowWeights): Record<string, number> {
  checkWeights(weights, prep.n);
  // median_absolute_error: median |y − ŷ|.
  const all: Record<string, number> = { ...momentScores(prep, weights), median_ae: weightedMedianAbs(prep, weights) };
  const ordered: Record<string, number> = {};
  for (const name of regressionMetricNames) ordered[name] = all[name] ?? Number.NaN;
  return ordered;
}

/** The value of one metric as a function of row weights. */
export function regressionStatistic(prep: PreparedRegression, metric: string): (weights: Float64Array) => number {
  if (!(regressionMetricNames as readonly string[]).includes(metric)) {
    throw new MwError('MW_GATE_UNKNOWN_METRIC', { message: `"${metric}" is not a regression metric.`, details: { metric, known: regressionMetricNames } });
  }
  if (metric === 'median_ae') return (w) => weightedMedianAbs(prep, w);
  return (w) => momentScores(prep, w)[metric]!;
}

export interface RegressionOptions {
  /** Row weights as repeat counts (bootstrap resamples); all 1 when absent. */
  readonly weights?: Float64Array;
}

/** Every regression score (names: `regressionMetricNames`). Throws MW_EVAL_NO_ROWS for empty input. */
export function regressionScores(yTrue: NumericArray, yPred: NumericArray, options: RegressionOptions = {}): Record<string, number> {
  return regressionScoresOfPrepared(prepareRegression(yTrue, yPred), options.weights);
}

/** Up to `max` row indices, a seeded uniform sample without replacement, in row order. */
export function sampleRows(n: number, max: number, seed: number): Int32Array {
  if (n <= max) return Int32Array.from({ length: n }, (_, i) => i);
  const next = seededRandom(seed);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  // Partial Fisher–Yates: the first `max` slots end up a uniform sample.
  for (let j = 0; j < max; j++) {
    const pick = j + Math.floor((next() * (n - j)) / 4294967296);
    const t = idx[j]!;
    idx[j] = idx[pick]!;
    idx[pick] = t;
  }
  return idx.slice(0, max).sort();
}

export interface RegressionPointOptions {
  /** Most points kept for display; 500 by default. */
  readonly maxPoints?: number;
  /** Seed of the row sample; 0 by default. */
  readonly seed?: number;
}

/** Residual and predicted-vs-actual points for one seeded sample of rows (the same rows in both). */
export function regressionPoints(prep: PreparedRegression, options: RegressionPointOptions = {}): Pick<RegressionCurves, 'residuals' | 'predictedVsActual' | 'rows'> {
  const rows = sampleRows(prep.n, options.maxPoints ?? 500, options.seed ?? 0);
  const residuals: RegressionCurves['residuals'] = [];
  const predictedVsActual: RegressionCurves['predictedVsActual'] = [];
  for (const i of rows) {
    const predicted = prep.yPred[i]!;
    residuals.push({ predicted, residual: prep.residual[i]! });
    predictedVsActual.push({ actual: prep.yTrue[i]!, predicted });
  }
  return { residuals, predictedVsActual, rows: prep.n };
}

export interface RegressionMetrics {
  readonly scores: Record<string, number>;
  readonly residuals: RegressionCurves['residuals'];
  readonly predictedVsActual: RegressionCurves['predictedVsActual'];
}

/** Scores plus residual and predicted-vs-actual points (sampled for display). */
export function regressionMetrics(yTrue: NumericArray, yPred: NumericArray, options: RegressionOptions & RegressionPointOptions = {}): RegressionMetrics {
  const prep = prepareRegression(yTrue, yPred);
  const points = regressionPoints(prep, options);
  return { scores: regressionScoresOfPrepared(prep, options.weights), residuals: points.residuals, predictedVsActual: points.predictedVsActual };
}
