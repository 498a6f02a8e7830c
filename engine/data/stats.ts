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
  const xs = presentValues(column, rows);
  const a = summarize(xs);
  const m = a.count;
  const base = { name: column.name, type: column.type, role: column.role, rows: n, count: m, missing: n - m };
  if (m === 0) {
    return { ...base, distinct: 0, distinctExact: true, min: null, max: null, mean: null, std: null, quantiles: null, top: [], histogram: null };
  }
  const { min, max } = a;
  const boolean = column.type === 'boolean';
  const shown: Shown = boolean ? 'none' : column.type === 'integer' && max - min + 1 <= MAX_BINS ? 'integers' : 'bins';
  const b = locate(xs, a, shown, [0.25, 0.5, 0.75]);
  // `+ 0` turns -0 into 0: JSON would print it as 0 anyway.
  return {
    ...base,
    distinct: a.distinct,
    distinctExact: a.exact,
    min: min + 0,
    max: max + 0,
    mean: a.mean + 0,
    std: a.std,
    quantiles: { p25: (b.quantiles[0] ?? a.mean) + 0, p50: (b.quantiles[1] ?? a.mean) + 0, p75: (b.quantiles[2] ?? a.mean) + 0 },
    top: boolean ? booleanTop(xs) : [],
    histogram: b.histogram,
  };
}

/**
 * The values to describe: the column itself when all rows are wanted and none is marked missing (a
 * stray NaN is skipped by the passes), otherwise a dense copy of the present values.
 */
function presentValues(column: NumericColumn, rows: Uint32Array | undefined): Float64Array {
  const { values, missing } = column;
  if (rows === undefined) {
    let marked = 0;
    for (let i = 0; i < missing.length; i++) marked += missing[i] as number;
    if (marked === 0) return values;
  }
  const n = rows === undefined ? values.length : rows.length;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const r = rows === undefined ? i : (rows[i] as number);
    const v = values[r] as number;
    if (missing[r] === 1 || v !== v) continue;
    out[k++] = v;
  }
  return out.subarray(0, k);
}

/**
 * How values map to histogram bins over [min, max]: `floor((v − min) · scale)`, or, when max − min
 * overflows or is so small that the scale overflows, the same computed on halves (`half` > 0 selects it).
 */
interface Binning {
  min: number;
  scale: number;
  half: number;
  bins: number;
}

function binning(min: number, max: number, bins: number): Binning {
  const span = max - min;
  if (!(span > 0)) return { min, scale: 0, half: 0, bins };
  const scale = bins / span;
  if (Number.isFinite(span) && Number.isFinite(scale)) return { min, scale, half: 0, bins };
  return { min, scale: 0, half: max * 0.5 - min * 0.5, bins };
}

interface Summary {
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number | null;
  distinct: number;
  exact: boolean;
  /** Counts per fine bin: [0] below the sampled range [lo, hi], [1 … FINE_BINS] inside it, [FINE_BINS + 1] above. */
  fine: Int32Array;
  lo: number;
  hi: number;
  range: Binning;
}

/**
 * Pass A, one loop over the values: count, min, max, mean and spread (sums of deviations from the first
 * value, which keeps the one-pass variance accurate), a fine histogram for locating quantiles, and the
 * distinct count. The fine histogram spans the range of a strided sample of 1,024 values, with one bin
 * for each side beyond it, so it needs no separate pass for min and max.
 *
 * Distinct values are counted exactly up to `cap` (a small open-addressing set), then estimated with
 * HyperLogLog (2^14 registers, about 0.8% standard error; Flajolet et al. 2007, with linear counting for
 * small counts): an exact set of a million doubles would cost more than parsing the file. Everything is
 * inline: a double passed to a call V8 does not inline gets boxed.
 */
