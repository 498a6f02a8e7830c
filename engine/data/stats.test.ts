import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv/index';
import { columnStats, columnStatsSchema, tableStats } from './stats';
import type { CategoricalColumn, NumericColumn } from './table';

const housesPath = fileURLToPath(new URL('../../examples/houses.csv', import.meta.url));

function numeric(values: readonly (number | null)[], type: NumericColumn['type'] = 'float'): NumericColumn {
  return {
    kind: 'numeric',
    name: 'x',
    role: 'feature',
    type,
    values: Float64Array.from(values, (v) => v ?? Number.NaN),
    missing: Uint8Array.from(values, (v) => (v === null ? 1 : 0)),
  };
}

/** numpy's default quantile (linear interpolation between order statistics), by sorting. */
function referenceQuantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[Math.min(sorted.length - 1, lo + 1)] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

describe('column statistics', () => {
  it('matches pandas describe() on houses.csv', async () => {
    const { table } = await readCsv(createReadStream(housesPath));
    const stats = tableStats(table);
    const sqft = stats.find((s) => s.name === 'sqft');
    // Values from pandas 1.5.3: df.sqft.describe(), df.sqft.nunique(); exact to the last digit printed.
    expect(sqft).toMatchObject({ rows: 2000, count: 1940, missing: 60, distinct: 1208, distinctExact: true, min: 400, max: 3297 });
    expect(sqft?.mean).toBeCloseTo(1703.8051546391753, 10);
    expect(sqft?.std).toBeCloseTo(498.5412730173196, 10);
    expect(sqft?.quantiles).toEqual({ p25: 1355.75, p50: 1708.5, p75: 2041.5 });
    expect(sqft?.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(1940);
    const city = stats.find((s) => s.name === 'city');
    expect(city?.top).toEqual([
      { value: 'Springfield', count: 810 },
      { value: 'Riverton', count: 584 },
      { value: 'Lakeside', count: 413 },
      { value: 'Hillview', count: 193 },
    ]);
    const garage = stats.find((s) => s.name === 'garage');
    expect(garage).toMatchObject({ missing: 40, top: [{ value: 'true', count: 1364 }, { value: 'false', count: 596 }] });
    const ages = stats.find((s) => s.name === 'age_years');
    expect(ages?.quantiles).toEqual({ p25: 21.75, p50: 45, p75: 67 });
    // Plain JSON: what crosses to the renderer validates after a round trip.
    for (const s of stats) expect(columnStatsSchema.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('agrees with a sort-based reference on random data, with duplicates and missing values', () => {
    const data = fc.array(fc.option(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { freq: 5 }), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(data, (values) => {
        const s = columnStats(numeric(values));
        const present = values.filter((v): v is number => v !== null).map((v) => v + 0);
        expect(s.count).toBe(present.length);
        expect(s.missing).toBe(values.length - present.length);
        if (present.length === 0) {
          expect(s.quantiles).toBeNull();
          return;
        }
        const sorted = [...present].sort((a, b) => a - b);
        expect(s.min).toBe(sorted[0]);
        expect(s.max).toBe(sorted.at(-1));
        expect(s.distinct).toBe(new Set(present).size);
        expect(s.quantiles?.p25).toBe(referenceQuantile(sorted, 0.25));
        expect(s.quantiles?.p50).toBe(referenceQuantile(sorted, 0.5));
        expect(s.quantiles?.p75).toBe(referenceQuantile(sorted, 0.75));
        expect(s.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(present.length);
        expect(s.histogram?.edges.length).toBe((s.histogram?.counts.length ?? 0) + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('finds exact quantiles when the values outside a sampled range are many, or the range is narrow', () => {
    const cases = [
      // Every 7th value an outlier the strided sample mostly misses.
      Array.from({ length: 20_000 }, (_, i) => (i % 7 === 3 ? (i % 2 ? 1e6 : -1e6) * Math.sin(i) : (i % 1000) / 1000)),
      // Sorted values with a long tail at the end.
      Array.from({ length: 10_000 }, (_, i) => (i < 9_000 ? i : 1e9 + i)),
      // A narrow range far from zero.
      Array.from({ length: 5_000 }, (_, i) => 1000 + ((i * 7919) % 5000) / 5000),
    ];
    for (const values of cases) {
      const s = columnStats(numeric(values));
      const sorted = [...values].sort((a, b) => a - b);
      expect(s.quantiles).toEqual({ p25: referenceQuantile(sorted, 0.25), p50: referenceQuantile(sorted, 0.5), p75: referenceQuantile(sorted, 0.75) });
      expect(s.min).toBe(sorted[0]);
      expect(s.max).toBe(sorted.at(-1));
      expect(s.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
    }
  });

  it('stays finite at the extremes of the double range', () => {
    for (const values of [[-1e308, 1e308, 0], [0, 5e-324, 5e-324], [1e308, 1e308, 1.7e308]]) {
      const s = columnStats(numeric(values));
      expect(columnStatsSchema.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
      const sorted = [...values].sort((a, b) => a - b);
      expect(s.quantiles?.p50).toBe(sorted[1]);
    }
  });

  it('uses only the given rows', () => {
    const s = columnStats(numeric([1, 2, 3, 100, null]), Uint32Array.from([0, 1, 2, 4]));
    expect(s).toMatchObject({ rows: 4, count: 3, missing: 1, min: 1, max: 3, mean: 2, std: 1, quantiles: { p25: 1.5, p50: 2, p75: 2.5 } });
  });

  it('bins small integer ranges one value per bin, and handles a constant column', () => {
    const s = columnStats(numeric([1, 2, 2, 3, 3, 3], 'integer'));
    expect(s.histogram).toEqual({ edges: [0.5, 1.5, 2.5, 3.5], counts: [1, 2, 3] });
    const constant = columnStats(numeric([7, 7, 7]));
    expect(constant).toMatchObject({ distinct: 1, std: 0, quantiles: { p25: 7, p50: 7, p75: 7 }, histogram: { edges: [7, 7], counts: [3] } });
    expect(columnStats(numeric([null, null]))).toMatchObject({ count: 0, mean: null, std: null, histogram: null });
  });

  it('estimates many distinct values within 3% and says so', () => {
    const n = 200_000;
    const s = columnStats(numeric(Array.from({ length: n }, (_, i) => i * 0.5 + 0.25)));
    expect(s.distinctExact).toBe(false);
    expect(Math.abs(s.distinct - n) / n).toBeLessThan(0.03);
    const few = columnStats(numeric(Array.from({ length: n }, (_, i) => i % 1000)));
    expect(few).toMatchObject({ distinct: 1000, distinctExact: true });
  });

  it('lists the ten most frequent categories, most frequent first', () => {
    const categories = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const codes: number[] = [];
    categories.forEach((_, i) => {
      for (let k = 0; k <= i; k++) codes.push(i);
    });
    codes.push(-1);
    const column: CategoricalColumn = { kind: 'categorical', name: 'c', role: 'feature', type: 'categorical', codes: Int32Array.from(codes), categories };
    const s = columnStats(column);
    expect(s).toMatchObject({ count: codes.length - 1, missing: 1, distinct: 12, min: null, histogram: null });
    expect(s.top.map((t) => t.value)).toEqual(['c11', 'c10', 'c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2']);
    expect(s.top[0]?.count).toBe(12);
  });
});
