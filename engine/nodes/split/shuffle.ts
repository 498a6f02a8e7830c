/**
 * Seeded shuffling for Split: mulberry32 (../../util/random) drives a
 * Fisher–Yates shuffle, so the same seed always gives the same partition on every platform.
 */
/** Shuffles `items` in place with the given uniform [0, 1) source. */
export function shuffleInPlace(items: Uint32Array, random: () => number): Uint32Array {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] ?? 0;
    items[i] = items[j] ?? 0;
    items[j] = tmp;
  }
  return items;
}
