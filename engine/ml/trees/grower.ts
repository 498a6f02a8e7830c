/**
 * Grows one tree on binned data from per-row statistics (gradient pairs for boosting, weighted class or
 * target channels for forests). Shared by both learners.
 *
 * - Rows of the tree live in one index array; each leaf owns a contiguous segment, split in place
 *   (stable) when the leaf splits, so a leaf's rows stay in increasing order for cache-friendly access.
 * - Histograms: built from rows only for the smaller child; the larger child's is its parent's minus the
 *   smaller's (the subtraction trick). Buffers come from a pool; above a memory budget, leaves drop their
 *   histogram and it is rebuilt from rows if they are split later.
 * - Small leaves (and every leaf when features are drawn per split, as in forests) keep no full histogram:
 *   each feature tried is histogrammed from the leaf's rows when needed, which costs less than zeroing
 *   and subtracting histograms of every feature.
 * - Order: `best` splits the open leaf with the largest gain first (leaf-wise, LightGBM), `fifo` level by
 *   level (depth-wise), `lifo` depth-first (forests growing until pure: few histograms alive at once).
 */
import { type BinnedMatrix } from './binning';
import { accumulateFeature, accumulatePairs, accumulateStrided, gatherStats, subtractInto } from './histogram';
import { type Rng } from './rng';
import { findCategoricalSplit, findNumericSplit, leafScore, SplitChoice, type SplitRules } from './split';
import { type Tree, TreeBuilder } from './tree';

export type GrowthOrder = 'best' | 'fifo' | 'lifo';

/** Below this many rows a leaf evaluates splits from its rows rather than keeping full histograms. */
const SMALL_LEAF_ROWS = 256;

export interface GrowerConfig extends SplitRules {
  readonly maxLeaves: number;
  /** Maximum leaf depth (Infinity for none). */
  readonly maxDepth: number;
  readonly order: GrowthOrder;
  /** Features tried per node, drawn at random from the tree's features (0: all of them). */
  readonly featuresPerNode: number;
  /** True when the hessian channel holds row weights, so it is itself the row count (forests). */
  readonly hessianIsCount: boolean;
  /** Memory allowed for live histograms. */
  readonly histogramBudgetBytes: number;
  /** True when a leaf's statistics show it cannot improve (a pure class node); it is then not split. */
  readonly isPure?: (stats: Float64Array) => boolean;
}

/** Writes a node's outputs from its channel and hessian sums. */
export type NodeOutput = (stats: Float64Array, out: Float64Array) => void;

/** A grown tree and where its training rows ended up. */
export interface GrownTree {
  readonly tree: Tree;
  /** The tree's rows, grouped by leaf: leaf j holds rowOrder[leafStart[j] .. leafStart[j] + leafCount[j]). */
  readonly rowOrder: Uint32Array;
  readonly leafNode: Int32Array;
  readonly leafStart: Int32Array;
  readonly leafCount: Int32Array;
}

interface HistogramBuffer {
  readonly data: Float64Array;
  /** One view per feature into `data`. */
  readonly views: Float64Array[];
}

interface Leaf {
  readonly node: number;
  readonly start: number;
  readonly count: number;
  readonly depth: number;
  readonly stats: Float64Array;
  /** Creation order, breaks ties between equal gains deterministically. */
  readonly serial: number;
  hist: HistogramBuffer | null;
  best: SplitChoice | null;
  isSplit: boolean;
}

export class TreeGrower {
  private readonly stride: number;
  private readonly cols: Uint8Array[];
  private readonly idx: Uint32Array;
  private readonly tmp: Uint32Array;
  private readonly ordered: Float64Array;
  private readonly pool: HistogramBuffer[] = [];
  private allocated = 0;
  private readonly maxBuffers: number;
  private readonly lut = new Uint8Array(256);
  private readonly scratch: Float64Array;
  private readonly nodeFeatures: Int32Array;
  private readonly candidate: SplitChoice;
  // Per-tree state.
  private features: Int32Array = new Int32Array(0);
  /** Per tree feature k: where its bins start in data.bins and its histogram in a buffer. */
  private colOffset: Int32Array = new Int32Array(0);
  private histOffset: Int32Array = new Int32Array(0);
  private histFrom = 0;
  private histTo = 0;
  /** Features are drawn per split (forests): every leaf is evaluated directly. */
  private sampling = false;
  /** The leaf whose statistics `ordered` holds (-1: none). */
  private gatheredFor = -1;
  /** One feature's histogram, for leaves evaluated directly. */
  private readonly single: Float64Array;

