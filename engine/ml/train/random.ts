/**
 * Seeded randomness for training: weight initialisation, shuffling, dropout masks and validation hold-outs.
 * One generator per purpose, derived from the user's seed, so changing (say) dropout does not change the
 * shuffling order. The generator is sfc32 from ../metrics/bootstrap.
 */
import { seededRandom } from '../metrics/bootstrap';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A uniform 32-bit unsigned integer. */
  uint32(): number;
}

/** Purposes get separate streams: seed × purpose hashed together. */
export const RngPurpose = { init: 1, shuffle: 2, dropout: 3, holdout: 4, folds: 5 } as const;

export function createRng(seed: number, purpose = 0): Rng {
  const next32 = seededRandom((Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(purpose + 1, 0x85ebca6b)) >>> 0);
  return {
    next: () => next32() / 4294967296,
    int: (n) => Math.floor((next32() / 4294967296) * n),
    uint32: next32,
  };
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace(values: Uint32Array, rng: Rng): Uint32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
  return values;
}
