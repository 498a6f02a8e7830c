/**
 * Histogram kernels: the hot loops of training. A histogram holds, for every bin of every feature, the
 * sums of the rows' statistics: `stride` numbers per bin, the target channels (gradients for boosting,
 * weighted targets for forests) and last the hessian or row weight.
 *
 * Layout choices (measured on Node 20, x64): bins are column-major bytes; the node's gradient pairs are
 * first gathered into row order (`ordered`) so that the inner loop reads them sequentially; four features
 * are accumulated per pass over the rows so each row's gradient pair is loaded once for four features.
 * Every kernel takes typed arrays as parameters so V8 compiles it for exactly one shape.
 */

/** Gathers the `stride` statistics of rows idx[start .. start+count) into `ordered`, in that order. */
export function gatherStats(
  stats: Float64Array, stride: number, idx: Uint32Array, start: number, count: number, ordered: Float64Array,
): void {
  if (stride === 2) {
    for (let i = 0; i < count; i++) {
      const r = idx[start + i]! << 1;
      const j = i << 1;
      ordered[j] = stats[r]!;
      ordered[j + 1] = stats[r + 1]!;
    }
    return;
  }
  for (let i = 0; i < count; i++) {
    const r = idx[start + i]! * stride;
    const j = i * stride;
    for (let c = 0; c < stride; c++) ordered[j + c] = stats[r + c]!;
  }
}

/**
 * Accumulates gradient pairs (stride 2) into the histograms `hist[k]` of the features whose bin columns
 * are `cols[k]`, for k in [0, n). With `idx` null the rows are 0..count-1 and `ordered` is indexed by row.
 */
export function accumulatePairs(
  cols: readonly Uint8Array[], hist: readonly Float64Array[], n: number,
  idx: Uint32Array | null, start: number, count: number, ordered: Float64Array,
): void {
  let k = 0;
  if (idx === null) {
    for (; k + 4 <= n; k += 4) seq4(cols[k]!, cols[k + 1]!, cols[k + 2]!, cols[k + 3]!, hist[k]!, hist[k + 1]!, hist[k + 2]!, hist[k + 3]!, count, ordered);
    for (; k < n; k++) seq1(cols[k]!, hist[k]!, count, ordered);
    return;
  }
  for (; k + 4 <= n; k += 4) idx4(cols[k]!, cols[k + 1]!, cols[k + 2]!, cols[k + 3]!, hist[k]!, hist[k + 1]!, hist[k + 2]!, hist[k + 3]!, idx, start, count, ordered);
  for (; k < n; k++) idx1(cols[k]!, hist[k]!, idx, start, count, ordered);
}

function seq4(
  c0: Uint8Array, c1: Uint8Array, c2: Uint8Array, c3: Uint8Array,
  h0: Float64Array, h1: Float64Array, h2: Float64Array, h3: Float64Array, count: number, gh: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const j = i << 1;
    const g = gh[j]!;
    const h = gh[j + 1]!;
    let b = c0[i]! << 1;
    h0[b] += g;
    h0[b + 1] += h;
    b = c1[i]! << 1;
    h1[b] += g;
    h1[b + 1] += h;
    b = c2[i]! << 1;
    h2[b] += g;
    h2[b + 1] += h;
    b = c3[i]! << 1;
    h3[b] += g;
    h3[b + 1] += h;
  }
}

function seq1(c0: Uint8Array, h0: Float64Array, count: number, gh: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const j = i << 1;
    const b = c0[i]! << 1;
    h0[b] += gh[j]!;
    h0[b + 1] += gh[j + 1]!;
  }
}

function idx4(
  c0: Uint8Array, c1: Uint8Array, c2: Uint8Array, c3: Uint8Array,
  h0: Float64Array, h1: Float64Array, h2: Float64Array, h3: Float64Array,
  idx: Uint32Array, start: number, count: number, ordered: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const r = idx[start + i]!;
    const j = i << 1;
    const g = ordered[j]!;
    const h = ordered[j + 1]!;
    let b = c0[r]! << 1;
    h0[b] += g;
    h0[b + 1] += h;
    b = c1[r]! << 1;
    h1[b] += g;
    h1[b + 1] += h;
    b = c2[r]! << 1;
    h2[b] += g;
    h2[b + 1] += h;
    b = c3[r]! << 1;
    h3[b] += g;
    h3[b + 1] += h;
  }
}

function idx1(c0: Uint8Array, h0: Float64Array, idx: Uint32Array, start: number, count: number, ordered: Float64Array): void {
  for (let i = 0; i < count; i++) {
    const b = c0[idx[start + i]!]! << 1;
    const j = i << 1;
    h0[b] += ordered[j]!;
    h0[b + 1] += ordered[j + 1]!;
  }
}

/** Any stride (forests with several class channels): one feature at a time. */
export function accumulateStrided(
  cols: readonly Uint8Array[], hist: readonly Float64Array[], n: number, stride: number,
  idx: Uint32Array | null, start: number, count: number, ordered: Float64Array,
): void {
  for (let k = 0; k < n; k++) {
    const col = cols[k]!;
    const h = hist[k]!;
    for (let i = 0; i < count; i++) {
      const b = col[idx === null ? i : idx[start + i]!]! * stride;
      const j = i * stride;
      for (let c = 0; c < stride; c++) h[b + c] += ordered[j + c]!;
    }
  }
}

/** parent -= child over [from, to): the larger child's histogram from its parent's (the subtraction trick). */
export function subtractInto(parent: Float64Array, child: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) parent[i] -= child[i]!;
}