  constructor(private readonly data: BinnedMatrix, private readonly config: GrowerConfig) {
    this.stride = config.stride;
    const n = data.rows;
    this.cols = [];
    for (let f = 0; f < data.cols; f++) this.cols.push(data.bins.subarray(f * n, (f + 1) * n));
    this.idx = new Uint32Array(n);
    this.tmp = new Uint32Array(n);
    this.ordered = new Float64Array(n * this.stride);
    const bufferBytes = Math.max(1, data.totalBins * this.stride * 8);
    this.maxBuffers = Math.max(4, Math.floor(config.histogramBudgetBytes / bufferBytes));
    this.scratch = new Float64Array(2 * this.stride);
    this.nodeFeatures = new Int32Array(data.cols);
    this.candidate = new SplitChoice(this.stride);
    let maxBins = 0;
    for (let f = 0; f < data.cols; f++) maxBins = Math.max(maxBins, data.numBins[f]!);
    this.single = new Float64Array(maxBins * this.stride);
  }

  /**
   * Grows a tree.
   * @param stats per-row statistics, `stride` numbers per row (channels, then hessian or weight)
   * @param rows the rows to grow on (increasing), or null for all rows
   * @param features the features this tree may split on (increasing)
   */
  grow(
    stats: Float64Array, rows: Uint32Array | null, rowCount: number, features: Int32Array,
    outputs: number, nodeOutput: NodeOutput, rng: Rng,
  ): GrownTree {
    const cfg = this.config;
    const s = this.stride;
    this.setFeatures(features);
    const idx = this.idx;
    if (rows === null) for (let i = 0; i < rowCount; i++) idx[i] = i;
    else idx.set(rows.subarray(0, rowCount));

    const builder = new TreeBuilder(outputs);
    const out = new Float64Array(outputs);
    const rootStats = new Float64Array(s);
    for (let i = 0; i < rowCount; i++) {
      const o = idx[i]! * s;
      for (let c = 0; c < s; c++) rootStats[c] = rootStats[c]! + stats[o + c]!;
    }
    let serial = 0;
    const makeLeaf = (start: number, count: number, depth: number, leafStats: Float64Array, node: number): Leaf => {
      nodeOutput(leafStats, out);
      for (let k = 0; k < outputs; k++) builder.setValue(node, k, out[k]!);
      return { node, start, count, depth, stats: leafStats, serial: serial++, hist: null, best: null, isSplit: false };
    };
    const root = makeLeaf(0, rowCount, 0, rootStats, builder.addLeaf(rootStats[s - 1]!));
    const leaves: Leaf[] = [root];
    const open = new OpenLeaves(cfg.order);
    this.gatheredFor = -1;
    if (this.canSplit(root)) {
      if (!this.direct(root)) {
        root.hist = this.acquire();
        this.build(root.hist, stats, rows === null ? null : idx, 0, rowCount);
      }
      this.findBest(root, stats, rng);
      this.keepOrDrop(root);
      if (root.best !== null) open.push(root);
    }

    let numLeaves = 1;
    while (numLeaves < cfg.maxLeaves) {
      const leaf = open.pop();
      if (leaf === undefined) break;
      const split = leaf.best!;
      const leftCount = this.partition(leaf, split);
      const leftStats = Float64Array.from(split.left);
      const rightStats = new Float64Array(s);
      for (let c = 0; c < s; c++) rightStats[c] = leaf.stats[c]! - leftStats[c]!;
      const [ln, rn] = builder.split(
        leaf.node, split.feature, this.threshold(split), split.missingLeft,
        split.leftBins === null ? null : this.codes(split), split.gain, leftStats[s - 1]!, rightStats[s - 1]!,
      );
      leaf.isSplit = true;
      const left = makeLeaf(leaf.start, leftCount, leaf.depth + 1, leftStats, ln);
      const right = makeLeaf(leaf.start + leftCount, leaf.count - leftCount, leaf.depth + 1, rightStats, rn);
      leaves.push(left, right);
      numLeaves++;
      if (numLeaves >= cfg.maxLeaves) {
        this.release(leaf);
        break;
      }
      this.histogramsOfChildren(leaf, left, right, stats);
      for (const child of [left, right]) {
        if (!this.canSplit(child)) continue;
        this.findBest(child, stats, rng);
        this.keepOrDrop(child);
        if (child.best !== null) open.push(child);
      }
    }
    for (const leaf of leaves) this.release(leaf);

    const finalLeaves = leaves.filter((l) => !l.isSplit);
    return {
      tree: builder.build(),
      rowOrder: idx,
      leafNode: Int32Array.from(finalLeaves, (l) => l.node),
      leafStart: Int32Array.from(finalLeaves, (l) => l.start),
      leafCount: Int32Array.from(finalLeaves, (l) => l.count),
    };
  }

