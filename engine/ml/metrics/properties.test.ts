/** Invariants of the metrics, checked on random inputs with fast-check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classificationMetrics, classificationScores } from './classification';
import { regressionScores } from './regression';

const CLOSE = 1e-12;

/** A classification problem: k classes, n rows, labels and row-normalised probabilities. */
const classificationCase = fc
  .record({ k: fc.integer({ min: 2, max: 5 }), n: fc.integer({ min: 1, max: 60 }) })
  .chain(({ k, n }) =>
    fc.record({
      k: fc.constant(k),
      labels: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
      // Coarse values make ties common, so tie handling is exercised.
      raw: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: n * k, maxLength: n * k }),
    }),
  )
  .map(({ k, labels, raw }) => {
    const n = labels.length;
    const proba = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += raw[i * k + c]! + 1;
      for (let c = 0; c < k; c++) proba[i * k + c] = (raw[i * k + c]! + 1) / sum;
    }
    return { k, yTrue: Int32Array.from(labels), proba };
  });

/** Values with three decimals in ±1000: realistic targets, with ties, far from subnormal underflow. */
const value = fc.integer({ min: -1e6, max: 1e6 }).map((v) => v / 1000);
const regressionCase = fc.integer({ min: 2, max: 60 }).chain((n) =>
  fc.record({
    yTrue: fc.array(value, { minLength: n, maxLength: n }),
    yPred: fc.array(value, { minLength: n, maxLength: n }),
  }),
);

function permutation(n: number, seed: number): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

function expectScoresClose(a: Record<string, number>, b: Record<string, number>): void {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const name of Object.keys(a)) {
    const x = a[name]!;
    const y = b[name]!;
    if (Number.isNaN(y)) expect(x, name).toBeNaN();
    else expect(Math.abs(x - y), `${name}: ${x} vs ${y}`).toBeLessThanOrEqual(CLOSE * Math.max(1, Math.abs(y)));
  }
}

/** Brute-force ROC AUC: P(score of a positive > score of a negative) + ½ P(tie) (Mann–Whitney U / (P·N)). */
function pairwiseAuc(y: Int32Array, score: (i: number) => number, positive: number): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== positive) continue;
    for (let j = 0; j < y.length; j++) {
      if (y[j] === positive) continue;
      pairs++;
      wins += score(i) > score(j) ? 1 : score(i) === score(j) ? 0.5 : 0;
    }
  }
  return pairs === 0 ? Number.NaN : wins / pairs;
}

describe('classification invariants', () => {
  it('ROC AUC and average precision of a perfect ranking are 1; of a reversed one, AUC is 0', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 2, maxLength: 80 }).filter((a) => a.includes(true) && a.includes(false)), fc.integer(), (flags, seed) => {
        const n = flags.length;
        const yTrue = Int32Array.from(flags, (f) => (f ? 1 : 0));
        const jitter = permutation(n, seed);
        const good = new Float64Array(n * 2);
        const bad = new Float64Array(n * 2);
        for (let i = 0; i < n; i++) {
          // Positives above 0.5, negatives below, in any order among themselves.
          const p = (flags[i] ? 0.5 : 0) + (0.4 * (jitter[i]! + 1)) / (n + 1);
          good.set([1 - p, p], i * 2);
          bad.set([p, 1 - p], i * 2);
        }
        const s = classificationScores(yTrue, good, 2);
        expect(s['roc_auc']).toBe(1);
        expect(s['average_precision']).toBe(1);
        expect(s['accuracy']).toBe(1);
        expect(s['mcc']).toBeCloseTo(1, 12);
        expect(classificationScores(yTrue, bad, 2)['roc_auc']).toBe(0);
      }),
    );
  });

  it('ROC AUC equals the pairwise (Mann–Whitney) probability, ties counting one half', () => {
    fc.assert(
      fc.property(classificationCase, ({ k, yTrue, proba }) => {
        const s = classificationScores(yTrue, proba, k);
        if (k === 2) {
          const expected = pairwiseAuc(yTrue, (i) => proba[i * 2 + 1]!, 1);
          if (Number.isNaN(expected)) expect(s['roc_auc']).toBeNaN();
          else expect(s['roc_auc']).toBeCloseTo(expected, 12);
        } else {
          const per = Array.from({ length: k }, (_, c) => pairwiseAuc(yTrue, (i) => proba[i * k + c]!, c)).filter(Number.isFinite);
          const expected = per.length === 0 ? Number.NaN : per.reduce((a, b) => a + b, 0) / per.length;
          if (Number.isNaN(expected)) expect(s['roc_auc_ovr_macro']).toBeNaN();
          else expect(s['roc_auc_ovr_macro']).toBeCloseTo(expected, 12);
        }
      }),
    );
  });

  it('scores do not depend on the order of the rows', () => {
    fc.assert(
      fc.property(classificationCase, fc.integer(), ({ k, yTrue, proba }, seed) => {
        const n = yTrue.length;
        const perm = permutation(n, seed);
        const y2 = perm.map((i) => yTrue[i]!);
        const p2 = new Float64Array(n * k);
        perm.forEach((i, j) => p2.set(proba.subarray(i * k, (i + 1) * k), j * k));
        expectScoresClose(classificationScores(y2, p2, k), classificationScores(yTrue, proba, k));
      }),
    );
  });

  it('integer weights count as repeated rows (what the bootstrap relies on)', () => {
    fc.assert(
      fc.property(classificationCase, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60, maxLength: 60 }), ({ k, yTrue, proba }, reps) => {
        const n = yTrue.length;
        const weights = Float64Array.from({ length: n }, (_, i) => reps[i]!);
        if (weights.every((w) => w === 0)) weights[0] = 1;
        const rows: number[] = [];
        weights.forEach((w, i) => {
          for (let r = 0; r < w; r++) rows.push(i);
        });
        const y2 = Int32Array.from(rows, (i) => yTrue[i]!);
        const p2 = new Float64Array(rows.length * k);
        rows.forEach((i, j) => p2.set(proba.subarray(i * k, (i + 1) * k), j * k));
        // Rows of weight 0 vanish entirely: they add no label to the macro averages either.
        expectScoresClose(classificationScores(yTrue, proba, k, { weights }), classificationScores(y2, p2, k));
      }),
    );
  });

  it('scores stay in their ranges; the confusion matrix and calibration bins count every row', () => {
    fc.assert(
      fc.property(classificationCase, ({ k, yTrue, proba }) => {
        const m = classificationMetrics(yTrue, proba, k);
        const s = m.scores;
        for (const name of ['accuracy', 'balanced_accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'f1_weighted']) {
          expect(s[name]).toBeGreaterThanOrEqual(0);
          expect(s[name]).toBeLessThanOrEqual(1 + 1e-15);
        }
        expect(Math.abs(s['mcc']!)).toBeLessThanOrEqual(1 + 1e-12);
        expect(s['log_loss']).toBeGreaterThanOrEqual(0);
        expect(s['brier']).toBeGreaterThanOrEqual(0);
        expect(s['brier']).toBeLessThanOrEqual(2);
        expect(m.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(yTrue.length);
        expect(m.calibration.bins.reduce((a, b) => a + b.count, 0)).toBe(yTrue.length);
        expect(m.scores['accuracy']).toBeCloseTo(m.confusionMatrix.reduce((a, row, t) => a + row[t]!, 0) / yTrue.length, 14);
      }),
    );
  });

  it('ROC and PR curves keep at most 200 points, their end points, and are monotone', () => {
    const n = 5000;
    const yTrue = new Int32Array(n);
    const proba = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      yTrue[i] = i % 3 === 0 ? 1 : 0;
      const p = ((i * 7919) % n) / n;
      proba.set([1 - p, p], i * 2);
    }
    const m = classificationMetrics(yTrue, proba, 2);
    const roc = m.roc[0]!.points;
    expect(roc.length).toBeLessThanOrEqual(200);
    expect(roc[0]).toEqual({ fpr: 0, tpr: 0, threshold: null });
    expect(roc.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
    for (let j = 1; j < roc.length; j++) {
      expect(roc[j]!.fpr).toBeGreaterThanOrEqual(roc[j - 1]!.fpr);
      expect(roc[j]!.tpr).toBeGreaterThanOrEqual(roc[j - 1]!.tpr);
    }
    const pr = m.pr[0]!.points;
    expect(pr.length).toBeLessThanOrEqual(200);
    expect(pr[0]).toEqual({ recall: 0, precision: 1, threshold: null });
    expect(pr.at(-1)).toMatchObject({ recall: 1 });
    expect(m.pr[0]!.prevalence).toBeCloseTo(1667 / 5000, 12);
  });
});

