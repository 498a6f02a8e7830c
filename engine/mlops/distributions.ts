/**
 * The other drift statistics, each following the SciPy function named on it (values checked against SciPy
 * in ./fixtures): chi-square test of a contingency table, the chi-square tail, the Jensen–Shannon distance,
 * and the population stability index (no SciPy equivalent; its binning is defined here and reproduced by
 * the fixture generator).
 */

/** log Γ(x) for x > 0 (Lanczos approximation, g = 7, 9 terms; relative error about 1e-15). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] ?? 1;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] ?? 0) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) (series below a + 1, continued fraction above). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    // P(a, x) = e^(−x) x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n)).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-17) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  // Lentz's continued fraction for Q(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefix) * h;
}

/** scipy.stats.chi2.sf(x, k): P(X ≥ x) for a chi-square variable with k degrees of freedom. */
export function chi2Sf(x: number, k: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return gammaQ(k / 2, x / 2);
}

export interface Chi2Result {
  readonly statistic: number;
  readonly pValue: number;
  readonly dof: number;
}

/**
 * scipy.stats.chi2_contingency(table) with its defaults: expected counts from the margins, Yates' continuity
 * correction when there is one degree of freedom. Rows and columns that are all zero are dropped first
 * (SciPy refuses them; here they carry no information).
 */
export function chi2Contingency(table: readonly (readonly number[])[]): Chi2Result {
  const width = table[0]?.length ?? 0;
  const keepCols = Array.from({ length: width }, (_, j) => table.some((row) => (row[j] ?? 0) > 0));
  const rows = table.map((row) => row.filter((_, j) => keepCols[j])).filter((row) => row.some((v) => v > 0));
  const r = rows.length;
  const c = rows[0]?.length ?? 0;
  const dof = Math.max(0, (r - 1) * (c - 1));
  if (dof === 0) return { statistic: 0, pValue: 1, dof };
  const rowSums = rows.map((row) => row.reduce((s, v) => s + v, 0));
  const colSums = Array.from({ length: c }, (_, j) => rows.reduce((s, row) => s + (row[j] ?? 0), 0));
  const total = rowSums.reduce((s, v) => s + v, 0);
  let statistic = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const expected = ((rowSums[i] ?? 0) * (colSums[j] ?? 0)) / total;
      let observed = rows[i]?.[j] ?? 0;
      if (dof === 1) {
        const diff = expected - observed;
        observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += ((observed - expected) * (observed - expected)) / expected;
    }
  }
  return { statistic, pValue: chi2Sf(statistic, dof), dof };
}

/** scipy.spatial.distance.jensenshannon(p, q, base=2): the square root of the JS divergence, in [0, 1]. */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  const sp = p.reduce((s, v) => s + v, 0);
  const sq = q.reduce((s, v) => s + v, 0);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const a = (p[i] ?? 0) / sp;
    const b = (q[i] ?? 0) / sq;
    const m = (a + b) / 2;
    if (a > 0) sum += a * Math.log(a / m);
    if (b > 0) sum += b * Math.log(b / m);
  }
  return Math.sqrt(Math.max(0, sum / Math.LN2 / 2));
}

/** Shares below this are raised to it, so an empty bin does not make the index infinite. */
export const PSI_FLOOR = 1e-4;

/** Σ (c − r) · ln(c / r) over matching shares, each floored at PSI_FLOOR. */
export function psiFromCounts(reference: readonly number[], current: readonly number[]): number {
  const nr = reference.reduce((s, v) => s + v, 0);
  const nc = current.reduce((s, v) => s + v, 0);
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.max((reference[i] ?? 0) / nr, PSI_FLOOR);
    const c = Math.max((current[i] ?? 0) / nc, PSI_FLOOR);
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

/**
 * Bin edges from the reference: order statistics sorted[⌊(n − 1)·k / bins⌋], k = 1 … bins − 1, without
 * duplicates (so ties never split a value across bins). Bin i holds edges[i−1] < x ≤ edges[i].
 */
export function psiEdges(sortedReference: Float64Array, bins: number): Float64Array {
  const n = sortedReference.length;
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const v = sortedReference[Math.floor(((n - 1) * k) / bins)] ?? Number.NaN;
    if (edges.length === 0 || v !== edges[edges.length - 1]) edges.push(v);
  }
  return Float64Array.from(edges);
}

/** Counts per bin (edges.length + 1 bins). */
export function binCounts(values: ArrayLike<number>, edges: Float64Array): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const x = values[i] ?? 0;
    // First edge ≥ x (NumPy searchsorted side='left').
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edges[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]!++;
  }
  return counts;
}

/** Population stability index of numeric values against a sorted reference, over reference-quantile bins. */
export function psiNumeric(sortedReference: Float64Array, current: ArrayLike<number>, bins = 10): number {
  const edges = psiEdges(sortedReference, bins);
  return psiFromCounts(binCounts(sortedReference, edges), binCounts(current, edges));
}