  private setFeatures(features: Int32Array): void {
    this.features = features;
    this.colOffset = Int32Array.from(features, (f) => f * this.data.rows);
    this.histOffset = Int32Array.from(features, (f) => this.data.binOffset[f]! * this.stride);
    const first = features[0] ?? 0;
    const last = features[features.length - 1] ?? 0;
    this.histFrom = this.data.binOffset[first]! * this.stride;
    this.histTo = (this.data.binOffset[last]! + this.data.numBins[last]!) * this.stride;
    this.sampling = this.config.featuresPerNode > 0 && this.config.featuresPerNode < features.length;
  }

  private rowsOf(leaf: Leaf): number {
    return this.config.hessianIsCount ? leaf.stats[this.stride - 1]! : leaf.count;
  }

  private canSplit(leaf: Leaf): boolean {
    const cfg = this.config;
    return (
      leaf.depth < cfg.maxDepth &&
      this.rowsOf(leaf) >= 2 * cfg.minDataInLeaf &&
      leaf.stats[this.stride - 1]! >= 2 * cfg.minSumHessian &&
      leaf.count >= 2 &&
      cfg.isPure?.(leaf.stats) !== true
    );
  }

  /**
   * Whether a leaf evaluates splits straight from its rows, one tried feature at a time, instead of keeping
   * a histogram of every feature: when features are sampled per split (only a few are looked at), or when
   * the leaf is small (zeroing and subtracting full histograms would cost more than its rows).
   */
  private direct(leaf: Leaf): boolean {
    return this.sampling || leaf.count < SMALL_LEAF_ROWS;
  }

  /** Fills the full histograms the children need, from rows and by subtraction from their parent's. */
  private histogramsOfChildren(parent: Leaf, left: Leaf, right: Leaf, stats: Float64Array): void {
    const [small, large] = left.count <= right.count ? [left, right] : [right, left];
    const needSmall = this.canSplit(small);
    const needLarge = this.canSplit(large);
    if (needLarge && !this.direct(large)) {
      if (parent.hist !== null) {
        small.hist = this.acquire();
        this.build(small.hist, stats, this.idx, small.start, small.count);
        large.hist = parent.hist;
        parent.hist = null;
        subtractInto(large.hist.data, small.hist.data, this.histFrom, this.histTo);
        if (!needSmall) this.release(small);
        return;
      }
      large.hist = this.acquire();
      this.build(large.hist, stats, this.idx, large.start, large.count);
    }
    this.release(parent);
    if (needSmall && !this.direct(small)) {
      small.hist = this.acquire();
      this.build(small.hist, stats, this.idx, small.start, small.count);
    }
  }

  /** The histogram of one feature over a leaf's rows (for leaves without a full histogram). */
  private featureHistogram(leaf: Leaf, f: number, stats: Float64Array): Float64Array {
    const s = this.stride;
    if (this.gatheredFor !== leaf.serial) {
      gatherStats(stats, s, this.idx, leaf.start, leaf.count, this.ordered);
      this.gatheredFor = leaf.serial;
    }
    const view = this.single.subarray(0, this.data.numBins[f]! * s);
    view.fill(0);
    accumulateFeature(this.data.bins, f * this.data.rows, view, s, this.idx, leaf.start, leaf.count, this.ordered);
    return view;
  }

  private build(buffer: HistogramBuffer, stats: Float64Array, idx: Uint32Array | null, start: number, count: number): void {
    buffer.data.fill(0, this.histFrom, this.histTo);
    let ordered = stats;
    if (idx !== null) {
      this.gatheredFor = -1;
      gatherStats(stats, this.stride, idx, start, count, this.ordered);
      ordered = this.ordered;
    }
    const n = this.features.length;
    const bins = this.data.bins;
    if (this.stride === 2) accumulatePairs(bins, this.colOffset, buffer.data, this.histOffset, n, idx, start, count, ordered);
    else accumulateStrided(bins, this.colOffset, buffer.data, this.histOffset, n, this.stride, idx, start, count, ordered);
  }

