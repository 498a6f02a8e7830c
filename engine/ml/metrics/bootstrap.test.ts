import { describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import { bootstrapInterval, percentileOfSorted, seededRandom } from './bootstrap';
import { classificationStatistic, prepareClassification } from './classification';
import { prepareRegression, regressionStatistic } from './regression';

describe('seededRandom', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 2 ** 32 && Number.isInteger(x)).toBe(true);
  });
});

describe('percentileOfSorted', () => {
  it('interpolates linearly like np.percentile', () => {
    expect(percentileOfSorted(Float64Array.from([1, 2, 3, 4]), 0.5)).toBe(2.5);
    expect(percentileOfSorted(Float64Array.from([10, 20]), 0.25)).toBe(12.5);
    expect(percentileOfSorted(Float64Array.from({ length: 1000 }, (_, i) => i), 0.025)).toBeCloseTo(24.975, 12);
  });
});

describe('bootstrapInterval', () => {
  it('hands the statistic counts that sum to each group size', () => {
    const seen: number[][] = [];
    bootstrapInterval([5, 3], (counts) => {
      seen.push(counts.map((c) => c.reduce((a, b) => a + b, 0)));
      return 0;
    }, { resamples: 20 });
    expect(seen).toHaveLength(20);
    for (const sums of seen) expect(sums).toEqual([5, 3]);
  });

  it('is reproducible for a seed', () => {
    const prep = prepareRegression(Float64Array.from({ length: 50 }, (_, i) => i), Float64Array.from({ length: 50 }, (_, i) => i + Math.sin(i) * 5));
    const stat = regressionStatistic(prep, 'r2');
    const run = (seed: number) => bootstrapInterval([50], (c) => stat(c[0]!), { seed, resamples: 200 });
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('gives the textbook width for accuracy: ±1.96·√(p(1−p)/n)', () => {
    const n = 2000;
    const yTrue = new Int32Array(n);
    const proba = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      yTrue[i] = i % 2;
      const right = i % 5 !== 0; // accuracy 0.8
      const p = (yTrue[i] === 1) === right ? 0.9 : 0.1;
      proba.set([1 - p, p], i * 2);
    }
    const prep = prepareClassification(yTrue, proba, 2);
    const stat = classificationStatistic(prep, 'accuracy');
    const ci = bootstrapInterval([n], (c) => stat(c[0]!), { resamples: 1000, seed: 1 })!;
    const half = 1.96 * Math.sqrt((0.8 * 0.2) / n);
    expect(ci.lower).toBeLessThan(0.8);
    expect(ci.upper).toBeGreaterThan(0.8);
    expect((ci.upper - ci.lower) / 2).toBeGreaterThan(half * 0.85);
    expect((ci.upper - ci.lower) / 2).toBeLessThan(half * 1.15);
    expect(ci).toMatchObject({ level: 0.95, resamples: 1000, validResamples: 1000, method: 'percentile bootstrap', seed: 1 });
  });

  it('drops resamples where the metric is undefined and returns null when none is defined', () => {
    const prep = prepareClassification(Int32Array.from([1, 0, 0, 0, 0, 0, 0, 0]), Float64Array.from([0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.6, 0.4, 0.5, 0.5, 0.4, 0.6, 0.3, 0.7]), 2);
    const auc = classificationStatistic(prep, 'roc_auc');
    const ci = bootstrapInterval([8], (c) => auc(c[0]!), { resamples: 300 })!;
    // The one positive row is left out of about (7/8)^8 ≈ 34 % of resamples.
    expect(ci.validResamples).toBeLessThan(300);
    expect(ci.validResamples).toBeGreaterThan(120);
    expect(bootstrapInterval([3], () => Number.NaN, { resamples: 10 })).toBeNull();
  });

  it('rejects empty groups and bad options with codes', () => {
    expect(() => bootstrapInterval([0], () => 0)).toThrow(MwError);
    expect(() => bootstrapInterval([3], () => 0, { level: 1.5 })).toThrow(MwError);
  });

  it('rejects an unknown metric name', () => {
    const prep = prepareRegression(Float64Array.from([1, 2]), Float64Array.from([1, 2]));
    let code: string | undefined;
    try {
      regressionStatistic(prep, 'accuracy');
    } catch (error) {
      code = (error as MwError).code;
    }
    expect(code).toBe('MW_GATE_UNKNOWN_METRIC');
  });
});