function summarize(xs: Float64Array, cap = EXACT_DISTINCT): Summary {
  const length = xs.length;
  const stride = Math.max(1, Math.floor(length / 1024));
  let lo = Infinity;
  let hi = -Infinity;
  let first = Number.NaN;
  for (let i = 0; i < length; i += stride) {
    const v = xs[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  for (let i = 0; i < length && first !== first; i++) first = (xs[i] as number) + 0;
  if (lo > hi) lo = hi = first === first ? first : 0;
  const range = binning(lo, hi, FINE_BINS);
  const { scale, half } = range;
  const fine = new Int32Array(FINE_BINS + 2);
  const registers = new Uint8Array(1 << HLL_BITS);
  const { keys, used } = exactSet(cap);
  const mask = keys.length - 1;
  const f64 = new Float64Array(1);
  const i32 = new Int32Array(f64.buffer);
  let size = 0;
  let overflow = false;
  let count = 0;
  let min = Infinity;
  let max = -Infinity;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < length; i++) {
    const raw = xs[i] as number;
    if (raw !== raw) continue;
    const v = raw + 0; // -0 and 0 are one value
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
    const d = v - first;
    s1 += d;
    s2 += d * d;
    let b: number;
    if (v < lo) b = 0;
    else if (v > hi) b = FINE_BINS + 1;
    else {
      b = 1 + (half > 0 ? Math.floor(((v * 0.5 - lo * 0.5) / half) * FINE_BINS) : Math.floor((v - lo) * scale));
      if (b > FINE_BINS) b = FINE_BINS;
    }
    fine[b] = (fine[b] as number) + 1;
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
  let mean = count > 0 ? first + s1 / count : Number.NaN;
  let std = count > 1 ? Math.sqrt(Math.max(0, (s2 - (s1 * s1) / count) / (count - 1))) : null;
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  if (count > 0 && !Number.isFinite(mean)) mean = scaledMean(xs, magnitude);
  if (std !== null && !Number.isFinite(std)) std = scaledStd(xs, mean, magnitude);
  const distinct = overflow ? Math.max(cap + 1, hyperLogLog(registers)) : size;
  return { count, min, max, mean, std, distinct, exact: !overflow, fine, lo, hi, range };
}

let scratchSet: { keys: Float64Array; used: Uint8Array } | null = null;

/** An empty open-addressing set for `cap` values (2 × cap slots), reused across columns: 1 MB by default. */
function exactSet(cap: number): { keys: Float64Array; used: Uint8Array } {
  if (cap !== EXACT_DISTINCT) return { keys: new Float64Array(cap * 2), used: new Uint8Array(cap * 2) };
  scratchSet ??= { keys: new Float64Array(cap * 2), used: new Uint8Array(cap * 2) };
  scratchSet.used.fill(0);
  return scratchSet;
}

function hyperLogLog(registers: Uint8Array): number {
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
  return Math.round(estimate);
}

/** Mean without overflow, for values whose sum exceeds the largest double: summed after dividing by `scale`. */
function scaledMean(xs: Float64Array, scale: number): number {
  let sum = 0;
  let k = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i] as number;
    if (v !== v) continue;
    sum += v / scale;
    k++;
  }
  return (sum / k) * scale;
}

/** Sample standard deviation computed on values divided by `scale`, for squares that overflow. */
function scaledStd(xs: Float64Array, mean: number, scale: number): number {
  let ss = 0;
  let k = 0;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i] as number;
    if (v !== v) continue;
    const d = v / scale - mean / scale;
    ss += d * d;
    k++;
  }
  return scale * Math.sqrt(ss / (k - 1));
}

function booleanTop(xs: Float64Array): { value: string; count: number }[] {
  let ones = 0;
  let zeros = 0;
  for (let i = 0; i < xs.length; i++) {
    if (xs[i] === 1) ones++;
    else if (xs[i] === 0) zeros++;
  }
  const top = [
    { value: 'true', count: ones },
    { value: 'false', count: zeros },
  ];
  return top.filter((t) => t.count > 0).sort((a, b) => b.count - a.count);
}

type Shown = 'bins' | 'integers' | 'none';

/**
 * Pass B: the shown histogram (MAX_BINS equal-width bins between min and max, or one bin per value for
 * a small integer range), and the quantiles with linear interpolation between order statistics (numpy's
 * and pandas' default) without sorting the column: the fine histogram of pass A tells which bins hold the
 * needed order statistics; only those bins' values are gathered and sorted.
 */
function locate(xs: Float64Array, a: Summary, shown: Shown, qs: readonly number[]): { quantiles: number[]; histogram: ColumnStats['histogram'] } {
  const { fine, count: m, min, max } = a;
  // The order statistics needed (floor(pos) and the next one, for each q), the bin of each and the
  // rank of each such bin's first value.
  const ranks = new Set<number>();
  for (const q of qs) {
    const pos = (m - 1) * q;
    ranks.add(Math.floor(pos));
    ranks.add(Math.min(m - 1, Math.floor(pos) + 1));
  }
  const sortedRanks = [...ranks].sort((x, y) => x - y);
  const binOf = new Map<number, number>();
  const firstRank = new Map<number, number>();
  let cumulative = 0;
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
  // bin → index into `gathered`, or -1: a typed lookup, as the loop below runs once per value.
  const slotOf = new Int32Array(fine.length).fill(-1);
  const gathered: Float64Array[] = [];
  for (const b of new Set(binOf.values())) {
    slotOf[b] = gathered.length;
    gathered.push(new Float64Array(fine[b] as number));
  }
  const filled = new Int32Array(gathered.length);
  const shownBins = shown === 'integers' ? max - min + 1 : MAX_BINS;
  const tally = new Int32Array(shownBins);
  gatherAndTally(xs, a, slotOf, gathered, filled, shown === 'none' ? 0 : shown === 'integers' ? 2 : 1, binning(min, max, MAX_BINS), tally);
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
  const quantiles = qs.map((q) => {
    const pos = (m - 1) * q;
    const lower = Math.floor(pos);
    const x = orderStat(lower);
    if (lower === pos) return x;
    const y = orderStat(Math.min(m - 1, lower + 1));
    const f = pos - lower;
    const gap = y - x;
    return Number.isFinite(gap) ? x + gap * f : x * (1 - f) + y * f;
  });
  let histogram: ColumnStats['histogram'] = null;
  if (shown === 'integers') {
    histogram = { edges: Array.from({ length: shownBins + 1 }, (_, i) => min - 0.5 + i), counts: Array.from(tally) };
  } else if (shown === 'bins') {
    histogram = max > min ? { edges: equalEdges(min, max), counts: Array.from(tally) } : { edges: [min, max], counts: [m] };
  }
  return { quantiles, histogram };
}

