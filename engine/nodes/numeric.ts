/**
 * Small statistics the transforms fit on training rows: mean, standard deviation, quantiles, mode.
 * All skip missing cells; all take the rows to look at, so "fit on train rows only" is explicit at each call.
 */
import type { CategoricalColumn, NumericColumn } from '../data/table';

/** The non-missing values of `column` at `rows`, in row order. */
export function presentValues(column: NumericColumn, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length);
  let k = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    if (column.missing[r] !== 1) out[k++] = column.values[r] ?? 0;
  }
  return out.subarray(0, k);
}

export function mean(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  return values.length === 0 ? Number.NaN : sum / values.length;
}

/** Population standard deviation (ddof 0, as scikit-learn's StandardScaler), two-pass for accuracy. */
export function std(values: Float64Array, center = mean(values)): number {
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const d = (values[i] ?? 0) - center;
    ss += d * d;
  }
  return values.length === 0 ? Number.NaN : Math.sqrt(ss / values.length);
}

/** Quantile of ascending `sorted` values with linear interpolation (NumPy's default, "type 7"). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

export function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/** Most frequent value; ties go to the smallest value so the result does not depend on row order. */
export function modeOfNumbers(values: Float64Array): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best = Number.NaN;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** Occurrences of each category at `rows` (index = category code); missing cells are not counted. */
export function categoryCounts(column: CategoricalColumn, rows: Uint32Array): Int32Array {
  const counts = new Int32Array(column.categories.length);
  for (let i = 0; i < rows.length; i++) {
    const code = column.codes[rows[i] ?? 0] ?? -1;
    if (code >= 0) counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

/** Most frequent category at `rows`; ties go to the alphabetically first; undefined when all are missing. */
export function modeOfCategories(column: CategoricalColumn, rows: Uint32Array): string | undefined {
  const counts = categoryCounts(column, rows);
  let best: string | undefined;
  let bestCount = 0;
  counts.forEach((c, code) => {
    const name = column.categories[code] ?? '';
    if (c > bestCount || (c === bestCount && c > 0 && best !== undefined && name < best)) {
      best = name;
      bestCount = c;
    }
  });
  return best;
}
