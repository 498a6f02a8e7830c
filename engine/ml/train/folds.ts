/**
 * k-fold assignment for cross-validation: seeded, and stratified by class for classification (each class's
 * rows are dealt round-robin over the folds after a shuffle, as sklearn's StratifiedKFold keeps proportions).
 */
import { createRng, RngPurpose, shuffleInPlace } from './random';

export interface Folds {
  readonly count: number;
  /** Fold of each index 0..n−1. */
  readonly fold: Int32Array;
  /** Indices outside fold f (its training rows), ascending. */
  train(f: number): Int32Array;
  /** Indices in fold f, ascending. */
  test(f: number): Int32Array;
}

export function kFolds(n: number, count: number, seed: number, classes: Int32Array | null): Folds {
  const rng = createRng(seed, RngPurpose.folds);
  const fold = new Int32Array(n);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = classes === null ? 0 : classes[i]!;
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  }
  // Continue the round-robin across classes so small classes do not all land in fold 0.
  let next = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const members = shuffleInPlace(Uint32Array.from(groups.get(key)!), rng);
    for (const i of members) {
      fold[i] = next;
      next = (next + 1) % count;
    }
  }
  const pick = (keep: (f: number) => boolean) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (keep(fold[i]!)) out.push(i);
    return Int32Array.from(out);
  };
  return { count, fold, train: (f) => pick((g) => g !== f), test: (f) => pick((g) => g === f) };
}
