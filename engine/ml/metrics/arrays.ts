/** Input checks and small array helpers shared by the metric modules. */
import { MwError } from '../../errors';

/** Probabilities or regression values as they come from a model (tfjs hands out Float32Array). */
export type NumericArray = Float64Array | Float32Array;

/**
 * Optional per-row weights, read as repeat counts: weight 2 counts a row twice (sklearn's `sample_weight`).
 * The bootstrap passes resample counts this way, so a resample costs O(n) without copying rows.
 */
export type RowWeights = Float64Array | undefined;

/** Throws MW_EVAL_NO_ROWS for empty input: every metric here needs at least one row. */
export function requireRows(n: number, what: string): void {
  if (n === 0) throw new MwError('MW_EVAL_NO_ROWS', { message: `There are no rows to evaluate ${what} on.` });
}

/** Mismatched array lengths are a bug in the caller (the Evaluate node), not a user error. */
export function requireLength(actual: number, expected: number, what: string): void {
  if (actual !== expected) {
    throw new MwError('MW_INTERNAL', { message: `Metrics: ${what} has length ${actual}, expected ${expected}.`, details: { what, actual, expected } });
  }
}

export function checkWeights(weights: RowWeights, n: number): void {
  if (weights !== undefined) requireLength(weights.length, n, 'weights');
}

/** Indices 0..n-1 sorted by `key(i)` descending (ties keep index order, like a stable sort). */
export function orderDescending(n: number, key: (i: number) => number): Int32Array {
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = key(i);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => keys[b]! - keys[a]! || a - b);
  return order;
}

/**
 * Keeps at most `max` items, evenly spread by index, always keeping the first and the last
 * (curves keep their end points; a decimated ROC curve still starts at (0, 0) and ends at (1, 1)).
 */
export function decimate<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  if (max < 2) return items.slice(0, Math.max(0, max));
  const out: T[] = [];
  const last = items.length - 1;
  for (let j = 0; j < max; j++) out.push(items[Math.round((j * last) / (max - 1))]!);
  return out;
}

/** Finite number or null: how an undefined metric is written into plain JSON. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
