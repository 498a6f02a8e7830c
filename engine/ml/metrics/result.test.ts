import { describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import { headlineMetric } from './catalog';
import { classificationScores } from './classification';
import { regressionScores } from './regression';
import { buildClassificationResult, buildRegressionResult, describeProtocol } from './result';
import { metricsResultSchema } from './types';

/** A deterministic multiclass problem: the true class gets a bump, so the model is right about 70 % of the time. */
function classificationRows(n: number, k: number, seed: number): { yTrue: Int32Array; proba: Float64Array } {
  let s = seed;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const yTrue = new Int32Array(n);
  const proba = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    yTrue[i] = Math.floor(rand() * k);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const v = Math.exp(rand() * 2 + (c === yTrue[i] ? 1.2 : 0));
      proba[i * k + c] = v;
      sum += v;
    }
    for (let c = 0; c < k; c++) proba[i * k + c]! /= sum;
  }
  return { yTrue, proba };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof MwError ? error.code : `not an MwError: ${String(error)}`;
  }
  return undefined;
}

/** The result survives JSON (reports, run store, WebSocket) unchanged and still validates. */
function expectPlainJson(result: unknown): void {
  const copy: unknown = JSON.parse(JSON.stringify(result));
  expect(copy).toEqual(result);
  expect(metricsResultSchema.safeParse(copy).success).toBe(true);
}

describe('headlineMetric', () => {
  it('is accuracy for classification and R² for regression', () => {
    expect(headlineMetric('classification')).toBe('accuracy');
    expect(headlineMetric('regression')).toBe('r2');
  });
});

describe('buildClassificationResult', () => {
  it('holdout: test and train scores, headline accuracy with a 95 % CI, curves of the test rows', () => {
    const test = classificationRows(300, 3, 1);
    const train = classificationRows(900, 3, 2);
    const r = buildClassificationResult({ classes: ['a', 'b', 'c'], protocol: { kind: 'holdout' }, partitions: { test, train } });
    expect(r.rowCounts).toEqual({ test: 300, train: 900 });
    expect(r.scores.test).toEqual(classificationScores(test.yTrue, test.proba, 3));
    expect(r.scores.train?.['accuracy']).toBeTypeOf('number');
    expect(r.headline).toMatchObject({ metric: 'accuracy', partition: 'test', value: r.scores.test?.['accuracy'], higherIsBetter: true });
    const ci = r.headline.ci!;
    expect(ci.lower).toBeLessThan(r.headline.value!);
    expect(ci.upper).toBeGreaterThan(r.headline.value!);
    expect(ci).toMatchObject({ level: 0.95, resamples: 1000, seed: 0 });
    expect(r.curves.partition).toBe('test');
    expect(r.curves.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(300);
    expect(r.curves.roc).toHaveLength(3);
    expect(r.curves.calibration.kind).toBe('top-label');
    expect(r.notes[0]).toMatch(/held-out test partition \(300 rows\).*over-fitting/);
    expect(describeProtocol(r)).toBe('held-out test partition (300 rows)');
    expectPlainJson(r);
  });

  it('binary: positive-class curves and calibration; a one-class test set gives null AUC with a note, not a crash', () => {
    const yTrue = Int32Array.from([0, 0, 0, 0]);
    const proba = Float64Array.from([0.9, 0.1, 0.6, 0.4, 0.3, 0.7, 0.8, 0.2]);
    const r = buildClassificationResult({ classes: ['no', 'yes'], protocol: { kind: 'holdout' }, partitions: { test: { yTrue, proba } }, bootstrap: { resamples: 200 } });
    expect(r.scores.test?.['roc_auc']).toBeNull();
    expect(r.scores.test?.['average_precision']).toBeNull();
    expect(r.scores.test?.['accuracy']).toBe(0.75);
    expect(r.notes.some((note) => /ROC AUC is undefined on the test rows: only one class \(no\) is present/.test(note))).toBe(true);
    expect(r.curves.calibration.kind).toBe('positive-class');
    expect(r.curves.roc[0]!.points).toEqual([]);
    expect(r.headline.ci).not.toBeNull();
    expectPlainJson(r);
  });

  it('cross-validation with fold ids: cv scores are the mean over folds; the CI resamples within folds', () => {
    const { yTrue, proba } = classificationRows(500, 2, 3);
    const fold = Int32Array.from({ length: 500 }, (_, i) => i % 5);
    const r = buildClassificationResult({ classes: ['no', 'yes'], protocol: { kind: 'cross-validation', folds: 5 }, partitions: { cv: { yTrue, proba, fold } }, bootstrap: { resamples: 300, seed: 9 } });
    expect(r.foldScores).toHaveLength(5);
    const mean = r.foldScores!.reduce((a, s) => a + s['accuracy']!, 0) / 5;
    expect(r.scores.cv?.['accuracy']).toBeCloseTo(mean, 14);
    expect(r.headline).toMatchObject({ partition: 'cv', metric: 'accuracy' });
    expect(r.headline.ci).toMatchObject({ resamples: 300, seed: 9 });
    expect(r.curves.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(500);
    expect(r.notes[0]).toMatch(/5-fold cross-validation/);
    expect(describeProtocol(r)).toBe('5-fold cross-validation (500 rows)');
    expectPlainJson(r);
  });

  it('multiclass with a class absent from the test rows says the AUC average is over fewer classes', () => {
    const yTrue = Int32Array.from([0, 1, 0, 1]);
    const proba = Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.7, 0.1, 0.6, 0.3, 0.1, 0.3, 0.6, 0.1]);
    const r = buildClassificationResult({ classes: ['a', 'b', 'c'], protocol: { kind: 'holdout' }, partitions: { test: { yTrue, proba } }, bootstrap: { resamples: 50 } });
    expect(r.scores.test?.['roc_auc_ovr_macro']).toBe(1);
    expect(r.notes.some((note) => /only 2 of 3 classes/.test(note))).toBe(true);
  });

  it('uses another headline metric when asked, and refuses unknown ones', () => {
    const test = classificationRows(100, 2, 4);
    const r = buildClassificationResult({ classes: ['n', 'y'], protocol: { kind: 'holdout' }, partitions: { test }, headlineMetric: 'log_loss', bootstrap: { resamples: 100 } });
    expect(r.headline).toMatchObject({ metric: 'log_loss', higherIsBetter: false });
    expect(r.headline.ci!.lower).toBeLessThanOrEqual(r.headline.value!);
    expect(codeOf(() => buildClassificationResult({ classes: ['n', 'y'], protocol: { kind: 'holdout' }, partitions: { test }, headlineMetric: 'r2' }))).toBe('MW_GATE_UNKNOWN_METRIC');
  });

  it('no rows in the headline partition is MW_EVAL_NO_ROWS; a partition against the protocol is a caller bug', () => {
    const empty = { yTrue: new Int32Array(0), proba: new Float64Array(0) };
    const some = classificationRows(20, 2, 5);
    expect(codeOf(() => buildClassificationResult({ classes: ['n', 'y'], protocol: { kind: 'holdout' }, partitions: { test: empty, train: some } }))).toBe('MW_EVAL_NO_ROWS');
    expect(codeOf(() => buildClassificationResult({ classes: ['n', 'y'], protocol: { kind: 'holdout' }, partitions: { train: some } }))).toBe('MW_EVAL_NO_ROWS');
    expect(codeOf(() => buildClassificationResult({ classes: ['n', 'y'], protocol: { kind: 'holdout' }, partitions: { cv: some } }))).toBe('MW_INTERNAL');
  });
});

