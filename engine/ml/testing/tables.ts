/** Small synthetic tables for tests: built directly as columns (no CSV), seeded. */
import type { CategoricalColumn, Column, ColumnRole, NumericColumn, Table } from '../../data/table';
import { createRng } from '../train/random';

export function numeric(name: string, values: readonly (number | null)[], role: ColumnRole = 'feature', type: NumericColumn['type'] = 'float'): NumericColumn {
  return {
    name,
    role,
    kind: 'numeric',
    type,
    values: Float64Array.from(values, (v) => (v === null ? Number.NaN : v)),
    missing: Uint8Array.from(values, (v) => (v === null ? 1 : 0)),
  };
}

export function categorical(name: string, values: readonly (string | null)[], role: ColumnRole = 'feature', type: CategoricalColumn['type'] = 'categorical'): CategoricalColumn {
  const categories: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    let code = index.get(v);
    if (code === undefined) {
      code = categories.length;
      categories.push(v);
      index.set(v, code);
    }
    return code;
  });
  return { name, role, kind: 'categorical', type, codes, categories };
}

export function table(columns: readonly Column[], partition: Uint8Array | null = null): Table {
  const rowCount = columns[0]?.kind === 'numeric' ? columns[0].values.length : (columns[0]?.codes.length ?? 0);
  return { rowCount, columns, partition, recipe: [], sources: [] };
}

/** Gaussian noise from the seeded generator (Box–Muller). */
export function gaussian(seed: number): () => number {
  const rng = createRng(seed, 99);
  return () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

export interface Synthetic {
  readonly x: number[][];
  readonly table: Table;
}

/**
 * Two numeric features; classification targets are separable blobs ("a", "b"[, "c"]), regression is
 * y = 3·x1 − 2·x2 + 1000 + noise (a large offset checks target standardisation).
 */
export function synthetic(task: 'binary' | 'multiclass' | 'regression', n: number, seed = 1): Table {
  const noise = gaussian(seed);
  const x1: number[] = [];
  const x2: number[] = [];
  const y: (number | string)[] = [];
  const labels = task === 'binary' ? ['a', 'b'] : ['a', 'b', 'c'];
  for (let i = 0; i < n; i++) {
    if (task === 'regression') {
      const a = noise();
      const b = noise();
      x1.push(a);
      x2.push(b);
      y.push(3 * a - 2 * b + 1000 + 0.1 * noise());
    } else {
      const c = i % labels.length;
      x1.push(c * 3 + noise() * 0.5);
      x2.push((c % 2) * 2 + noise() * 0.5);
      y.push(labels[c]!);
    }
  }
  const target = task === 'regression' ? numeric('y', y as number[], 'target') : categorical('y', y as string[], 'target');
  return table([numeric('x1', x1), numeric('x2', x2), target]);
}
