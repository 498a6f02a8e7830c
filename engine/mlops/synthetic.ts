/**
 * Synthetic data.
 *
 * (a) Generated problems, seeded:
 *   classification  each class gets a centroid in the informative features (normal, spread `separation`),
 *                   rows are that centroid plus standard normal noise, mixed by a random linear map so the
 *                   informative features correlate; the other features are pure noise; `noise` is the share
 *                   of labels reassigned at random (scikit-learn's flip_y); class counts follow `weights`.
 *   regression      y = X_informative · w + noise·N(0, 1), w uniform in [0, 100) (as scikit-learn's
 *                   make_regression); the other features are pure noise.
 *
 * (b) Synthetic twin by a Gaussian copula: each column's distribution is kept by its empirical quantiles
 *   (categories by their shares, missing values by their rate), and the dependence between columns by the
 *   correlation of their normal scores, Φ⁻¹((rank − ½)/n) (pairwise over rows where both are present,
 *   repaired to the nearest valid correlation matrix, factored by Cholesky). New rows are drawn from that
 *   copula; a drawn row equal to a real row is drawn again, so no real row is reproduced. What it does not
 *   keep: dependence beyond the normal-scores correlation (e.g. interactions), or which values tend to be
 *   missing together. It is NOT a privacy guarantee: rare values and small groups can still reveal people.
 */
import { MwError } from '../errors';
import { type CategoricalColumn, type Column, type NumericColumn, type Table } from '../data/table';
import { createRng, normalCdf, normalQuantile, type Rng } from './random';

export const SYNTHETIC_TWIN_NOTICE =
  'Synthetic twin: keeps each column’s distribution (empirical quantiles, category shares, missing rate) and the correlations between ' +
  'columns (Gaussian copula on normal scores); never copies a real row. It is not a privacy guarantee: rare values and small groups can ' +
  'still reveal the people in the data.';

export interface ProblemOptions {
  readonly rows: number;
  readonly features: number;
  readonly informative: number;
  readonly noise: number;
  readonly seed: number;
}

export interface ClassificationOptions extends ProblemOptions {
  readonly classes: number;
  /** Relative class sizes (default: equal). */
  readonly weights?: readonly number[];
  /** Spread of the class centroids (larger separates the classes more). */
  readonly separation?: number;
}

function invalid(message: string, field: string): MwError {
  return new MwError('MW_SYNTH_INVALID', { message, location: { field } });
}

function checkProblem(o: ProblemOptions): void {
  if (!Number.isInteger(o.rows) || o.rows < 1) throw invalid('Rows must be a whole number of at least 1.', 'rows');
  if (!Number.isInteger(o.features) || o.features < 1) throw invalid('Features must be a whole number of at least 1.', 'features');
  if (o.informative < 1 || o.informative > o.features) throw invalid(`Informative features (${o.informative}) must be between 1 and the number of features (${o.features}).`, 'informative');
  if (o.noise < 0) throw invalid('Noise cannot be negative.', 'noise');
}

function numericColumn(name: string, values: Float64Array, role: Column['role'] = 'feature'): NumericColumn {
  return { name, role, kind: 'numeric', type: 'float', values, missing: new Uint8Array(values.length) };
}

function featureColumns(x: Float64Array[]): NumericColumn[] {
  return x.map((values, j) => numericColumn(`x${j + 1}`, values));
}

