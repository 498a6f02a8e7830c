import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvText } from '../data/csv/index';
import { cellValue, type Column, type Table } from '../data/table';
import { thrownCode } from '../nodes/test-support';
import { ks2samp } from './ks';
import { normalCdf, normalQuantile } from './random';
import { makeClassification, makeRegression, syntheticTwin } from './synthetic';

const houses = async () => (await readCsvText(readFileSync(join(import.meta.dirname, '../../examples/houses.csv'), 'utf8'))).table;
const col = (t: Table, name: string): Column => {
  const c = t.columns.find((x) => x.name === name);
  if (c === undefined) throw new Error(name);
  return c;
};
const present = (c: Column): number[] => (c.kind === 'numeric' ? Array.from(c.values).filter((_, i) => c.missing[i] !== 1) : []);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Spearman rank correlation over rows where both are present. */
function spearman(a: Column, b: Column): number {
  if (a.kind !== 'numeric' || b.kind !== 'numeric') throw new Error('numeric only');
  const rows = Array.from(a.values.keys()).filter((i) => a.missing[i] !== 1 && b.missing[i] !== 1);
  const rank = (v: Float64Array) => {
    const order = [...rows].sort((x, y) => (v[x] ?? 0) - (v[y] ?? 0));
    const r = new Map<number, number>();
    order.forEach((row, i) => r.set(row, i));
    return rows.map((row) => r.get(row) ?? 0);
  };
  const ra = rank(a.values);
  const rb = rank(b.values);
  const ma = mean(ra);
  const mb = mean(rb);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  ra.forEach((x, i) => {
    const y = rb[i] ?? 0;
    sxy += (x - ma) * (y - mb);
    sxx += (x - ma) ** 2;
    syy += (y - mb) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

function shares(c: Column): Map<string, number> {
  const out = new Map<string, number>();
  if (c.kind !== 'categorical') return out;
  let n = 0;
  for (const code of c.codes) {
    if (code < 0) continue;
    n++;
    const label = c.categories[code] ?? '';
    out.set(label, (out.get(label) ?? 0) + 1);
  }
  for (const [k, v] of out) out.set(k, v / n);
  return out;
}

const missingRate = (c: Column) => (c.kind === 'numeric' ? Array.from(c.missing).filter((m) => m === 1).length / c.missing.length : Array.from(c.codes).filter((x) => x < 0).length / c.codes.length);

describe('normal distribution helpers', () => {
  it('Φ and Φ⁻¹ agree with known values', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(-5)).toBeCloseTo(2.866515718791939e-7, 20);
    expect(normalCdf(0.3)).toBeCloseTo(0.6179114221889527, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    for (const p of [0.001, 0.2, 0.5, 0.77, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 13);
  });
});

describe('generated problems', () => {
  it('classification: sizes, class balance, informative features separate the classes, same seed same data', () => {
    const t = makeClassification({ rows: 1000, features: 6, informative: 2, noise: 0, classes: 3, weights: [0.6, 0.3, 0.1], seed: 7 });
    expect(t.rowCount).toBe(1000);
    expect(t.columns.map((c) => `${c.name}:${c.role}`)).toEqual(['x1:feature', 'x2:feature', 'x3:feature', 'x4:feature', 'x5:feature', 'x6:feature', 'target:target']);
    const target = shares(col(t, 'target'));
    expect([target.get('class_0'), target.get('class_1'), target.get('class_2')]).toEqual([0.6, 0.3, 0.1]);
    const byClass = (feature: string) => {
      const f = col(t, feature);
      const y = col(t, 'target');
      if (f.kind !== 'numeric' || y.kind !== 'categorical') throw new Error();
      return [0, 1, 2].map((k) => mean(Array.from(f.values).filter((_, i) => y.codes[i] === k)));
    };
    const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);
    expect(Math.max(spread(byClass('x1')), spread(byClass('x2')))).toBeGreaterThan(1);
    for (const noise of ['x3', 'x4', 'x5', 'x6']) expect(spread(byClass(noise))).toBeLessThan(0.4);
    expect(makeClassification({ rows: 1000, features: 6, informative: 2, noise: 0, classes: 3, weights: [0.6, 0.3, 0.1], seed: 7 })).toEqual(t);
    const flipped = makeClassification({ rows: 1000, features: 6, informative: 2, noise: 0.5, classes: 3, weights: [0.6, 0.3, 0.1], seed: 7 });
    expect(shares(col(flipped, 'target')).get('class_2')).toBeGreaterThan(0.15); // label noise evens the classes out
  });

  it('regression: the target follows the informative features plus noise', () => {
    const t = makeRegression({ rows: 2000, features: 5, informative: 3, noise: 1, seed: 3 });
    const y = present(col(t, 'target'));
    const corr = (name: string) => {
      const x = present(col(t, name));
      const mx = mean(x);
      const my = mean(y);
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      x.forEach((v, i) => {
        sxy += (v - mx) * ((y[i] ?? 0) - my);
        sxx += (v - mx) ** 2;
        syy += ((y[i] ?? 0) - my) ** 2;
      });
      return sxy / Math.sqrt(sxx * syy);
    };
    const informative = ['x1', 'x2', 'x3'].map(corr);
    expect(informative.map((r) => r * r).reduce((a, b) => a + b, 0)).toBeGreaterThan(0.95);
    expect(Math.abs(corr('x4'))).toBeLessThan(0.1);
    expect(Math.abs(corr('x5'))).toBeLessThan(0.1);
  });

  it('refuses settings that do not fit together', () => {
    expect(thrownCode(() => makeRegression({ rows: 10, features: 2, informative: 3, noise: 0, seed: 1 }))).toBe('MW_SYNTH_INVALID');
    expect(thrownCode(() => makeClassification({ rows: 10, features: 2, informative: 1, noise: 0, classes: 3, weights: [1, 2], seed: 1 }))).toBe('MW_SYNTH_INVALID');
    expect(thrownCode(() => makeClassification({ rows: 10, features: 2, informative: 1, noise: 2, classes: 2, seed: 1 }))).toBe('MW_SYNTH_INVALID');
  });
});

describe('synthetic twin (Gaussian copula)', () => {
  it('keeps marginals, category shares, missing rates and correlations of houses.csv, and copies no row', async () => {
    const real = await houses();
    const twin = syntheticTwin(real, { rows: 2000, seed: 11 });
    const fake = twin.table;
    expect(fake.rowCount).toBe(2000);
    expect(fake.columns.map((c) => [c.name, c.type])).toEqual(real.columns.map((c) => [c.name, c.type]));

    // Marginals: two-sample KS distance below 0.05 for every numeric column (dates included).
    for (const name of ['sqft', 'bedrooms', 'age_years', 'garage', 'price', 'listed']) {
      expect(ks2samp(present(col(real, name)), present(col(fake, name))).statistic, name).toBeLessThan(0.05);
    }
    // Category shares within 2 points; missing rates within 1.5 points.
    const realCity = shares(col(real, 'city'));
    const fakeCity = shares(col(fake, 'city'));
    for (const [city, share] of realCity) expect(Math.abs((fakeCity.get(city) ?? 0) - share), city).toBeLessThan(0.02);
    for (const name of ['sqft', 'age_years', 'garage']) expect(Math.abs(missingRate(col(fake, name)) - missingRate(col(real, name))), name).toBeLessThan(0.015);
    // Rank correlations within 0.05 (price strongly follows sqft in this data).
    const pairs: [string, string][] = [['sqft', 'price'], ['bedrooms', 'price'], ['age_years', 'price'], ['sqft', 'bedrooms']];
    for (const [a, b] of pairs) {
      const r = spearman(col(real, a), col(real, b));
      expect(Math.abs(spearman(col(fake, a), col(fake, b)) - r), `${a}~${b} (real ${r.toFixed(3)})`).toBeLessThan(0.05);
    }
    expect(spearman(col(real, 'sqft'), col(real, 'price'))).toBeGreaterThan(0.5);

    // No real row reproduced.
    const key = (t: Table, r: number) => t.columns.map((c) => String(cellValue(c, r))).join('|');
    const realRows = new Set(Array.from({ length: real.rowCount }, (_, r) => key(real, r)));
    expect(Array.from({ length: fake.rowCount }, (_, r) => key(fake, r)).filter((k) => realRows.has(k))).toEqual([]);
    expect(twin.notes[0]).toMatch(/not a privacy guarantee/);
  });

  it('redraws rows that would copy a real row, and gives up on tables with too few combinations', async () => {
    const { makeTable } = await import('../nodes/test-support');
    const small = makeTable({ a: ['x', 'y', 'x', 'y', 'x', 'x'], b: ['p', 'p', 'q', 'q', 'p', 'q'] });
    expect(thrownCode(() => syntheticTwin(small, { rows: 50, seed: 1 }))).toBe('MW_SYNTH_INVALID');
    const mixed = makeTable({ a: ['x', 'y', 'x', 'y', 'x', 'x', 'y', 'y'], n: [1, 2, 3, 4, 5, 6, 7, 8] });
    const twin = syntheticTwin(mixed, { rows: 200, seed: 2 });
    expect(twin.redrawn).toBeGreaterThan(0);
    expect(twin.table.rowCount).toBe(200);
  });
});
