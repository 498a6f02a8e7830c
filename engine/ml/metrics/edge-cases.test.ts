/** Inputs at the edges: empty, one class, constant targets, ties, clipping, bad shapes. */
import { describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import { calibrationBins } from './calibration';
import { classificationMetrics, classificationScores, predictedLabels } from './classification';
import { regressionScores } from './regression';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof MwError ? error.code : `not an MwError: ${String(error)}`;
  }
  return undefined;
}

const binary = (ps: number[]): Float64Array => Float64Array.from(ps.flatMap((p) => [1 - p, p]));

describe('empty input', () => {
  it('is MW_EVAL_NO_ROWS, not a crash or NaN', () => {
    expect(codeOf(() => classificationScores(new Int32Array(0), new Float64Array(0), 2))).toBe('MW_EVAL_NO_ROWS');
    expect(codeOf(() => classificationMetrics(new Int32Array(0), new Float64Array(0), 3))).toBe('MW_EVAL_NO_ROWS');
    expect(codeOf(() => regressionScores(new Float64Array(0), new Float64Array(0)))).toBe('MW_EVAL_NO_ROWS');
  });
});

describe('one class present in y_true', () => {
  it('leaves ROC AUC undefined (NaN) and computes the rest', () => {
    const s = classificationScores(Int32Array.from([0, 0, 0]), binary([0.2, 0.7, 0.1]), 2);
    expect(s['roc_auc']).toBeNaN();
    // No positive row: average precision is undefined too; precision is 0 (zero_division=0).
    expect(s['average_precision']).toBeNaN();
    expect(s['accuracy']).toBeCloseTo(2 / 3, 15);
    expect(s['precision']).toBe(0);
    expect(s['recall']).toBe(0);
    expect(s['mcc']).toBe(0);
    expect(s['balanced_accuracy']).toBeCloseTo(2 / 3, 15);
    expect(Number.isFinite(s['log_loss'])).toBe(true);
  });

  it('gives average precision 1 when every row is positive (sklearn)', () => {
    const s = classificationScores(Int32Array.from([1, 1]), binary([0.2, 0.9]), 2);
    expect(s['roc_auc']).toBeNaN();
    expect(s['average_precision']).toBe(1);
  });

  it('multiclass one-vs-rest averages over the classes that are defined', () => {
    // Class 2 never occurs: its one-vs-rest AUC is undefined and left out of the macro average.
    const yTrue = Int32Array.from([0, 1, 0, 1]);
    const proba = Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.7, 0.1, 0.6, 0.3, 0.1, 0.3, 0.6, 0.1]);
    const s = classificationScores(yTrue, proba, 3);
    expect(s['roc_auc_ovr_macro']).toBe(1);
    expect(s['average_precision_ovr_macro']).toBe(1);
    const single = classificationScores(Int32Array.from([2, 2]), Float64Array.from([0.1, 0.1, 0.8, 0.5, 0.2, 0.3]), 3);
    expect(single['roc_auc_ovr_macro']).toBeNaN();
  });

  it('draws empty curves rather than NaN points', () => {
    const m = classificationMetrics(Int32Array.from([1, 1, 1]), binary([0.2, 0.6, 0.9]), 2);
    expect(m.roc[0]).toEqual({ classIndex: 1, auc: null, points: [] });
    expect(m.pr[0]!.averagePrecision).toBe(1);
  });
});

describe('predicted labels', () => {
  it('binary: class 1 at p ≥ 0.5 (the reference convention); multiclass: argmax, ties to the lowest index', () => {
    expect(Array.from(predictedLabels(binary([0.5, 0.4999, 0.51]), 2))).toEqual([1, 0, 1]);
    expect(Array.from(predictedLabels(Float64Array.from([0.4, 0.4, 0.2, 0.2, 0.4, 0.4, 1 / 3, 1 / 3, 1 / 3]), 3))).toEqual([0, 1, 0]);
  });

  it('scores given labels instead when asked', () => {
    const s = classificationScores(Int32Array.from([0, 1]), binary([0.9, 0.1]), 2, { yPred: Int32Array.from([0, 1]) });
    expect(s['accuracy']).toBe(1);
    expect(s['roc_auc']).toBe(0);
  });
});

