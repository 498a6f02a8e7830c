/**
 * Seeded shuffling for Split: mulberry32 (Tommy Ettinger's 32-bit generator, public domain) drives a
 * Fisher–Yates shuffle, so the same seed always gives the same partition on every platform.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