/**
 * The loop of pass B, kept small so V8 compiles it quickly: tallies the shown histogram (`shown`: 0 none,
 * 1 equal-width bins, 2 one bin per integer) and gathers the values of the fine bins that `slotOf` marks.
 */
function gatherAndTally(
  xs: Float64Array,
  a: Summary,
  slotOf: Int32Array,
  gathered: Float64Array[],
  filled: Int32Array,
  shown: number,
  display: Binning,
  tally: Int32Array,
): void {
  const { lo, hi, min } = a;
  const { scale, half } = a.range;
  const last = tally.length - 1;
  for (let i = 0; i < xs.length; i++) {
    const raw = xs[i] as number;
    if (raw !== raw) continue;
    const v = raw + 0;
    if (shown === 1) {
      const d = display.half > 0 ? Math.floor(((v * 0.5 - min * 0.5) / display.half) * MAX_BINS) : Math.floor((v - min) * display.scale);
      const t = d > last ? last : d;
      tally[t] = (tally[t] as number) + 1;
    } else if (shown === 2) {
      const t = v - min;
      tally[t] = (tally[t] as number) + 1;
    }
    // The same fine bin as in pass A.
    let b: number;
    if (v < lo) b = 0;
    else if (v > hi) b = FINE_BINS + 1;
    else {
      b = 1 + (half > 0 ? Math.floor(((v * 0.5 - lo * 0.5) / half) * FINE_BINS) : Math.floor((v - lo) * scale));
      if (b > FINE_BINS) b = FINE_BINS;
    }
    const g = slotOf[b] as number;
    if (g < 0) continue;
    const at = filled[g] as number;
    (gathered[g] as Float64Array)[at] = v;
    filled[g] = at + 1;
  }
}

/** MAX_BINS + 1 equal-width edges; half-steps added twice, so they stay finite even when max − min overflows. */
function equalEdges(min: number, max: number): number[] {
  const half = max * 0.5 - min * 0.5;
  const edges: number[] = [];
  for (let i = 0; i <= MAX_BINS; i++) {
    const step = half * (i / MAX_BINS);
    edges.push(i === MAX_BINS ? max : min + step + step);
  }
  return edges;
}

/**
 * Runs the numeric statistics' rare branches once on small data (hash-probe collisions, the switch from
 * exact counting to the estimate, missing values, row subsets), so that V8 optimizes the hot loops once
 * instead of deoptimizing on them mid-column. Called by the CSV reader's warm-up (see csv/ingest.ts).
 */
export function warmUpStats(): void {
  const n = 3000;
  // A far value sampled first (stride 2) makes one fine bin hold most others, so its values get sorted;
  // two unsampled ones fall below and above the sampled range.
  const xs = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1e9 : i === 1 ? -1e9 : i === 3 ? 2e9 : ((i * 7919) % n) * 0.37 - 100));
  summarize(xs, 1024);
  const missing = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
  const withMissing = Float64Array.from(xs, (v, i) => (missing[i] === 1 ? Number.NaN : v));
  const small = Float64Array.from({ length: n }, (_, i) => i % 5);
  const none = new Uint8Array(n);
  const columns: NumericColumn[] = [
    { kind: 'numeric', name: 'f', role: 'feature', type: 'float', values: xs, missing: none },
    { kind: 'numeric', name: 'm', role: 'feature', type: 'float', values: withMissing, missing },
    { kind: 'numeric', name: 'i', role: 'feature', type: 'integer', values: small, missing: none },
    { kind: 'numeric', name: 'b', role: 'feature', type: 'boolean', values: Float64Array.from(small, (v) => v % 2), missing: none },
    { kind: 'numeric', name: 'd', role: 'feature', type: 'datetime', values: withMissing, missing },
  ];
  for (const column of columns) {
    columnStats(column);
    columnStats(column, Uint32Array.from({ length: 100 }, (_, i) => i * 3));
  }
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
