/**
 * Column statistics shown in the data inspector and by `modelwright inspect`: counts, spread, quantiles,
 * top categories and a histogram. They cross to the renderer as JSON, so every field is plain (no NaN:
 * a statistic that does not apply is null).
 */
import { z } from 'zod';
import { columnRoleSchema, columnTypeSchema } from './table';
import type { CategoricalColumn, Column, NumericColumn, Table } from './table';

const count = z.number().int().nonnegative();

export const columnStatsSchema = z.object({
  name: z.string(),
  type: columnTypeSchema,
  role: columnRoleSchema,
  /** Rows considered (all rows, or the rows passed in). */
  rows: count,
  /** Rows with a value (pandas' `count`). */
  count,
  missing: count,
  /** Distinct non-missing values. */
  distinct: count,
  /** False when `distinct` is an estimate (numeric columns with more than 65,536 distinct values; within about 1%). */
  distinctExact: z.boolean(),
  /** Numeric, boolean and datetime columns (datetime in ms since the epoch, UTC); null otherwise or when empty. */
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  /** Sample standard deviation (n − 1 in the denominator, as pandas' `describe`); null below two values. */
  std: z.number().nullable(),
  /** Linear-interpolation quantiles (numpy's and pandas' default). */
  quantiles: z.object({ p25: z.number(), p50: z.number(), p75: z.number() }).nullable(),
  /** The most frequent values (at most 10), most frequent first; booleans as "true"/"false". */
  top: z.array(z.object({ value: z.string(), count })),
  /** Equal-width bins between min and max for numeric and datetime columns: edges has counts.length + 1 entries. */
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(count) }).nullable(),
});
export type ColumnStats = z.infer<typeof columnStatsSchema>;

const TOP = 10;
const MAX_BINS = 20;
/** Fine histogram bins used to locate quantiles; a multiple of MAX_BINS. */
const FINE_BINS = 4000;
const EXACT_DISTINCT = 1 << 16;
const HLL_BITS = 14;

/** Statistics of one column over all rows, or over `rows` (e.g. the training rows). */
export function columnStats(column: Column, rows?: Uint32Array): ColumnStats {
  return column.kind === 'numeric' ? numericStats(column, rows) : categoricalStats(column, rows);
}

export function tableStats(table: Table, rows?: Uint32Array): ColumnStats[] {
  return table.columns.map((c) => columnStats(c, rows));
}

function numericStats(column: NumericColumn, rows: Uint32Array | undefined): ColumnStats {
  const n = rows === undefined ? column.values.length : rows.length;
  const { values, missing } = column;
  // Pass 1: count, min, max and sum of the present values.
  let m = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : (rows[i] as number);
    const v = values[r] as number;
    if (missing[r] === 1 || v !== v) continue;
    m++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const base = { name: column.name, type: column.type, role: column.role, rows: n, count: m, missing: n - m };
  if (m === 0) {
    return { ...base, distinct: 0, distinctExact: true, min: null, max: null, mean: null, std: null, quantiles: null, top: [], histogram: null };
  }
  // The present values, densely: the column itself when nothing is missing and all rows are wanted.
  let present: Float64Array;
  if (rows === undefined && m === n) {
    present = values;
  } else {
    present = new Float64Array(m);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const r = rows === undefined ? i : (rows[i] as number);
      const v = values[r] as number;
      if (missing[r] === 1 || v !== v) continue;
      present[k++] = v;
    }
  }
  const span = max - min;
  const bins = binning(min, max);
  let mean = sum / m;
  if (!Number.isFinite(mean)) mean = runningMean(present);
  const pass = spreadAndDistinct(present, bins, mean);
  let std = m > 1 ? Math.sqrt(pass.ss / (m - 1)) : null;
  if (std !== null && !Number.isFinite(std)) std = scaledStd(present, mean, Math.max(Math.abs(min), Math.abs(max)));
  const quantiles = quantilesOf(present, pass.fine, bins, [0.25, 0.5, 0.75]);
  const boolean = column.type === 'boolean';
  const top = boolean ? booleanTop(present) : [];
  let histogram: ColumnStats['histogram'] = null;
  if (!boolean) {
    histogram = column.type === 'integer' && span + 1 <= MAX_BINS ? integerBins(present, min, max) : coarse(pass.fine, min, max);
  }
  // `+ 0` turns -0 into 0: JSON would print it as 0 anyway.
  return {
    ...base,
    distinct: pass.distinct,
    distinctExact: pass.exact,
    min: min + 0,
    max: max + 0,
    mean: mean + 0,
    std,
    quantiles: { p25: (quantiles[0] ?? mean) + 0, p50: (quantiles[1] ?? mean) + 0, p75: (quantiles[2] ?? mean) + 0 },
    top,
    histogram,
  };
}

