/** Reliability-diagram bins (sklearn `calibration_curve`, strategy='uniform'). */
import type { NumericArray } from './arrays';
import type { Calibration, CalibrationBin } from './types';

/** Bin edges i / bins for i = 0..bins. */
function edges(bins: number): Float64Array {
  return Float64Array.from({ length: bins + 1 }, (_, i) => i / bins);
}

/**
 * Equal-width bins on [0, 1]. As in sklearn (`np.searchsorted(bins[1:-1], p)`), a probability on an
 * inner edge falls in the lower bin: bin b holds (edge_b, edge_{b+1}], the first bin also holds 0.
 *
 * @param predicted  the probability of the event for each row
 * @param happened   1 where the event happened, 0 otherwise
 */
export function calibrationBins(predicted: Float64Array, happened: Uint8Array, bins = 10): CalibrationBin[] {
  const e = edges(bins);
  const count = new Float64Array(bins);
  const sumPredicted = new Float64Array(bins);
  const sumObserved = new Float64Array(bins);
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    let b = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    // Settle rounding at the edges exactly: b is the number of inner edges strictly below p.
    while (b > 0 && e[b]! >= p) b--;
    while (b < bins - 1 && e[b + 1]! < p) b++;
    count[b]! += 1;
    sumPredicted[b]! += p;
    sumObserved[b]! += happened[i]!;
  }
  return Array.from({ length: bins }, (_, b) => {
    const c = count[b]!;
    return {
      lower: e[b]!,
      upper: e[b + 1]!,
      count: c,
      meanPredicted: c > 0 ? sumPredicted[b]! / c : null,
      observed: c > 0 ? sumObserved[b]! / c : null,
    };
  });
}

/**
 * Binary (k = 2): p(class 1) against the share of class 1. Multiclass: the top-label view, the highest
 * probability (the model's confidence) against the share of rows whose predicted label is right.
 */
export function calibrationOf(yTrue: Int32Array, proba: NumericArray, k: number, yPred: Int32Array, bins = 10): Calibration {
  const n = yTrue.length;
  const predicted = new Float64Array(n);
  const happened = new Uint8Array(n);
  if (k === 2) {
    for (let i = 0; i < n; i++) {
      predicted[i] = proba[i * 2 + 1]!;
      happened[i] = yTrue[i] === 1 ? 1 : 0;
    }
    return { kind: 'positive-class', bins: calibrationBins(predicted, happened, bins) };
  }
  for (let i = 0; i < n; i++) {
    let top = -Infinity;
    for (let c = 0; c < k; c++) top = Math.max(top, proba[i * k + c]!);
    predicted[i] = top;
    happened[i] = yPred[i] === yTrue[i] ? 1 : 0;
  }
  return { kind: 'top-label', bins: calibrationBins(predicted, happened, bins) };
}
