/**
 * The histogram learner against a brute-force exact split finder. On data with fewer distinct values per
 * feature than bins, histogram splits are exact splits, so a boosted model must route every training row
 * exactly as a greedy tree built by trying every threshold (and both sides for missing values) does.
 */
import { describe, expect, it } from 'vitest';
import { trainRandomForest } from './forest';
import { trainGradientBoosting } from './gbm';
import { Rng } from './rng';

interface BruteOptions {
  maxDepth: number;
  minData: number;
  lambda: number;
  /** Target channels per row (gradients for boosting, one-hot classes for forests); hessians are 1. */
  channels: number;
  /** Writes the outputs of a leaf with channel sums G over n rows. */
  output(G: number[], n: number): number[];
}

/**
 * One greedy exact tree: at each node every threshold between distinct values of every feature is tried,
 * missing values on either side, and the split maximising Σc GLc²/(nL + λ) + Σc GRc²/(nR + λ) wins.
 * Writes each row's leaf outputs into `out` (rows × outputs).
 */
function bruteTree(x: Float64Array, cols: number, rows: number[], g: Float64Array, depth: number, o: BruteOptions, out: number[][]): void {
  const k = o.channels;
  const sums = (subset: number[]): number[] => {
    const G = new Array<number>(k).fill(0);
    for (const r of subset) for (let c = 0; c < k; c++) G[c] = G[c]! + g[r * k + c]!;
    return G;
  };
  const score = (G: number[], n: number): number => G.reduce((acc, v) => acc + v * v, 0) / (n + o.lambda);
  const G = sums(rows);
  const parent = score(G, rows.length);
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
        const GL = sums(left);
        const GR = G.map((v, c) => v - GL[c]!);
        const gain = score(GL, left.length) + score(GR, right.length) - parent;
        if (gain > 1e-10 * Math.max(1, parent) && (best === null || gain > best.gain)) best = { gain, left, right };
      }
    }
  }
  if (best === null) {
    const value = o.output(G, rows.length);
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
  // 80 rows: every leaf is small and evaluated from its rows; 700 rows: the upper levels use full
  // histograms and the subtraction trick.
  const cases = [[1, 80, 0, 'leafwise'], [2, 80, 0.15, 'leafwise'], [3, 700, 0, 'depthwise'], [4, 700, 0.15, 'leafwise']] as const;
  for (const [seed, rows, missingRate, growth] of cases) {
    it(`boosting rounds route rows like brute force (${rows} rows, missing ${missingRate}, ${growth})`, () => {
      const cols = 3;
      const { x, y } = tinyData(seed, rows, cols, missingRate);
      const learningRate = 0.5;
      const o: BruteOptions = {
        maxDepth: 3, minData: 4, lambda: 0.5, channels: 1,
        output: (G, n) => [(-learningRate * G[0]!) / (n + 0.5)],
      };
      const rounds = 3;
      const model = trainGradientBoosting(
        { x, rows, cols, y },
        {
          objective: 'regression', numTrees: rounds, learningRate, maxDepth: o.maxDepth, maxLeaves: 1024,
          minDataInLeaf: o.minData, lambdaL2: o.lambda, minSumHessianInLeaf: 0, growth,
        },
      );
      // Replay boosting with the brute-force tree.
      let mean = 0;
      for (const v of y) mean += v;
      mean /= rows;
      const score = new Float64Array(rows).fill(mean);
      const g = new Float64Array(rows);
      const out: number[][] = [];
      const all = Array.from({ length: rows }, (_, i) => i);
      for (let t = 0; t < rounds; t++) {
        for (let r = 0; r < rows; r++) g[r] = score[r]! - y[r]!;
        bruteTree(x, cols, all, g, 0, o, out);
        for (let r = 0; r < rows; r++) score[r] = score[r]! + out[r]![0]!;
      }
      const predicted = model.predict(x, rows);
      for (let r = 0; r < rows; r++) expect(predicted[r]).toBeCloseTo(score[r]!, 9);
      expect(model.trees.every((tree) => tree.depth <= o.maxDepth)).toBe(true);
    });
  }
});

describe('forest trees equal exact Gini trees on small data', () => {
  for (const rows of [90, 600]) {
    it(`a three-class tree without bootstrap matches brute force (${rows} rows)`, () => {
      const cols = 3;
      const { x, y: raw } = tinyData(rows, rows, cols, 0.1);
      // Three classes from the continuous target.
      const y = raw.map((v) => (v < 0.3 ? 0 : v < 1.2 ? 1 : 2));
      const model = trainRandomForest(
        { x, rows, cols, y },
        { task: 'classification', numTrees: 1, bootstrap: false, maxFeatures: 'all', maxDepth: 3, minDataInLeaf: 3 },
      );
      const oneHot = new Float64Array(rows * 3);
      for (let r = 0; r < rows; r++) oneHot[r * 3 + y[r]!] = 1;
      const out: number[][] = [];
      const all = Array.from({ length: rows }, (_, i) => i);
      bruteTree(x, cols, all, oneHot, 0, { maxDepth: 3, minData: 3, lambda: 0, channels: 3, output: (G, n) => G.map((v) => v / n) }, out);
      const proba = model.predictProba(x, rows);
      for (let r = 0; r < rows; r++) for (let c = 0; c < 3; c++) expect(proba[r * 3 + c]).toBeCloseTo(out[r]![c]!, 12);
    });
  }
});