/** Whole-row counts per class in proportion to the weights (largest remainder). */
function classCounts(rows: number, weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const ideal = weights.map((w) => (rows * w) / total);
  const counts = ideal.map(Math.floor);
  let left = rows - counts.reduce((a, b) => a + b, 0);
  const order = ideal.map((q, i) => ({ i, rest: q - Math.floor(q) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  return counts;
}

export function makeClassification(o: ClassificationOptions): Table {
  checkProblem(o);
  if (!Number.isInteger(o.classes) || o.classes < 2) throw invalid('A classification problem needs at least 2 classes.', 'classes');
  if (o.noise > 1) throw invalid('For classification, noise is the share of labels reassigned at random: between 0 and 1.', 'noise');
  const weights = o.weights === undefined || o.weights.length === 0 ? Array.from({ length: o.classes }, () => 1) : o.weights;
  if (weights.length !== o.classes || weights.some((w) => !(w > 0))) throw invalid(`Class balance needs ${o.classes} positive weights.`, 'classBalance');
  const rng = createRng(o.seed);
  const sep = o.separation ?? 1.5;
  const k = o.informative;
  const centroids = Array.from({ length: o.classes }, () => Array.from({ length: k }, () => rng.normal() * sep));
  const mixing = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0.5 * rng.normal())));
  const counts = classCounts(o.rows, weights);
  const labels = new Int32Array(o.rows);
  let at = 0;
  counts.forEach((c, cls) => labels.fill(cls, at, (at += c)));
  for (let i = o.rows - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [labels[i], labels[j]] = [labels[j] ?? 0, labels[i] ?? 0];
  }
  const x = Array.from({ length: o.features }, () => new Float64Array(o.rows));
  const latent = new Float64Array(k);
  for (let r = 0; r < o.rows; r++) {
    const centroid = centroids[labels[r] ?? 0] ?? [];
    for (let j = 0; j < k; j++) latent[j] = rng.normal();
    for (let j = 0; j < k; j++) {
      let v = centroid[j] ?? 0;
      const row = mixing[j] ?? [];
      for (let t = 0; t < k; t++) v += (row[t] ?? 0) * (latent[t] ?? 0);
      x[j]![r] = v;
    }
    for (let j = k; j < o.features; j++) x[j]![r] = rng.normal();
    if (o.noise > 0 && rng.next() < o.noise) labels[r] = rng.int(o.classes);
  }
  const categories = Array.from({ length: o.classes }, (_, c) => `class_${c}`);
  const target: CategoricalColumn = { name: 'target', role: 'target', kind: 'categorical', type: 'categorical', codes: labels, categories };
  return { rowCount: o.rows, columns: [...featureColumns(x), target], partition: null, recipe: [], sources: [] };
}

export function makeRegression(o: ProblemOptions): Table {
  checkProblem(o);
  const rng = createRng(o.seed);
  const w = Array.from({ length: o.informative }, () => 100 * rng.next());
  const x = Array.from({ length: o.features }, () => new Float64Array(o.rows));
  const y = new Float64Array(o.rows);
  for (let r = 0; r < o.rows; r++) {
    let v = 0;
    for (let j = 0; j < o.features; j++) {
      const value = rng.normal();
      x[j]![r] = value;
      if (j < o.informative) v += (w[j] ?? 0) * value;
    }
    y[r] = v + o.noise * rng.normal();
  }
  return { rowCount: o.rows, columns: [...featureColumns(x), numericColumn('target', y, 'target')], partition: null, recipe: [], sources: [] };
}

// -------------------------------------------------------------------------------------------------
// Synthetic twin

/** How one column maps to and from the latent normal. */
type Marginal =
  | { kind: 'numeric'; column: NumericColumn; sorted: Float64Array; missingRate: number; integer: boolean }
  | { kind: 'categorical'; column: CategoricalColumn; cumulative: Float64Array; order: Int32Array; missingRate: number }
  | { kind: 'identifier'; column: CategoricalColumn };

function marginalOf(column: Column): Marginal {
  if (column.kind === 'categorical' && column.type === 'identifier') return { kind: 'identifier', column };
  if (column.kind === 'numeric') {
    const present: number[] = [];
    for (let i = 0; i < column.values.length; i++) if (column.missing[i] !== 1) present.push(column.values[i] ?? 0);
    const sorted = Float64Array.from(present).sort();
    const integer = column.type !== 'float';
    return { kind: 'numeric', column, sorted, missingRate: 1 - present.length / Math.max(1, column.values.length), integer };
  }
  const counts = new Float64Array(column.categories.length);
  let present = 0;
  for (const code of column.codes) {
    if (code >= 0) {
      counts[code]!++;
      present++;
    }
  }
  // Most frequent first, so the latent order is stable and small categories sit in the tail.
  const order = Int32Array.from(counts.keys()).sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a - b);
  const cumulative = new Float64Array(order.length);
  let acc = 0;
  order.forEach((code, i) => {
    acc += (counts[code] ?? 0) / Math.max(1, present);
    cumulative[i] = acc;
  });
  return { kind: 'categorical', column, cumulative, order, missingRate: 1 - present / Math.max(1, column.codes.length) };
}

