/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, matching scipy.stats.ks_2samp(a, b, method='auto')
 * (SciPy 1.10): the exact p-value when max(n1, n2) ≤ 10,000, otherwise the 'asymp' one,
 * kstwo.sf(D, round(n1·n2/(n1 + n2))).
 *
 * Exact p-value: the probability that a uniformly random interleaving of the two samples (a lattice path
 * from (0, 0) to (n1, n2)) reaches |i/n1 − j/n2| ≥ D, computed by dynamic programming over the band of
 * paths still inside, so the (possibly tiny) p-value is a sum of positive terms with no cancellation. Equal
 * sizes use the closed-form alternating series (Hodges 1958). One documented difference from SciPy: when
 * the band would hold more than EXACT_WORK_LIMIT lattice points (very unequal D and large samples, where
 * the p-value is astronomically small anyway) the asymptotic value is used and `method` says so.
 */
import { kolmogorovSf } from './kolmogorov';

export const MAX_EXACT_N = 10_000;
/** Lattice points of the exact computation above which the asymptotic p-value is used instead. */
export const EXACT_WORK_LIMIT = 40_000_000;

export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
  readonly method: 'exact' | 'asymp';
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** D = sup |F1 − F2| over the pooled values, as scipy computes it (searchsorted 'right' / n). */
export function ksStatistic(sortedA: Float64Array, sortedB: Float64Array): number {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 || j < n2) {
    const a = i < n1 ? (sortedA[i] ?? Infinity) : Infinity;
    const b = j < n2 ? (sortedB[j] ?? Infinity) : Infinity;
    const v = a <= b ? a : b;
    while (i < n1 && sortedA[i] === v) i++;
    while (j < n2 && sortedB[j] === v) j++;
    const diff = Math.abs(i / n1 - j / n2);
    if (diff > d) d = diff;
  }
  return d;
}

/** P(D ≥ h/n) for two samples of size n (Hodges' alternating series, evaluated Horner-style). */
function equalSizesOutside(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let term = 1;
    for (let j = 0; j < h; j++) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    p = term * (1 - p);
  }
  return 2 * p;
}

/** P(a random lattice path to (m, n) reaches |n·i − m·j| ≥ bound), by DP over the band inside. */
function outsideProbability(m: number, n: number, bound: number): number {
  // Column i holds rows j with |n·i − m·j| < bound: j in (lo(i), hi(i)).
  const lowest = (i: number) => Math.max(0, Math.floor((n * i - bound) / m) + 1);
  const highest = (i: number) => Math.min(n, Math.ceil((n * i + bound) / m) - 1);
  let prevLo = 0;
  let prev = new Float64Array(highest(0) + 1);
  prev[0] = 1;
  let exited = 0;
  const total = m + n;
  // Within column 0, paths move up: j → j + 1 with probability (n − j)/(m + n − j).
  for (let j = 0; j < prev.length; j++) {
    const mass = prev[j] ?? 0;
    if (j + 1 < prev.length) prev[j + 1]! += (mass * (n - j)) / (total - j);
    else if (j < n) exited += (mass * (n - j)) / (total - j);
  }
  for (let i = 1; i <= m; i++) {
    const lo = lowest(i);
    const hi = highest(i);
    const width = hi - lo + 1;
    const col = new Float64Array(Math.max(0, width));
    // Arrivals from the left: (i − 1, j) → (i, j) with probability (m − i + 1)/(m + n − i + 1 − j).
    for (let k = 0; k < prev.length; k++) {
      const mass = prev[k] ?? 0;
      if (mass === 0) continue;
      const j = prevLo + k;
      const step = (mass * (m - i + 1)) / (total - (i - 1) - j);
      if (j >= lo && j <= hi) col[j - lo]! += step;
      else exited += step;
    }
    // Moves up within the column, in order so each state has all its mass before it moves.
    for (let k = 0; k < width; k++) {
      const j = lo + k;
      if (j >= n) continue;
      const mass = col[k] ?? 0;
      if (mass === 0) continue;
      const step = (mass * (n - j)) / (total - i - j);
      if (j + 1 <= hi) col[k + 1]! += step;
      else exited += step;
    }
    prev = col;
    prevLo = lo;
  }
  return exited;
}

/** The exact two-sided p-value, or null when it would take more than EXACT_WORK_LIMIT lattice points. */
export function ksExactPValue(n1: number, n2: number, d: number): { d: number; p: number } | null {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const dq = h / lcm;
  if (h === 0) return { d: dq, p: 1 };
  if (n1 === n2) return { d: dq, p: Math.min(1, Math.max(0, equalSizesOutside(n1, h))) };
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  if (2 * dq * m * n + m > EXACT_WORK_LIMIT) return null;
  return { d: dq, p: Math.min(1, Math.max(0, outsideProbability(m, n, h * g))) };
}

export function ksAsymptoticPValue(n1: number, n2: number, d: number): number {
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  return kolmogorovSf(Math.round(en), d);
}

function sorted(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** scipy.stats.ks_2samp(a, b, alternative='two-sided', method) for samples without missing values. */
export function ks2samp(a: ArrayLike<number>, b: ArrayLike<number>, method: 'auto' | 'exact' | 'asymp' = 'auto'): KsResult {
  const sa = sorted(a);
  const sb = sorted(b);
  const n1 = sa.length;
  const n2 = sb.length;
  if (n1 === 0 || n2 === 0) return { statistic: Number.NaN, pValue: Number.NaN, method: 'asymp' };
  const d = ksStatistic(sa, sb);
  const wantExact = method === 'exact' || (method === 'auto' && Math.max(n1, n2) <= MAX_EXACT_N);
  if (wantExact) {
    const exact = ksExactPValue(n1, n2, d);
    if (exact !== null) return { statistic: exact.d, pValue: exact.p, method: 'exact' };
  }
  return { statistic: d, pValue: Math.min(1, Math.max(0, ksAsymptoticPValue(n1, n2, d))), method: 'asymp' };
}
