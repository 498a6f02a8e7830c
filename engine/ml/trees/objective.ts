/**
 * Boosting losses: starting scores, per-row gradient and hessian, and the loss value reported per round.
 * Scores are raw margins, `outputs` per row (row-major): log-odds (binary), one logit per class
 * (multiclass, softmax), or the predicted value (regression).
 */
import { type GbmObjective } from './params';

/** Hessians are floored so a leaf of confident rows never divides by zero. */
const MIN_HESSIAN = 1e-16;

export function outputsOf(objective: GbmObjective, numClasses: number): number {
  return objective === 'multiclass' ? numClasses : 1;
}

/** Best constant score: log-odds of the positive rate, log class priors, or the mean. */
export function initialScores(objective: GbmObjective, y: Float64Array, numClasses: number): Float64Array {
  const n = y.length;
  if (objective === 'regression') {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += y[i]!;
    return Float64Array.of(sum / n);
  }
  if (objective === 'binary') {
    let pos = 0;
    for (let i = 0; i < n; i++) pos += y[i]!;
    const p = clampProbability(pos / n);
    return Float64Array.of(Math.log(p / (1 - p)));
  }
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < n; i++) counts[y[i]!] = counts[y[i]!]! + 1;
  return counts.map((c) => Math.log(clampProbability(c / n)));
}

function clampProbability(p: number): number {
  return Math.min(1 - 1e-15, Math.max(1e-15, p));
}

/**
 * Fills `gh` (gradient, hessian per row) for output `k`. For multiclass, `probs` must hold the softmax of
 * the scores (see softmaxRows), computed once per round so every class tree sees the same round's scores.
 * The multiclass hessian carries LightGBM's K/(K-1) factor.
 */
export function fillGradients(
  objective: GbmObjective, scores: Float64Array, y: Float64Array, k: number, numClasses: number,
  probs: Float64Array, gh: Float64Array,
): void {
  const n = y.length;
  if (objective === 'regression') {
    for (let i = 0; i < n; i++) {
      gh[2 * i] = scores[i]! - y[i]!;
      gh[2 * i + 1] = 1;
    }
  } else if (objective === 'binary') {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-scores[i]!));
      gh[2 * i] = p - y[i]!;
      gh[2 * i + 1] = Math.max(p * (1 - p), MIN_HESSIAN);
    }
  } else {
    const factor = numClasses / (numClasses - 1);
    for (let i = 0; i < n; i++) {
      const p = probs[i * numClasses + k]!;
      gh[2 * i] = p - (y[i] === k ? 1 : 0);
      gh[2 * i + 1] = Math.max(factor * p * (1 - p), MIN_HESSIAN);
    }
  }
}

/** Row-wise softmax of `rows` × `k` scores into `out`. */
export function softmaxRows(scores: Float64Array, rows: number, k: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores[o + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(scores[o + c]! - max);
      out[o + c] = e;
      sum += e;
    }
    for (let c = 0; c < k; c++) out[o + c] = out[o + c]! / sum;
  }
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Mean loss: log-loss (binary), multiclass log-loss, or mean squared error (regression). */
export function meanLoss(objective: GbmObjective, scores: Float64Array, y: Float64Array, numClasses: number): number {
  const n = y.length;
  let total = 0;
  if (objective === 'regression') {
    for (let i = 0; i < n; i++) {
      const d = scores[i]! - y[i]!;
      total += d * d;
    }
  } else if (objective === 'binary') {
    for (let i = 0; i < n; i++) total += y[i] === 1 ? softplus(-scores[i]!) : softplus(scores[i]!);
  } else {
    for (let i = 0; i < n; i++) {
      const o = i * numClasses;
      let max = -Infinity;
      for (let c = 0; c < numClasses; c++) max = Math.max(max, scores[o + c]!);
      let sum = 0;
      for (let c = 0; c < numClasses; c++) sum += Math.exp(scores[o + c]! - max);
      total += max + Math.log(sum) - scores[o + y[i]!]!;
    }
  }
  return total / n;
}