describe('log loss clipping (sklearn eps="auto": machine epsilon of the dtype)', () => {
  it('float64 probabilities clip at 2^-52', () => {
    const s = classificationScores(Int32Array.from([1]), binary([0]), 2);
    expect(s['log_loss']).toBeCloseTo(-Math.log(2 ** -52), 12);
  });

  it('float32 probabilities clip at 2^-23', () => {
    const s = classificationScores(Int32Array.from([1]), Float32Array.from([1, 0]), 2);
    expect(s['log_loss']).toBeCloseTo(-Math.log(2 ** -23 / (1 - 2 ** -23 + 2 ** -23)), 6);
  });

  it('renormalises rows that do not sum to 1, as sklearn 1.2 does', () => {
    const s = classificationScores(Int32Array.from([0]), Float64Array.from([0.2, 0.2, 0.2]), 3);
    expect(s['log_loss']).toBeCloseTo(Math.log(3), 14);
  });
});

describe('Brier score', () => {
  it('binary: mean (y − p)²; multiclass: mean over rows of Σ over the one-hot target', () => {
    expect(classificationScores(Int32Array.from([1, 0]), binary([0.8, 0.4]), 2)['brier']).toBeCloseTo((0.04 + 0.16) / 2, 15);
    const s = classificationScores(Int32Array.from([0]), Float64Array.from([0.5, 0.3, 0.2]), 3);
    expect(s['brier']).toBeCloseTo(0.25 + 0.09 + 0.04, 15);
  });
});

describe('regression edges', () => {
  it('constant y_true: R² and explained variance are 1 for a perfect fit, else 0 (sklearn force_finite)', () => {
    const y = Float64Array.from([3, 3, 3]);
    expect(regressionScores(y, y)).toMatchObject({ r2: 1, explained_variance: 1 });
    const s = regressionScores(y, Float64Array.from([3, 4, 2]));
    expect(s['r2']).toBe(0);
    expect(s['explained_variance']).toBe(0);
    expect(s['mae']).toBeCloseTo(2 / 3, 15);
    // 0.1 has no exact mean in floating point; it is still a constant target.
    const tenth = new Float64Array(7).fill(0.1);
    expect(regressionScores(tenth, Float64Array.from(tenth, (v, i) => v + i * 1e-3))['r2']).toBe(0);
  });

  it('R² of a single row is NaN (sklearn: not well-defined with fewer than two samples)', () => {
    expect(regressionScores(Float64Array.from([1]), Float64Array.from([2]))['r2']).toBeNaN();
  });

  it('MAPE divides by max(|y|, eps) so y = 0 gives a huge but finite value', () => {
    const s = regressionScores(Float64Array.from([0, 2]), Float64Array.from([1, 1]));
    expect(s['mape']).toBeCloseTo((1 / 2 ** -52 + 0.5) / 2, 0);
    expect(Number.isFinite(s['mape'])).toBe(true);
  });

  it('median absolute error averages the two middle values of an even count', () => {
    expect(regressionScores(Float64Array.from([0, 0, 0, 0]), Float64Array.from([1, -2, 3, 10]))['median_ae']).toBe(2.5);
  });
});

describe('calibration bins', () => {
  it('put a probability on an inner edge in the lower bin, as sklearn', () => {
    const bins = calibrationBins(Float64Array.from([0, 0.1, 0.10000001, 1]), Uint8Array.from([0, 1, 1, 1]), 10);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(bins[0]).toMatchObject({ lower: 0, upper: 0.1, meanPredicted: 0.05, observed: 0.5 });
    expect(bins[2]).toMatchObject({ meanPredicted: null, observed: null });
  });
});

describe('caller bugs are coded errors', () => {
  it('rejects mismatched shapes, out-of-range labels, non-finite values and k < 2', () => {
    expect(codeOf(() => classificationScores(Int32Array.from([0, 1]), new Float64Array(3), 2))).toBe('MW_INTERNAL');
    expect(codeOf(() => classificationScores(Int32Array.from([0, -1]), binary([0.1, 0.2]), 2))).toBe('MW_INTERNAL');
    expect(codeOf(() => classificationScores(Int32Array.from([0, 1]), Float64Array.from([0.5, NaN, 0.5, 0.5]), 2))).toBe('MW_INTERNAL');
    expect(codeOf(() => classificationScores(Int32Array.from([0]), Float64Array.from([1]), 1))).toBe('MW_INTERNAL');
    expect(codeOf(() => classificationScores(Int32Array.from([0, 1]), binary([0.1, 0.2]), 2, { yPred: Int32Array.from([0, 2]) }))).toBe('MW_INTERNAL');
    expect(codeOf(() => regressionScores(Float64Array.from([1, 2]), Float64Array.from([1])))).toBe('MW_INTERNAL');
    expect(codeOf(() => regressionScores(Float64Array.from([1, NaN]), Float64Array.from([1, 2])))).toBe('MW_INTERNAL');
  });
});