/** Normal scores of a column's present values: Φ⁻¹((mid-rank − ½)/n); NaN where missing. */
function normalScores(m: Marginal, rng: Rng): Float64Array {
  if (m.kind === 'identifier') return new Float64Array(0);
  if (m.kind === 'numeric') {
    const { values, missing } = m.column;
    const idx = Array.from(values.keys()).filter((i) => missing[i] !== 1).sort((a, b) => (values[a] ?? 0) - (values[b] ?? 0));
    const out = new Float64Array(values.length).fill(Number.NaN);
    const n = idx.length;
    for (let start = 0; start < n; ) {
      let end = start;
      while (end + 1 < n && values[idx[end + 1] ?? 0] === values[idx[start] ?? 0]) end++;
      const z = normalQuantile(((start + end) / 2 + 0.5) / n);
      for (let t = start; t <= end; t++) out[idx[t] ?? 0] = z;
      start = end + 1;
    }
    return out;
  }
  // A category covers an interval of the uniform scale; each row gets a seeded point inside it.
  const position = new Int32Array(m.column.categories.length);
  m.order.forEach((code, i) => (position[code] = i));
  return Float64Array.from(m.column.codes, (code) => {
    if (code < 0) return Number.NaN;
    const i = position[code] ?? 0;
    const lo = i === 0 ? 0 : (m.cumulative[i - 1] ?? 0);
    const hi = m.cumulative[i] ?? 1;
    const u = Math.min(1 - 1e-12, Math.max(1e-12, lo + (hi - lo) * (0.001 + 0.998 * rng.next())));
    return normalQuantile(u);
  });
}

/** Pearson correlation over rows where both are present (1 on the diagonal, 0 without overlap). */
function pairwiseCorrelation(z: readonly Float64Array[]): Float64Array[] {
  const p = z.length;
  const r = Array.from({ length: p }, () => new Float64Array(p));
  for (let a = 0; a < p; a++) {
    r[a]![a] = 1;
    for (let b = a + 1; b < p; b++) {
      const za = z[a] ?? new Float64Array(0);
      const zb = z[b] ?? new Float64Array(0);
      let n = 0;
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < za.length; i++) {
        const x = za[i] ?? Number.NaN;
        const y = zb[i] ?? Number.NaN;
        if (Number.isNaN(x) || Number.isNaN(y)) continue;
        n++;
        sa += x;
        sb += y;
      }
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < za.length; i++) {
        const x = za[i] ?? Number.NaN;
        const y = zb[i] ?? Number.NaN;
        if (Number.isNaN(x) || Number.isNaN(y)) continue;
        const dx = x - sa / n;
        const dy = y - sb / n;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
      }
      const c = n > 2 && sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
      r[a]![b] = c;
      r[b]![a] = c;
    }
  }
  return r;
}

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations. */
function symmetricEigen(matrix: readonly Float64Array[]): { values: Float64Array; vectors: Float64Array[] } {
  const n = matrix.length;
  const a = matrix.map((row) => Float64Array.from(row));
  const v = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p]![q] ?? 0) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q] ?? 0;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q]![q] ?? 0) - (a[p]![p] ?? 0)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p] ?? 0;
          const akq = a[k]![q] ?? 0;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k] ?? 0;
          const aqk = a[q]![k] ?? 0;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p] ?? 0;
          const vkq = v[k]![q] ?? 0;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from(a, (row, i) => row[i] ?? 0), vectors: v };
}