describe('regression invariants', () => {
  it('a perfect prediction scores R² = 1, explained variance 1 and zero errors', () => {
    fc.assert(
      fc.property(regressionCase, ({ yTrue }) => {
        const y = Float64Array.from(yTrue);
        const s = regressionScores(y, y);
        expect(s).toMatchObject({ mae: 0, rmse: 0, r2: 1, mape: 0, explained_variance: 1, median_ae: 0 });
      }),
    );
  });

  it('scores do not depend on the order of the rows', () => {
    fc.assert(
      fc.property(regressionCase, fc.integer(), ({ yTrue, yPred }, seed) => {
        const perm = permutation(yTrue.length, seed);
        const a = regressionScores(Float64Array.from(yTrue), Float64Array.from(yPred));
        const b = regressionScores(Float64Array.from(perm, (i) => yTrue[i]!), Float64Array.from(perm, (i) => yPred[i]!));
        for (const name of Object.keys(a)) expect(Math.abs(a[name]! - b[name]!), name).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a[name]!)));
      }),
    );
  });

  it('integer weights count as repeated rows, the median included', () => {
    fc.assert(
      fc.property(regressionCase, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60, maxLength: 60 }), ({ yTrue, yPred }, reps) => {
        const n = yTrue.length;
        const weights = Float64Array.from({ length: n }, (_, i) => reps[i]!);
        const rows: number[] = [];
        weights.forEach((w, i) => {
          for (let r = 0; r < w; r++) rows.push(i);
        });
        fc.pre(rows.length >= 2); // R² needs two rows on both sides
        const a = regressionScores(Float64Array.from(yTrue), Float64Array.from(yPred), { weights });
        const b = regressionScores(Float64Array.from(rows, (i) => yTrue[i]!), Float64Array.from(rows, (i) => yPred[i]!));
        for (const name of Object.keys(a)) expect(Math.abs(a[name]! - b[name]!), name).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b[name]!)));
      }),
    );
  });

  it('RMSE ≥ MAE ≥ 0 and R² ≤ 1', () => {
    fc.assert(
      fc.property(regressionCase, ({ yTrue, yPred }) => {
        const s = regressionScores(Float64Array.from(yTrue), Float64Array.from(yPred));
        expect(s['mae']).toBeGreaterThanOrEqual(0);
        expect(s['rmse']! + 1e-9 * s['rmse']!).toBeGreaterThanOrEqual(s['mae']!);
        expect(s['r2']).toBeLessThanOrEqual(1);
      }),
    );
  });
});
