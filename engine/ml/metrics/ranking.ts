/**
 * Ranking metrics of one class against the rest: ROC AUC, average precision and their curves.
 * All walk the rows once in descending score order, grouping tied scores into one threshold,
 * as scikit-learn's `_binary_clf_curve` does, so they cost O(n) once the order is known.
 */
import { decimate, orderDescending, type NumericArray, type RowWeights } from './arrays';
import type { PrCurve, RocCurve } from './types';

/**
 * One class scored against the rest, pre-sorted: row i is positive when `yTrue[i] === positive`, its score
 * is `scores[i*stride+offset]`. Build it with `oneVsRest`.
 */
export interface OneVsRest {
  readonly yTrue: Int32Array;
  readonly positive: number;
  readonly scores: NumericArray;
  readonly stride: number;
  readonly offset: number;
  /** Row indices by descending score. */
  readonly order: Int32Array;
  /** In sorted position j: 1 when row order[j] is positive. */
  readonly sortedPositive: Uint8Array;
  /** In sorted position j: 1 when it is the last of a run of tied scores (a threshold ends there). */
  readonly groupEnd: Uint8Array;
}

export function oneVsRest(yTrue: Int32Array, positive: number, scores: NumericArray, stride: number, offset: number): OneVsRest {
  const n = yTrue.length;
  const order = orderDescending(n, (i) => scores[i * stride + offset]!);
  const sortedPositive = new Uint8Array(n);
  const groupEnd = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    sortedPositive[j] = yTrue[i] === positive ? 1 : 0;
    groupEnd[j] = j + 1 === n || scores[order[j + 1]! * stride + offset] !== scores[i * stride + offset] ? 1 : 0;
  }
  return { yTrue, positive, scores, stride, offset, order, sortedPositive, groupEnd };
}

export interface RankingScores {
  /** NaN when the rows hold no positive or no negative (weighted) row: ROC AUC is undefined then. */
  readonly auc: number;
  /** NaN when the rows hold no positive row. */
  readonly averagePrecision: number;
}

/**
 * ROC AUC and average precision in one pass.
 *
 * - ROC AUC (sklearn `roc_auc_score`): trapezoidal area under (FPR, TPR) over distinct thresholds.
 *   Accumulated in counts, Σ (FP_j − FP_{j−1})·(TP_j + TP_{j−1})/2, then divided by P·N.
 * - Average precision (sklearn `average_precision_score`): AP = Σ_j (R_j − R_{j−1})·P_j, precision at
 *   each threshold weighted by the recall it adds (no interpolation).
 */
export function rankingScores(task: OneVsRest, weights: RowWeights): RankingScores {
  const { order, sortedPositive, groupEnd } = task;
  const n = order.length;
  let tp = 0;
  let fp = 0;
  let tpPrev = 0;
  let fpPrev = 0;
  let area = 0;
  let apSum = 0;
  for (let j = 0; j < n; j++) {
    const w = weights === undefined ? 1 : weights[order[j]!]!;
    if (sortedPositive[j] === 1) tp += w;
    else fp += w;
    if (groupEnd[j] === 0) continue;
    area += ((fp - fpPrev) * (tp + tpPrev)) / 2;
    if (tp > tpPrev) apSum += ((tp - tpPrev) * tp) / (tp + fp);
    tpPrev = tp;
    fpPrev = fp;
  }
  return {
    auc: tp > 0 && fp > 0 ? area / (tp * fp) : Number.NaN,
    averagePrecision: tp > 0 ? apSum / tp : Number.NaN,
  };
}

interface Thresholds {
  readonly tps: number[];
  readonly fps: number[];
  readonly thresholds: number[];
}

/** Cumulative true and false positives at each distinct threshold, highest first (sklearn `_binary_clf_curve`). */
function thresholdCounts(task: OneVsRest): Thresholds {
  const { scores, stride, offset, order, sortedPositive, groupEnd } = task;
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let j = 0; j < order.length; j++) {
    if (sortedPositive[j] === 1) tp++;
    else fp++;
    if (groupEnd[j] === 0) continue;
    tps.push(tp);
    fps.push(fp);
    thresholds.push(scores[order[j]! * stride + offset]!);
  }
  return { tps, fps, thresholds };
}

/**
 * ROC curve points (sklearn `roc_curve` with `drop_intermediate=True`: points collinear with their
 * neighbours are dropped), starting at (0, 0), then decimated to at most `maxPoints` for display.
 */
export function rocCurve(task: OneVsRest, auc: number, maxPoints: number): RocCurve {
  const { tps, fps, thresholds } = thresholdCounts(task);
  const m = tps.length;
  const p = tps[m - 1] ?? 0;
  const nNeg = fps[m - 1] ?? 0;
  const points: RocCurve['points'] = [{ fpr: 0, tpr: 0, threshold: null }];
  for (let j = 0; j < m; j++) {
    // Keep a point unless both counts change linearly through it (np.diff(x, 2) == 0 for fps and tps).
    const interior = j > 0 && j < m - 1;
    if (interior && fps[j - 1]! - 2 * fps[j]! + fps[j + 1]! === 0 && tps[j - 1]! - 2 * tps[j]! + tps[j + 1]! === 0) continue;
    points.push({ fpr: nNeg > 0 ? fps[j]! / nNeg : Number.NaN, tpr: p > 0 ? tps[j]! / p : Number.NaN, threshold: thresholds[j]! });
  }
  return { classIndex: task.positive, auc: Number.isFinite(auc) ? auc : null, points: p > 0 && nNeg > 0 ? decimate(points, maxPoints) : [] };
}

/**
 * Precision-recall curve points (sklearn `precision_recall_curve`), by increasing recall, starting at
 * (recall 0, precision 1) with no threshold, then decimated to at most `maxPoints`.
 */
export function prCurve(task: OneVsRest, averagePrecision: number, maxPoints: number): PrCurve {
  const { tps, fps, thresholds } = thresholdCounts(task);
  const m = tps.length;
  const p = tps[m - 1] ?? 0;
  const total = p + (fps[m - 1] ?? 0);
  const points: PrCurve['points'] = [{ recall: 0, precision: 1, threshold: null }];
  if (p > 0) {
    for (let j = 0; j < m; j++) {
      points.push({ recall: tps[j]! / p, precision: tps[j]! / (tps[j]! + fps[j]!), threshold: thresholds[j]! });
    }
  }
  return {
    classIndex: task.positive,
    averagePrecision: Number.isFinite(averagePrecision) ? averagePrecision : null,
    prevalence: total > 0 ? p / total : 0,
    points: p > 0 ? decimate(points, maxPoints) : [],
  };
}