/** The nearest valid correlation matrix by clipping eigenvalues (pairwise estimates need not be one). */
export function repairCorrelation(r: readonly Float64Array[]): Float64Array[] {
  const n = r.length;
  const { values, vectors } = symmetricEigen(r);
  const clipped = Float64Array.from(values, (x) => Math.max(x, 1e-6));
  const out = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (vectors[i]![k] ?? 0) * (clipped[k] ?? 0) * (vectors[j]![k] ?? 0);
      out[i]![j] = s;
    }
  }
  // Back to unit diagonal.
  const d = Float64Array.from(out, (row, i) => Math.sqrt(row[i] ?? 1));
  return out.map((row, i) => row.map((x, j) => x / ((d[i] ?? 1) * (d[j] ?? 1))));
}

/** Lower-triangular L with L·Lᵀ = r. */
export function cholesky(r: readonly Float64Array[]): Float64Array[] {
  const n = r.length;
  const l = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = r[i]![j] ?? 0;
      for (let k = 0; k < j; k++) s -= (l[i]![k] ?? 0) * (l[j]![k] ?? 0);
      if (i === j) l[i]![i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i]![j] = s / (l[j]![j] ?? 1);
    }
  }
  return l;
}

/** The value of a marginal at uniform u (linear interpolation between order statistics). */
function quantile(m: Extract<Marginal, { kind: 'numeric' }>, u: number): number {
  const n = m.sorted.length;
  const pos = u * n - 0.5;
  if (pos <= 0) return m.sorted[0] ?? 0;
  if (pos >= n - 1) return m.sorted[n - 1] ?? 0;
  const lo = Math.floor(pos);
  const f = pos - lo;
  const v = (m.sorted[lo] ?? 0) * (1 - f) + (m.sorted[lo + 1] ?? 0) * f;
  return m.integer ? Math.round(v) : v;
}

function categoryAt(m: Extract<Marginal, { kind: 'categorical' }>, u: number): number {
  let lo = 0;
  let hi = m.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((m.cumulative[mid] ?? 1) < u) lo = mid + 1;
    else hi = mid;
  }
  return m.order[lo] ?? -1;
}

export interface TwinOptions {
  readonly rows: number;
  readonly seed: number;
  /** Attempts to redraw a row that equals a real row before dropping it. */
  readonly maxRedraws?: number;
}

export interface TwinResult {
  readonly table: Table;
  /** The normal-scores correlation matrix used (after repair), columns in `columns` order. */
  readonly correlation: Float64Array[];
  readonly columns: string[];
  /** Rows drawn again because they equalled a real row. */
  readonly redrawn: number;
  readonly notes: string[];
}

function rowKey(columns: readonly Column[], r: number): string {
  return columns
    .map((c) => {
      if (c.kind === 'numeric') return c.missing[r] === 1 ? '\u0000' : String(c.values[r]);
      const code = c.codes[r] ?? -1;
      return code < 0 ? '\u0000' : (c.categories[code] ?? '');
    })
    .join('\u0001');
}

