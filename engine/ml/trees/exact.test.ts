/**
 * The histogram learner against a brute-force exact split finder. On data with fewer distinct values per
 * feature than bins, histogram splits are exact splits, so a boosted model must route every training row
 * exactly as a greedy tree built by trying every threshold (and both sides for missing values) does.
 */
import { describe, expect, it } from 'vitest';
import { trainGradientBoosting } from './gbm';
import { Rng } from './rng';

interface BruteOptions {
  maxDepth: number;
  minData: number;
  lambda: number;
  learningRate: number;
}

/** Outputs per row of one greedy exact tree fitted to gradients g (hessians 1). */
function bruteTree(x: Float64Array, cols: number, rows: number[], g: Float64Array, depth: number, o: BruteOptions, out: Float64Array): void {
  let G = 0;
  for (const r of rows) G += g[r]!;
  const H = rows.length;
  const parent = (G * G) / (H + o.lambda);
  let best: { gain: number; left: number[]; right: number[] } | null = null;
  if (depth < o.maxDepth && rows.length >= 2 * o.minData) {
    for (let f = 0; f < cols; f++) {
      const present = rows.filter((r) => !Number.isNaN(x[r * cols + f]!));
      const missing = rows.filter((r) => Number.isNaN(x[r * cols + f]!));
      const values = [...new Set(present.map((r) => x[r * cols + f]!))].sort((a, b) => a - b);
      const candidates: [number[], number[]][] = [];
      for (let i = 0; i + 1 < values.length; i++) {
        const below = present.filter((r) => x[r * cols + f]! <= values[i]!);
        const above = present.filter((r) => x[r * cols + f]! > values[i]!);
        candidates.push([below, [...above, ...missing]]);
        if (missing.length > 0) candidates.push([[...below, ...missing], above]);
      }
      if (missing.length > 0 && present.length > 0) candidates.push([present, missing]);
      for (const [left, right] of candidates) {
        if (left.length < o.minData || right.length < o.minData) continue;
        let gl = 0;
        for (const r of left) gl += g[r]!;
        const gr = G - gl;
        const gain = (gl * gl) / (left.length + o.lambda) + (gr * gr) / (right.length + o.lambda) - parent;
        if (gain > 1e-10 * Math.max(1, parent) && (best === null || gain > best.gain)) best = { gain, left, right };
      }
    }
  }
  if (best === null) {
    const value = (-o.learningRate * G) / (H + o.lambda);
    for (const r of rows) out[r] = value;
    return;
  }
  bruteTree(x, cols, best.left, g, depth + 1, o, out);
  bruteTree(x, cols, best.right, g, depth + 1, o, out);
}

/** Few distinct values per feature (one decimal), some missing, a continuous noisy target. */
function tinyData(seed: number, rows: number, cols: number, missingRate: number): { x: Float64Array; y: Float64Array } {
  const rng = new Rng(seed);
  const x = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) x[r * cols + c] = rng.next() < missingRate ? NaN : Math.round(20 * rng.next()) / 10;
    const a = x[r * cols]!;
    const b = x[r * cols + 1]!;
    y[r] = (Number.isNaN(a) ? 1.5 : a * a) - (Number.isNaN(b) ? 0 : b) + 0.3 * rng.next();
  }
  return { x, y };
}

describe('histogram splits equal exact splits on small data', () => {
  for (const [seed, missingRate, growth] of [[1, 0, 'leafwise'], [2, 0.15, 'leafwise'], [3, 0.15, 'depthwise']] as const) {
    it(`boosting rounds route rows like brute force (seed ${seed}, missing ${missingRate}, ${growth})`, () => {
      const rows = 80;
      const cols = 3;
      const { x, y } = tinyData(seed, rows, cols, missingRate);
      const o: BruteOptions = { maxDepth: 3, minData: 4, lambda: 0.5, learningRate: 0.5 };
      const rounds = 3;
      const model = trainGradientBoosting(
        { x, rows, cols, y },
        {
          objective: 'regression', numTrees: rounds, learningRate: o.learningRate, maxDepth: o.maxDepth, maxLeaves: 1024,
          minDataInLeaf: o.minData, lambdaL2: o.lambda, minSumHessianInLeaf: 0, growth,
        },
      );
      // Replay boosting with the brute-force tree.
      let mean = 0;
      for (const v of y) mean += v;
      mean /= rows;
      const score = new Float64Array(rows).fill(mean);
      const g = new Float64Array(rows);
      const out = new Float64Array(rows);
      const all = Array.from({ length: rows }, (_, i) => i);
      for (let t = 0; t < rounds; t++) {
        for (let r = 0; r < rows; r++) g[r] = score[r]! - y[r]!;
        bruteTree(x, cols, all, g, 0, o, out);
        for (let r = 0; r < rows; r++) score[r] = score[r]! + out[r]!;
      }
      const predicted = model.predict(x, rows);
      for (let r = 0; r < rows; r++) expect(predicted[r]).toBeCloseTo(score[r]!, 9);
      expect(model.trees.every((tree) => tree.depth <= o.maxDepth)).toBe(true);
    });
  }
});