/**
 * How values map to fine-histogram bins: `floor((v − min) · scale)`, or, when max − min overflows or
 * is so small that the scale overflows, the same computed on halves (`half` > 0 selects it).
 */
interface Binning {
  min: number;
  scale: number;
  half: number;
}

function binning(min: number, max: number): Binning {
  const span = max - min;
  if (span === 0) return { min, scale: 0, half: 0 };
  const scale = FINE_BINS / span;
  if (Number.isFinite(span) && Number.isFinite(scale)) return { min, scale, half: 0 };
  return { min, scale: 0, half: max * 0.5 - min * 0.5 };
}

/** Mean without overflow, for values whose sum exceeds the largest double. */
function runningMean(xs: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < xs.length; i++) mean += ((xs[i] as number) - mean) / (i + 1);
  return mean;
}

/** Sample standard deviation computed on values divided by `scale`, for squares that overflow. */
function scaledStd(xs: Float64Array, mean: number, scale: number): number {
  let ss = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i] as number) / scale - mean / scale;
    ss += d * d;
  }
  return scale * Math.sqrt(ss / (xs.length - 1));
}

function booleanTop(xs: Float64Array): { value: string; count: number }[] {
  let ones = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] === 1) ones++;
  const top = [
    { value: 'true', count: ones },
    { value: 'false', count: xs.length - ones },
  ];
  return top.filter((t) => t.count > 0).sort((a, b) => b.count - a.count);
}

/**
 * Pass 2, one loop: sum of squared deviations, a fine histogram (for the quantiles and the shown
 * histogram) and the distinct count. Distinct values are counted exactly up to EXACT_DISTINCT (a small
 * open-addressing set), then estimated with HyperLogLog (2^14 registers, about 0.8% standard error;
 * Flajolet et al. 2007, with linear counting for small counts): an exact set of a million doubles would
 * cost more than parsing the file. Everything is inline: a double passed to a method call gets boxed.
 */