/** A synthetic twin of `source` (see the file comment for what is kept and what is not). */
export function syntheticTwin(source: Table, options: TwinOptions): TwinResult {
  if (source.rowCount < 2) throw invalid('A synthetic twin needs a table with at least 2 rows.', 'rows');
  if (!Number.isInteger(options.rows) || options.rows < 1) throw invalid('Rows must be a whole number of at least 1.', 'rows');
  const rng = createRng(options.seed);
  const marginals = source.columns.map(marginalOf);
  const modelled = marginals.filter((m): m is Exclude<Marginal, { kind: 'identifier' }> => m.kind !== 'identifier');
  const correlation = repairCorrelation(pairwiseCorrelation(modelled.map((m) => normalScores(m, rng))));
  const l = cholesky(correlation);
  const p = modelled.length;
  const n = options.rows;
  const outNumeric = new Map<string, { values: Float64Array; missing: Uint8Array }>();
  const outCodes = new Map<string, Int32Array>();
  for (const m of marginals) {
    if (m.kind === 'numeric') outNumeric.set(m.column.name, { values: new Float64Array(n), missing: new Uint8Array(n) });
    else outCodes.set(m.column.name, new Int32Array(n));
  }
  const realRows = new Set<string>();
  const keyColumns = source.columns.filter((c) => c.type !== 'identifier');
  for (let r = 0; r < source.rowCount; r++) realRows.add(rowKey(keyColumns, r));

  const g = new Float64Array(p);
  const draw = (r: number) => {
    for (let j = 0; j < p; j++) g[j] = rng.normal();
    modelled.forEach((m, j) => {
      let z = 0;
      const row = l[j] ?? new Float64Array(0);
      for (let k = 0; k <= j; k++) z += (row[k] ?? 0) * (g[k] ?? 0);
      const u = Math.min(1 - 1e-15, Math.max(1e-15, normalCdf(z)));
      const isMissing = m.missingRate > 0 && rng.next() < m.missingRate;
      if (m.kind === 'numeric') {
        const out = outNumeric.get(m.column.name)!;
        out.missing[r] = isMissing || m.sorted.length === 0 ? 1 : 0;
        out.values[r] = out.missing[r] === 1 ? Number.NaN : quantile(m, u);
      } else {
        outCodes.get(m.column.name)![r] = isMissing || m.cumulative.length === 0 ? -1 : categoryAt(m, u);
      }
    });
  };
  const maxRedraws = options.maxRedraws ?? 25;
  let redrawn = 0;
  const kept: number[] = [];
  // The columns wrap the output arrays, which draw() fills in place.
  const columns = buildColumns(source, outNumeric, outCodes, n);
  const synthKeyColumns = columns.filter((c) => c.type !== 'identifier');
  for (let r = 0; r < n; r++) {
    let attempts = 0;
    for (;;) {
      draw(r);
      if (!realRows.has(rowKey(synthKeyColumns, r))) break;
      redrawn++;
      if (++attempts > maxRedraws) break;
    }
    if (attempts <= maxRedraws) kept.push(r);
  }
  const notes = [SYNTHETIC_TWIN_NOTICE];
  const dropped = n - kept.length;
  if (dropped > n / 2) {
    throw invalid(`Most drawn rows equal real rows (the table has too few distinct combinations of values to make a twin without copying rows).`, 'rows');
  }
  if (dropped > 0) notes.push(`${dropped} drawn rows kept equalling real rows and were left out.`);
  if (redrawn > 0) notes.push(`${redrawn} drawn rows equalled a real row and were drawn again.`);
  const ids = marginals.filter((m) => m.kind === 'identifier').map((m) => m.column.name);
  if (ids.length > 0) notes.push(`Identifier columns (${ids.join(', ')}) get new made-up values.`);
  const keep = Uint32Array.from(kept);
  const table: Table = {
    rowCount: keep.length,
    columns: columns.map((c) => takeColumn(c, keep)),
    partition: null,
    recipe: [],
    sources: [],
  };
  return { table, correlation, columns: modelled.map((m) => m.column.name), redrawn, notes };
}

function buildColumns(source: Table, numeric: Map<string, { values: Float64Array; missing: Uint8Array }>, codes: Map<string, Int32Array>, n: number): Column[] {
  return source.columns.map((c): Column => {
    if (c.kind === 'numeric') {
      const out = numeric.get(c.name)!;
      return { ...c, values: out.values, missing: out.missing };
    }
    if (c.type === 'identifier') {
      const categories = Array.from({ length: n }, (_, i) => `synthetic-${String(i + 1).padStart(6, '0')}`);
      return { ...c, codes: Int32Array.from({ length: n }, (_, i) => i), categories };
    }
    return { ...c, codes: codes.get(c.name)! };
  });
}

function takeColumn(c: Column, rows: Uint32Array): Column {
  if (rows.length === (c.kind === 'numeric' ? c.values.length : c.codes.length)) return c;
  if (c.kind === 'numeric') return { ...c, values: Float64Array.from(rows, (r) => c.values[r] ?? Number.NaN), missing: Uint8Array.from(rows, (r) => c.missing[r] ?? 1) };
  return { ...c, codes: Int32Array.from(rows, (r) => c.codes[r] ?? -1) };
}
