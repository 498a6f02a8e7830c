import { describe, expect, it } from 'vitest';
import { binMatrix, binOf, fitBinning, numericEdges } from './binning';
import { Rng } from './rng';

describe('numeric bin edges', () => {
  it('give one bin per distinct value when they fit, with edges between values', () => {
    const edges = numericEdges(Float64Array.of(1, 1, 2, 4, 4, 4), 255);
    expect(Array.from(edges)).toEqual([1.5, 3, Infinity]);
  });

  it('give at most maxBins roughly equal-frequency bins otherwise', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => i).sort();
    const edges = numericEdges(values, 16);
    expect(edges.length).toBeLessThanOrEqual(16);
    const feature = { kind: 'numeric', upper: edges } as const;
    const counts = new Map<number, number>();
    for (const v of values) counts.set(binOf(feature, v, 0), (counts.get(binOf(feature, v, 0)) ?? 0) + 1);
    for (const c of counts.values()) expect(Math.abs(c - 10_000 / 16)).toBeLessThan(10_000 / 16 * 0.1);
  });

  it('give a heavy value a bin of its own', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i < 500 ? 0 : i)).sort();
    const edges = numericEdges(values, 8);
    const feature = { kind: 'numeric', upper: edges } as const;
    expect(binOf(feature, 0, 0)).not.toBe(binOf(feature, 501, 0));
  });

  it('handle infinities and keep NaN in bin 0', () => {
    const edges = numericEdges(Float64Array.of(-Infinity, 0, 1, Infinity), 255);
    const feature = { kind: 'numeric', upper: edges } as const;
    const bins = [-Infinity, 0, 1, Infinity, NaN].map((v) => binOf(feature, v, 0));
    expect(bins).toEqual([1, 2, 3, 4, 0]);
  });
});

describe('categorical bins', () => {
  it('keep the most frequent codes and send the rest to bin 0 with missing values', () => {
    const rows = 100_000;
    const x = new Float64Array(rows);
    for (let r = 0; r < rows; r++) x[r] = r < 1000 ? r % 3 : r; // codes 0, 1, 2 frequent, then all distinct
    const [feature] = fitBinning(x, rows, 1, [true], { maxBins: 255, maxCategories: 255, sampleRows: 200_000, rng: new Rng(1) });
    expect(feature!.kind).toBe('categorical');
    const matrix = binMatrix(x, rows, 1, [feature!]);
    expect(matrix.numBins[0]).toBe(256);
    expect(binOf(feature!, 0, 0)).toBeGreaterThan(0);
    expect(binOf(feature!, 99_999, 0)).toBe(0);
    expect(binOf(feature!, -1, 0)).toBe(0);
    expect(binOf(feature!, NaN, 0)).toBe(0);
  });
});
