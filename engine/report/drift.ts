/**
 * A quick drift check for the report's caveats: do the rows the model predicted on look like the rows it
 * was trained on? Numeric columns: the two-sample Kolmogorov–Smirnov statistic D with its asymptotic
 * p-value (Numerical Recipes §14.3: λ = (√Ne + 0.12 + 0.11/√Ne)·D). Categorical columns: the total
 * variation distance between category shares, and the share of categories never seen in training.
 */
import { fitRows, rowsIn, type Column, type Table } from '../data/table';

export interface ColumnDrift {
  readonly column: string;
  readonly test: 'ks' | 'categories';
  /** KS D, or total variation distance. */
  readonly statistic: number;
  /** KS only. */
  readonly pValue: number | null;
  /** Share of new rows with a category unseen in training (categorical only). */
  readonly unseen: number | null;
  readonly drifted: boolean;
}

/** Kolmogorov distribution's survival function Q_KS(λ) = 2 Σ (−1)^(j−1) e^(−2 j² λ²). */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = 2 * (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}

/** Two-sample KS statistic of sorted samples. */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

function presentValues(column: Column, rows: Uint32Array): Float64Array {
  if (column.kind !== 'numeric') return new Float64Array(0);
  const out: number[] = [];
  for (const r of rows) if (column.missing[r] !== 1 && Number.isFinite(column.values[r]!)) out.push(column.values[r]!);
  return Float64Array.from(out).sort();
}

function shares(column: Column, rows: Uint32Array): Map<string, number> {
  const counts = new Map<string, number>();
  if (column.kind !== 'categorical') return counts;
  let n = 0;
  for (const r of rows) {
    const code = column.codes[r]!;
    if (code < 0) continue;
    const value = column.categories[code]!;
    counts.set(value, (counts.get(value) ?? 0) + 1);
    n++;
  }
  for (const [k, v] of counts) counts.set(k, v / Math.max(1, n));
  return counts;
}

/**
 * Columns of `current` compared with the training rows of `reference` (the columns both have, of the same
 * kind). A column drifts when KS p < 0.01 and D ≥ 0.1, or when its category shares differ by a total
 * variation of 0.2 or more, or when 5% or more of its values are categories never seen in training.
 */
export function driftBetween(reference: Table, current: Table, columns: readonly string[]): ColumnDrift[] {
  const refRows = reference.partition === null ? fitRows(reference) : rowsIn(reference, 'train');
  const curRows = Uint32Array.from({ length: current.rowCount }, (_, i) => i);
  const out: ColumnDrift[] = [];
  for (const name of columns) {
    const ref = reference.columns.find((c) => c.name === name);
    const cur = current.columns.find((c) => c.name === name);
    if (ref === undefined || cur === undefined || ref.kind !== cur.kind) continue;
    if (ref.kind === 'numeric') {
      const a = presentValues(ref, refRows);
      const b = presentValues(cur, curRows);
      if (a.length < 5 || b.length < 5) continue;
      const d = ksStatistic(a, b);
      const ne = (a.length * b.length) / (a.length + b.length);
      const p = kolmogorovQ((Math.sqrt(ne) + 0.12 + 0.11 / Math.sqrt(ne)) * d);
      out.push({ column: name, test: 'ks', statistic: d, pValue: p, unseen: null, drifted: p < 0.01 && d >= 0.1 });
    } else {
      const a = shares(ref, refRows);
      const b = shares(cur, curRows);
      if (a.size === 0 || b.size === 0) continue;
      let tv = 0;
      for (const key of new Set([...a.keys(), ...b.keys()])) tv += Math.abs((a.get(key) ?? 0) - (b.get(key) ?? 0));
      tv /= 2;
      let unseen = 0;
      for (const [key, share] of b) if (!a.has(key)) unseen += share;
      out.push({ column: name, test: 'categories', statistic: tv, pValue: null, unseen, drifted: tv >= 0.2 || unseen >= 0.05 });
    }
  }
  return out;
}
