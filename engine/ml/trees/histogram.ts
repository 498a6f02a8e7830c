/**
 * Histogram kernels: the hot loops of training. A histogram holds, for every bin of every feature, the
 * sums of the rows' statistics: `stride` numbers per bin, the target channels (gradients for boosting,
 * weighted targets for forests) and last the hessian or row weight. One Float64Array holds the histograms
 * of all features, feature f starting at binOffset[f] * stride.
 *
 * Layout choices, measured on Node 20 / x64 (ns per row and feature, lower is better): bins are
 * column-major bytes in one array; the node's gradient pairs are first gathered into row order so the
 * inner loop reads them sequentially; eight features are accumulated per pass over the rows, with one
 * bins array and one histogram array plus integer offsets (≈1.3 ns), which V8 compiles much better than
 * one typed-array view per feature (≈2.5 ns) or row-major bins (≈3.6 ns). The kernels are unrolled by hand
 * and take typed arrays as parameters, so each compiles for exactly one shape.
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
 * Accumulates gradient pairs (stride 2) of rows idx[start .. start+count) into `hist`, for the features
 * whose bin columns start at colOffset[k] in `bins` and whose histograms start at histOffset[k] in `hist`
 * (k < n). `ordered` holds the rows' pairs in the same order. With `idx` null the rows are 0..count-1.
 */
export function accumulatePairs(
  bins: Uint8Array, colOffset: Int32Array, hist: Float64Array, histOffset: Int32Array, n: number,
  idx: Uint32Array | null, start: number, count: number, ordered: Float64Array,
): void {
  const co = colOffset;
  const ho = histOffset;
  let k = 0;
  if (idx === null) {
    for (; k + 8 <= n; k += 8) seq8(bins, co[k + 0]!, co[k + 1]!, co[k + 2]!, co[k + 3]!, co[k + 4]!, co[k + 5]!, co[k + 6]!, co[k + 7]!, hist, ho[k + 0]!, ho[k + 1]!, ho[k + 2]!, ho[k + 3]!, ho[k + 4]!, ho[k + 5]!, ho[k + 6]!, ho[k + 7]!, count, ordered);
    for (; k + 4 <= n; k += 4) seq4(bins, co[k + 0]!, co[k + 1]!, co[k + 2]!, co[k + 3]!, hist, ho[k + 0]!, ho[k + 1]!, ho[k + 2]!, ho[k + 3]!, count, ordered);
    for (; k < n; k++) seq1(bins, co[k + 0]!, hist, ho[k + 0]!, count, ordered);
    return;
  }
  for (; k + 8 <= n; k += 8) idx8(bins, co[k + 0]!, co[k + 1]!, co[k + 2]!, co[k + 3]!, co[k + 4]!, co[k + 5]!, co[k + 6]!, co[k + 7]!, hist, ho[k + 0]!, ho[k + 1]!, ho[k + 2]!, ho[k + 3]!, ho[k + 4]!, ho[k + 5]!, ho[k + 6]!, ho[k + 7]!, idx, start, count, ordered);
  for (; k + 4 <= n; k += 4) idx4(bins, co[k + 0]!, co[k + 1]!, co[k + 2]!, co[k + 3]!, hist, ho[k + 0]!, ho[k + 1]!, ho[k + 2]!, ho[k + 3]!, idx, start, count, ordered);
  for (; k < n; k++) idx1(bins, co[k + 0]!, hist, ho[k + 0]!, idx, start, count, ordered);
}