  private findBest(leaf: Leaf, stats: Float64Array, rng: Rng): void {
    const cfg = this.config;
    const hist = leaf.hist;
    const s = this.stride;
    const parentScore = leafScore(leaf.stats, 0, s, cfg.lambda);
    const countPerHessian = cfg.hessianIsCount ? 1 : leaf.count / leaf.stats[s - 1]!;
    const best = this.candidate;
    best.reset();
    const tryFeature = (f: number): void => {
      const numBins = this.data.numBins[f]!;
      const view = hist !== null ? hist.views[f]! : this.featureHistogram(leaf, f, stats);
      if (this.data.features[f]!.kind === 'categorical') {
        findCategoricalSplit(view, numBins, leaf.stats, countPerHessian, parentScore, cfg, f, best, this.scratch);
      } else {
        findNumericSplit(view, numBins, leaf.stats, countPerHessian, parentScore, cfg, f, best, this.scratch);
      }
    };
    const features = this.features;
    const k = cfg.featuresPerNode;
    if (k <= 0 || k >= features.length) {
      for (let i = 0; i < features.length; i++) tryFeature(features[i]!);
    } else {
      // Draw features without replacement; as scikit-learn, keep drawing past k until a valid split is found.
      const order = this.nodeFeatures.subarray(0, features.length);
      order.set(features);
      for (let i = 0; i < order.length; i++) {
        const j = i + rng.int(order.length - i);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
        tryFeature(order[i]!);
        if (i + 1 >= k && best.feature >= 0) break;
      }
    }
    if (best.feature < 0) {
      leaf.best = null;
      return;
    }
    const choice = new SplitChoice(s);
    choice.copyFrom(best);
    leaf.best = choice;
  }

  /** Drops a leaf's histogram when it cannot split, is evaluated directly, or histograms exceed the budget. */
  private keepOrDrop(leaf: Leaf): void {
    if (leaf.best === null || this.direct(leaf) || this.allocated > this.maxBuffers) this.release(leaf);
  }

  /** Stable in-place partition of the leaf's rows; returns the number going left. */
  private partition(leaf: Leaf, split: SplitChoice): number {
    const lut = this.lut;
    const numBins = this.data.numBins[split.feature]!;
    lut.fill(0);
    if (split.leftBins !== null) {
      for (const b of split.leftBins) lut[b] = 1;
    } else {
      for (let b = 1; b <= split.bin && b < numBins; b++) lut[b] = 1;
      lut[0] = split.missingLeft ? 1 : 0;
    }
    const col = this.cols[split.feature]!;
    const idx = this.idx;
    const tmp = this.tmp;
    const end = leaf.start + leaf.count;
    let l = leaf.start;
    let r = 0;
    // Branch-free: the side of a row is unpredictable, so write it to both places and advance one.
    for (let i = leaf.start; i < end; i++) {
      const row = idx[i]!;
      const goLeft = lut[col[row]!]!;
      idx[l] = row;
      tmp[r] = row;
      l += goLeft;
      r += 1 - goLeft;
    }
    idx.set(tmp.subarray(0, r), l);
    return l - leaf.start;
  }

  private threshold(split: SplitChoice): number {
    const feature = this.data.features[split.feature]!;
    return feature.kind === 'numeric' ? feature.upper[split.bin - 1]! : 0;
  }

  private codes(split: SplitChoice): number[] {
    const feature = this.data.features[split.feature]!;
    if (feature.kind !== 'categorical') return [];
    return split.leftBins!.map((b) => feature.codes[b - 1]!).sort((a, b) => a - b);
  }

  private acquire(): HistogramBuffer {
    const reused = this.pool.pop();
    if (reused !== undefined) return reused;
    this.allocated++;
    const data = new Float64Array(this.data.totalBins * this.stride);
    const views: Float64Array[] = [];
    for (let f = 0; f < this.data.cols; f++) {
      const from = this.data.binOffset[f]! * this.stride;
      views.push(data.subarray(from, from + this.data.numBins[f]! * this.stride));
    }
    return { data, views };
  }

  private release(leaf: Leaf): void {
    if (leaf.hist === null) return;
    if (this.pool.length + 1 <= this.maxBuffers) this.pool.push(leaf.hist);
    else this.allocated--;
    leaf.hist = null;
  }
}

/** Open leaves in growth order: largest gain first (binary heap), first in first out, or last in first out. */
class OpenLeaves {
  private readonly items: Leaf[] = [];
  private head = 0;

  constructor(private readonly order: GrowthOrder) {}

  push(leaf: Leaf): void {
    const items = this.items;
    items.push(leaf);
    if (this.order !== 'best') return;
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(items[i]!, items[p]!)) break;
      [items[i], items[p]] = [items[p]!, items[i]!];
      i = p;
    }
  }

  pop(): Leaf | undefined {
    const items = this.items;
    if (this.order === 'lifo') return items.pop();
    if (this.order === 'fifo') {
      if (this.head >= items.length) return undefined;
      return items[this.head++];
    }
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Leaf, b: Leaf): boolean {
  const ga = a.best!.gain;
  const gb = b.best!.gain;
  return ga > gb || (ga === gb && a.serial < b.serial);
}