function spreadAndDistinct(
  xs: Float64Array,
  bins: Binning,
  mean: number,
  /** Values counted exactly before switching to the estimate; a power of two (the set's size is 2 × cap). */
  cap = EXACT_DISTINCT,
): { ss: number; fine: Int32Array; distinct: number; exact: boolean } {
  const { min, scale, half } = bins;
  const fine = new Int32Array(FINE_BINS);
  const registers = new Uint8Array(1 << HLL_BITS);
  const keys = new Float64Array(cap * 2);
  const used = new Uint8Array(cap * 2);
  const mask = keys.length - 1;
  const f64 = new Float64Array(1);
  const i32 = new Int32Array(f64.buffer);
  let size = 0;
  let overflow = false;
  let ss = 0;
  const last = FINE_BINS - 1;
  for (let i = 0; i < xs.length; i++) {
    const v = (xs[i] as number) + 0; // -0 and 0 are one value
    const d = v - mean;
    ss += d * d;
    const b = half > 0 ? Math.floor(((v * 0.5 - min * 0.5) / half) * FINE_BINS) : Math.floor((v - min) * scale);
    const bin = b > last ? last : b;
    fine[bin] = (fine[bin] as number) + 1;
    f64[0] = v;
    let h = Math.imul((i32[0] as number) ^ Math.imul(i32[1] as number, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    const r = h >>> (32 - HLL_BITS);
    const rank = Math.clz32((h << HLL_BITS) | (1 << (HLL_BITS - 1))) + 1;
    if (rank > (registers[r] as number)) registers[r] = rank;
    if (overflow) continue;
    let slot = h & mask;
    for (;;) {
      if (used[slot] === 0) {
        if (size === cap) {
          overflow = true;
        } else {
          used[slot] = 1;
          keys[slot] = v;
          size++;
        }
        break;
      }
      if (keys[slot] === v) break;
      slot = (slot + 1) & mask;
    }
  }
  if (!overflow) return { ss, fine, distinct: size, exact: true };
  const m = registers.length;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    const r = registers[i] as number;
    sum += 1 / 2 ** r;
    if (r === 0) zeros++;
  }
  let estimate = ((0.7213 / (1 + 1.079 / m)) * m * m) / sum;
  if (estimate <= 2.5 * m && zeros > 0) estimate = m * Math.log(m / zeros);
  // Never below what was counted exactly before the switch.
  return { ss, fine, distinct: Math.max(cap + 1, Math.round(estimate)), exact: false };
}

/**
 * Runs the numeric statistics' rare branches once on small data (hash-probe collisions, the switch from
 * exact counting to the estimate, missing values, row subsets), so that V8 optimizes the hot loops once
 * instead of deoptimizing on them mid-column. Called by the CSV reader's warm-up (see csv/ingest.ts).
 */
export function warmUpStats(): void {
  const n = 3000;
  const xs = Float64Array.from({ length: n }, (_, i) => i * 0.37 - 100);
  spreadAndDistinct(xs, binning(-100, (n - 1) * 0.37 - 100), 0, 1024);
  const missing = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
  const values = Float64Array.from(xs, (v, i) => (missing[i] === 1 ? Number.NaN : v));
  const types = ['float', 'integer', 'boolean', 'datetime'] as const;
  for (const type of types) {
    const column: NumericColumn = { kind: 'numeric', name: type, role: 'feature', type, values: type === 'float' ? xs : values, missing };
    columnStats(column);
    columnStats(column, Uint32Array.from({ length: 100 }, (_, i) => i * 3));
  }
}

/**
 * Linear-interpolation quantiles (numpy's default) without sorting: the fine histogram locates the bin
 * holding each needed order statistic; only that bin's values are gathered and sorted.
 */
function quantilesOf(xs: Float64Array, fine: Int32Array, bins: Binning, qs: readonly number[]): number[] {
  const { min, scale, half } = bins;
  const m = xs.length;
  // The order statistics needed: floor(pos) and the next one, for each q.
  const ranks: number[] = [];
  for (const q of qs) {
    const pos = (m - 1) * q;
    ranks.push(Math.floor(pos), Math.min(m - 1, Math.floor(pos) + 1));
  }
  // Which bin holds each rank, and the rank of the bin's first value.
  const binOf = new Map<number, number>();
  const firstRank = new Map<number, number>();
  let cumulative = 0;
  const sortedRanks = [...new Set(ranks)].sort((a, b) => a - b);
  let k = 0;
  for (let b = 0; b < fine.length && k < sortedRanks.length; b++) {
    const c = fine[b] as number;
    while (k < sortedRanks.length && (sortedRanks[k] as number) < cumulative + c) {
      binOf.set(sortedRanks[k] as number, b);
      firstRank.set(b, cumulative);
      k++;
    }
    cumulative += c;
  }
  const needed = [...new Set(binOf.values())];
  // bin → index into `gathered`, or -1: a typed lookup, as this loop runs once per value.
  const slotOf = new Int32Array(fine.length).fill(-1);
  const gathered: Float64Array[] = [];
  for (const b of needed) {
    slotOf[b] = gathered.length;
    gathered.push(new Float64Array(fine[b] as number));
  }
  const filled = new Int32Array(gathered.length);
  const last = fine.length - 1;
  for (let i = 0; i < m; i++) {
    const v = xs[i] as number;
    let b = half > 0 ? Math.floor(((v * 0.5 - min * 0.5) / half) * FINE_BINS) : Math.floor((v - min) * scale);
    if (b > last) b = last;
    const g = slotOf[b] as number;
    if (g < 0) continue;
    const at = filled[g] as number;
    (gathered[g] as Float64Array)[at] = v;
    filled[g] = at + 1;
  }
  for (const g of gathered) {
    // A bin of equal values (common for small integers and dates) needs no sorting.
    let same = true;
    for (let i = 1; i < g.length && same; i++) same = g[i] === g[0];
    if (!same) g.sort();
  }
  const orderStat = (rank: number): number => {
    const b = binOf.get(rank) as number;
    return (gathered[slotOf[b] as number] as Float64Array)[rank - (firstRank.get(b) as number)] as number;
  };
  return qs.map((q) => {
    const pos = (m - 1) * q;
    const lo = Math.floor(pos);
    const a = orderStat(lo);
    if (lo === pos) return a;
    const b = orderStat(Math.min(m - 1, lo + 1));
    const f = pos - lo;
    const gap = b - a;
    return Number.isFinite(gap) ? a + gap * f : a * (1 - f) + b * f;
  });
}

/** The shown histogram: MAX_BINS equal-width bins, each the sum of FINE_BINS / MAX_BINS fine bins. */
function coarse(fine: Int32Array, min: number, max: number): { edges: number[]; counts: number[] } {
  const per = FINE_BINS / MAX_BINS;
  const span = max - min;
  const edges: number[] = [];
  const counts: number[] = [];
  if (span === 0) {
    let total = 0;
    for (let i = 0; i < fine.length; i++) total += fine[i] as number;
    return { edges: [min, max], counts: [total] };
  }
  // Half-steps added twice, so the edges stay finite even when max − min overflows.
  const half = max * 0.5 - min * 0.5;
  for (let i = 0; i <= MAX_BINS; i++) {
    const step = half * (i / MAX_BINS);
    edges.push(i === MAX_BINS ? max : min + step + step);
  }
  for (let b = 0; b < MAX_BINS; b++) {
    let c = 0;
    for (let j = b * per; j < (b + 1) * per; j++) c += fine[j] as number;
    counts.push(c);
  }
  return { edges, counts };
}

/** Small integer ranges: one bin per value, edges halfway between values. */
function integerBins(xs: Float64Array, min: number, max: number): { edges: number[]; counts: number[] } {
  const k = max - min + 1;
  const tally = new Int32Array(k);
  for (let i = 0; i < xs.length; i++) {
    const t = (xs[i] as number) - min;
    tally[t] = (tally[t] as number) + 1;
  }
  const edges: number[] = [];
  for (let i = 0; i <= k; i++) edges.push(min - 0.5 + i);
  return { edges, counts: Array.from(tally) };
}

function categoricalStats(column: CategoricalColumn, rows: Uint32Array | undefined): ColumnStats {
  const n = rows === undefined ? column.codes.length : rows.length;
  const tally = new Int32Array(column.categories.length);
  let m = 0;
  const { codes } = column;
  for (let i = 0; i < n; i++) {
    const code = codes[rows === undefined ? i : (rows[i] ?? 0)] ?? -1;
    if (code < 0) continue;
    tally[code] = (tally[code] as number) + 1;
    m++;
  }
  let distinct = 0;
  for (let c = 0; c < tally.length; c++) if ((tally[c] ?? 0) > 0) distinct++;
  return {
    name: column.name,
    type: column.type,
    role: column.role,
    rows: n,
    count: m,
    missing: n - m,
    distinct,
    distinctExact: true,
    min: null,
    max: null,
    mean: null,
    std: null,
    quantiles: null,
    top: topCodes(tally, TOP).map((c) => ({ value: column.categories[c] ?? '', count: tally[c] ?? 0 })),
    histogram: null,
  };
}

/** Codes of the `k` largest tallies (ties: lower code first), by one pass keeping a small sorted list. */
function topCodes(tally: Int32Array, k: number): number[] {
  const best: number[] = [];
  for (let c = 0; c < tally.length; c++) {
    const t = tally[c] ?? 0;
    if (t === 0) continue;
    if (best.length === k && t <= (tally[best[k - 1] ?? 0] ?? 0)) continue;
    let at = best.length;
    while (at > 0 && (tally[best[at - 1] ?? 0] ?? 0) < t) at--;
    best.splice(at, 0, c);
    if (best.length > k) best.pop();
  }
  return best;
}
