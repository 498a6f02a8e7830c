/** Seeded synthetic data sets for the tree tests. */
import { Rng } from './rng';

export interface Synthetic {
  x: Float64Array;
  y: Float64Array;
  rows: number;
  cols: number;
}

export function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/** Fills a rows × cols matrix with uniform values in [-1, 1) and labels rows with `label`. */
export function synthetic(rows: number, cols: number, seed: number, label: (row: Float64Array, rng: Rng) => number): Synthetic {
  const rng = new Rng(seed);
  const x = new Float64Array(rows * cols);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = x.subarray(r * cols, (r + 1) * cols);
    for (let c = 0; c < cols; c++) row[c] = 2 * rng.next() - 1;
    y[r] = label(row, rng);
  }
  return { x, y, rows, cols };
}

export function accuracy(predicted: Float64Array, y: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) ok++;
  return ok / y.length;
}

export function rSquared(predicted: Float64Array, y: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < y.length; i++) {
    res += (predicted[i]! - y[i]!) ** 2;
    tot += (y[i]! - mean) ** 2;
  }
  return 1 - res / tot;
}
