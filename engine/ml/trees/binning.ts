/**
 * Feature binning, done once before training (as in LightGBM and scikit-learn's HistGradientBoosting):
 * every feature value becomes a small integer bin, stored column-major in one Uint8Array, so histograms
 * are sums over at most 256 bins instead of sorts over rows.
 *
 * Bin 0 of every feature holds missing values (NaN). Numeric features use bins 1..k for value ranges
 * with quantile edges placed on the training rows; categorical features use bins 1..k for their k most
 * frequent codes, and unseen or rare codes share bin 0 with missing values.
 */
import { MwError } from '../../errors';
import { type Rng, sampleSorted } from './rng';

/** Numeric feature: bin b (1..k) holds values v with upper[b-2] < v <= upper[b-1]; upper[k-1] is +Infinity. */
export interface NumericBinning {
  readonly kind: 'numeric';
  readonly upper: Float64Array;
}

/** Categorical feature: bin b (1..k) holds the code codes[b-1]; every other code maps to bin 0. */
export interface CategoricalBinning {
  readonly kind: 'categorical';
  readonly codes: Int32Array;
  readonly binOf: ReadonlyMap<number, number>;
}

export type FeatureBinning = NumericBinning | CategoricalBinning;

/** The training matrix after binning. */
export interface BinnedMatrix {
  readonly rows: number;
  readonly cols: number;
  /** Column-major bins: feature f of row r is bins[f * rows + r]. */
  readonly bins: Uint8Array;
  /** Bins per feature, including the missing bin 0. */
  readonly numBins: Int32Array;
  /** Where each feature's bins start in a histogram (in bins). */
  readonly binOffset: Int32Array;
  readonly totalBins: number;
  readonly features: readonly FeatureBinning[];
}

export interface BinningOptions {
  readonly maxBins: number;
  readonly maxCategories: number;
  readonly sampleRows: number;
  readonly rng: Rng;
}

/** Reads a categorical code: a non-negative integer, or -1 for missing (NaN and negatives are missing). */
export function categoryCode(v: number, column: number): number {
  if (!(v >= 0)) return -1;
  if (!Number.isInteger(v) || v > 2147483647) {
    throw new MwError('MW_COLUMN_WRONG_TYPE', {
      message: `Categorical feature ${column} holds ${v}; categorical features must hold integer codes (0, 1, 2, …).`,
      details: { column, value: v },
    });
  }
  return v;
}

/** Places bin edges for each feature on (a sample of) the training rows. */
export function fitBinning(
  x: Float64Array, rows: number, cols: number, categorical: readonly boolean[], options: BinningOptions,
): FeatureBinning[] {
  let sample: Uint32Array | null = null;
  if (rows > options.sampleRows) {
    sample = new Uint32Array(options.sampleRows);
    sampleSorted(rows, options.sampleRows, options.rng, sample);
  }
  const sampleCount = sample === null ? rows : sample.length;
  const values = new Float64Array(sampleCount);
  const features: FeatureBinning[] = [];
  for (let f = 0; f < cols; f++) {
    if (categorical[f] === true) {
      features.push(fitCategorical(x, cols, f, sample, sampleCount, Math.min(options.maxCategories, options.maxBins)));
      continue;
    }
    let m = 0;
    for (let i = 0; i < sampleCount; i++) {
      const r = sample === null ? i : sample[i]!;
      const v = x[r * cols + f]!;
      if (v === v) values[m++] = v;
    }
    features.push({ kind: 'numeric', upper: numericEdges(values.subarray(0, m).sort(), options.maxBins) });
  }
  return features;
}

/** The midpoint of a < b that still separates them (a <= m < b), safe for huge and infinite values. */
function separator(a: number, b: number): number {
  const m = a / 2 + b / 2;
  return m >= a && m < b ? m : a;
}

/**
 * Upper bin edges for sorted values: one bin per distinct value when they fit, else greedy equal-frequency
 * bins where a value heavier than the target bin size gets a bin of its own (after LightGBM's GreedyFindBin).
 */
export function numericEdges(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct = new Float64Array(sorted.length);
  const counts = new Int32Array(sorted.length);
  let k = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    if (k > 0 && distinct[k - 1] === v) counts[k - 1] = counts[k - 1]! + 1;
    else {
      distinct[k] = v;
      counts[k++] = 1;
    }
  }
  const edges: number[] = [];
  if (k <= maxBins) {
    for (let i = 0; i + 1 < k; i++) edges.push(separator(distinct[i]!, distinct[i + 1]!));
  } else {
    let rest = sorted.length;
    let binsLeft = maxBins;
    let target = rest / binsLeft;
    let current = 0;
    for (let i = 0; i + 1 < k && binsLeft > 1; i++) {
      current += counts[i]!;
      if (current >= target || counts[i + 1]! >= target) {
        edges.push(separator(distinct[i]!, distinct[i + 1]!));
        rest -= current;
        binsLeft--;
        target = rest / binsLeft;
        current = 0;
      }
    }
  }
  edges.push(Infinity);
  return Float64Array.from(edges);
}

function fitCategorical(
  x: Float64Array, cols: number, f: number, sample: Uint32Array | null, sampleCount: number, maxCategories: number,
): CategoricalBinning {
  const counts = new Map<number, number>();
  for (let i = 0; i < sampleCount; i++) {
    const r = sample === null ? i : sample[i]!;
    const code = categoryCode(x[r * cols + f]!, f);
    if (code >= 0) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  // Most frequent first, ties by code, so the binning is deterministic.
  const kept = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, maxCategories);
  const codes = Int32Array.from(kept.map((e) => e[0]));
  const binOf = new Map<number, number>();
  codes.forEach((code, i) => binOf.set(code, i + 1));
  return { kind: 'categorical', codes, binOf };
}

/** Bin of one value (0 for missing). */
export function binOf(feature: FeatureBinning, v: number, column: number): number {
  if (feature.kind === 'categorical') {
    const code = categoryCode(v, column);
    return code < 0 ? 0 : feature.binOf.get(code) ?? 0;
  }
  if (v !== v) return 0;
  const upper = feature.upper;
  let lo = 0;
  let hi = upper.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= upper[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo + 1;
}

/** Bins a row-major matrix with fitted binning into the column-major layout the grower reads. */
export function binMatrix(x: Float64Array, rows: number, cols: number, features: readonly FeatureBinning[]): BinnedMatrix {
  const bins = new Uint8Array(rows * cols);
  const numBins = new Int32Array(cols);
  const binOffset = new Int32Array(cols);
  let total = 0;
  for (let f = 0; f < cols; f++) {
    const feature = features[f]!;
    numBins[f] = 1 + (feature.kind === 'numeric' ? feature.upper.length : feature.codes.length);
    binOffset[f] = total;
    total += numBins[f]!;
    const base = f * rows;
    if (feature.kind === 'numeric') {
      const upper = feature.upper;
      const last = upper.length - 1;
      for (let r = 0; r < rows; r++) {
        const v = x[r * cols + f]!;
        if (v !== v) continue; // bin 0
        let lo = 0;
        let hi = last;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (v <= upper[mid]!) hi = mid;
          else lo = mid + 1;
        }
        bins[base + r] = lo + 1;
      }
    } else {
      for (let r = 0; r < rows; r++) bins[base + r] = binOf(feature, x[r * cols + f]!, f);
    }
  }
  return { rows, cols, bins, numBins, binOffset, totalBins: total, features };
}