function seq8(
  bins: Uint8Array, o0: number, o1: number, o2: number, o3: number, o4: number, o5: number, o6: number, o7: number, hist: Float64Array, p0: number, p1: number, p2: number, p3: number, p4: number, p5: number, p6: number, p7: number, count: number, gh: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const r = i;
    const j = i << 1;
    const g = gh[j]!;
    const h = gh[j + 1]!;
    let b = p0 + (bins[o0 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p1 + (bins[o1 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p2 + (bins[o2 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p3 + (bins[o3 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p4 + (bins[o4 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p5 + (bins[o5 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p6 + (bins[o6 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p7 + (bins[o7 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
  }
}

function seq4(
  bins: Uint8Array, o0: number, o1: number, o2: number, o3: number, hist: Float64Array, p0: number, p1: number, p2: number, p3: number, count: number, gh: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const r = i;
    const j = i << 1;
    const g = gh[j]!;
    const h = gh[j + 1]!;
    let b = p0 + (bins[o0 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p1 + (bins[o1 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p2 + (bins[o2 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p3 + (bins[o3 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
  }
}

function seq1(
  bins: Uint8Array, o0: number, hist: Float64Array, p0: number, count: number, gh: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const r = i;
    const j = i << 1;
    const g = gh[j]!;
    const h = gh[j + 1]!;
    const b = p0 + (bins[o0 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
  }
}

function idx8(
  bins: Uint8Array, o0: number, o1: number, o2: number, o3: number, o4: number, o5: number, o6: number, o7: number, hist: Float64Array, p0: number, p1: number, p2: number, p3: number, p4: number, p5: number, p6: number, p7: number, idx: Uint32Array, start: number, count: number, gh: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const r = idx[start + i]!;
    const j = i << 1;
    const g = gh[j]!;
    const h = gh[j + 1]!;
    let b = p0 + (bins[o0 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p1 + (bins[o1 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p2 + (bins[o2 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p3 + (bins[o3 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p4 + (bins[o4 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p5 + (bins[o5 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p6 + (bins[o6 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p7 + (bins[o7 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
  }
}

function idx4(
  bins: Uint8Array, o0: number, o1: number, o2: number, o3: number, hist: Float64Array, p0: number, p1: number, p2: number, p3: number, idx: Uint32Array, start: number, count: number, gh: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const r = idx[start + i]!;
    const j = i << 1;
    const g = gh[j]!;
    const h = gh[j + 1]!;
    let b = p0 + (bins[o0 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p1 + (bins[o1 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p2 + (bins[o2 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
    b = p3 + (bins[o3 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
  }
}

function idx1(
  bins: Uint8Array, o0: number, hist: Float64Array, p0: number, idx: Uint32Array, start: number, count: number, gh: Float64Array,
): void {
  for (let i = 0; i < count; i++) {
    const r = idx[start + i]!;
    const j = i << 1;
    const g = gh[j]!;
    const h = gh[j + 1]!;
    const b = p0 + (bins[o0 + r]! << 1);
    hist[b] = hist[b]! + g;
    hist[b + 1] = hist[b + 1]! + h;
  }
}

/** Any stride (forests with several class channels): one feature at a time. */
export function accumulateStrided(
  bins: Uint8Array, colOffset: Int32Array, hist: Float64Array, histOffset: Int32Array, n: number, stride: number,
  idx: Uint32Array | null, start: number, count: number, ordered: Float64Array,
): void {
  for (let k = 0; k < n; k++) {
    const o = colOffset[k]!;
    const p = histOffset[k]!;
    for (let i = 0; i < count; i++) {
      const b = p + bins[o + (idx === null ? i : idx[start + i]!)]! * stride;
      const j = i * stride;
      for (let c = 0; c < stride; c++) hist[b + c] = hist[b + c]! + ordered[j + c]!;
    }
  }
}

/** One feature's histogram (at offset 0 of `hist`) over rows idx[start .. start+count), any stride. */
export function accumulateFeature(
  bins: Uint8Array, colOffset: number, hist: Float64Array, stride: number,
  idx: Uint32Array, start: number, count: number, ordered: Float64Array,
): void {
  if (stride === 2) {
    idx1(bins, colOffset, hist, 0, idx, start, count, ordered);
    return;
  }
  for (let i = 0; i < count; i++) {
    const b = bins[colOffset + idx[start + i]!]! * stride;
    const j = i * stride;
    for (let c = 0; c < stride; c++) hist[b + c] = hist[b + c]! + ordered[j + c]!;
  }
}

/** parent -= child over [from, to): the larger child's histogram from its parent's (the subtraction trick). */
export function subtractInto(parent: Float64Array, child: Float64Array, from: number, to: number): void {
  for (let i = from; i < to; i++) parent[i] = parent[i]! - child[i]!;
}