describe('buildRegressionResult', () => {
  const n = 2000;
  const yTrue = Float64Array.from({ length: n }, (_, i) => 50 + 10 * Math.sin(i));
  const yPred = Float64Array.from(yTrue, (y, i) => y + 3 * Math.cos(i * 1.7));

  it('holdout: headline R² with CI, residual and predicted-vs-actual points sampled to 500 rows', () => {
    const r = buildRegressionResult({ protocol: { kind: 'holdout' }, partitions: { test: { yTrue, yPred }, train: { yTrue, yPred: yTrue } }, bootstrap: { resamples: 300 } });
    expect(r.scores.test).toEqual(regressionScores(yTrue, yPred));
    expect(r.scores.train?.['r2']).toBe(1);
    expect(r.headline).toMatchObject({ metric: 'r2', partition: 'test', higherIsBetter: true });
    expect(r.headline.ci!.lower).toBeLessThan(r.headline.value!);
    expect(r.curves.residuals).toHaveLength(500);
    expect(r.curves.rows).toBe(n);
    const p = r.curves.predictedVsActual[0]!;
    expect(r.curves.residuals[0]).toEqual({ predicted: p.predicted, residual: p.actual - p.predicted });
    expectPlainJson(r);
  });

  it('constant y in the test rows: R² by sklearn force_finite, no NaN in the JSON', () => {
    const r = buildRegressionResult({ protocol: { kind: 'holdout' }, partitions: { test: { yTrue: Float64Array.from([5, 5, 5]), yPred: Float64Array.from([5, 6, 4]) } }, bootstrap: { resamples: 50 } });
    expect(r.scores.test?.['r2']).toBe(0);
    expectPlainJson(r);
  });

  it('a single test row: R² is null with a note', () => {
    const r = buildRegressionResult({ protocol: { kind: 'holdout' }, partitions: { test: { yTrue: Float64Array.from([5]), yPred: Float64Array.from([6]) } } });
    expect(r.headline).toMatchObject({ value: null, ci: null });
    expect(r.notes.some((note) => /R² is undefined on the test rows: R² needs at least two rows/.test(note))).toBe(true);
    expectPlainJson(r);
  });

  it('cross-validation with fold ids reports fold scores and their mean', () => {
    const fold = Int32Array.from({ length: n }, (_, i) => (i * 7) % 4);
    const r = buildRegressionResult({ protocol: { kind: 'cross-validation', folds: 4 }, partitions: { cv: { yTrue, yPred, fold } }, bootstrap: { resamples: 100 } });
    expect(r.foldScores).toHaveLength(4);
    expect(r.scores.cv?.['mae']).toBeCloseTo(r.foldScores!.reduce((a, s) => a + s['mae']!, 0) / 4, 12);
    expect(codeOf(() => buildRegressionResult({ protocol: { kind: 'cross-validation', folds: 3 }, partitions: { cv: { yTrue, yPred, fold } } }))).toBe('MW_INTERNAL');
  });
});

describe('metricsResultSchema', () => {
  it('rejects NaN scores and a partition that contradicts the protocol', () => {
    const r = buildRegressionResult({ protocol: { kind: 'holdout' }, partitions: { test: { yTrue: Float64Array.from([1, 2, 3]), yPred: Float64Array.from([1, 2, 4]) } }, bootstrap: { resamples: 20 } });
    expect(metricsResultSchema.safeParse({ ...r, scores: { test: { r2: Number.NaN } } }).success).toBe(false);
    expect(metricsResultSchema.safeParse({ ...r, protocol: { kind: 'cross-validation', folds: 5 } }).success).toBe(false);
  });
});
