/**
 * One decision tree in flat typed arrays (node i's children are left[i] and right[i], both > i), and its
 * JSON form. Trees route raw feature values, so a saved model needs no binning to predict:
 * - numeric split: NaN goes to the learned side (`missingLeft`), otherwise `x <= threshold` goes left;
 * - categorical split: the codes listed for the node go left; other codes, missing and unseen ones go right.
 * Thresholds are bin edges found in training, so raw routing equals the binned routing used in training.
 */
import { z } from 'zod';
import { MwError } from '../../errors';

export class Tree {
  constructor(
    /** Split feature, or -1 for a leaf. */
    readonly feature: Int32Array,
    readonly threshold: Float64Array,
    readonly missingLeft: Uint8Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    /** Categorical splits: codes going left are catCodes[catStart[i] .. catStart[i] + catCount[i]), sorted. */
    readonly catStart: Int32Array,
    readonly catCount: Int32Array,
    readonly catCodes: Int32Array,
    /** `outputs` values per node (leaf outputs; internal nodes hold the value they would have as a leaf). */
    readonly value: Float64Array,
    readonly outputs: number,
    /** Split gain per internal node (0 for leaves). */
    readonly gain: Float64Array,
    /** Sum of hessians (boosting) or of row weights (forest) that reached each node in training. */
    readonly cover: Float64Array,
  ) {}

  get numNodes(): number {
    return this.feature.length;
  }

  get numLeaves(): number {
    let n = 0;
    for (let i = 0; i < this.feature.length; i++) if (this.feature[i]! < 0) n++;
    return n;
  }

  /** Depth of the deepest leaf (0 for a single leaf). */
  get depth(): number {
    const depth = new Int32Array(this.numNodes);
    let max = 0;
    for (let i = 0; i < this.numNodes; i++) {
      if (this.feature[i]! < 0) continue;
      const d = depth[i]! + 1;
      depth[this.left[i]!] = d;
      depth[this.right[i]!] = d;
      if (d > max) max = d;
    }
    return max;
  }

  /** The leaf a row of a row-major matrix falls into. */
  leafOf(x: Float64Array, rowStart: number): number {
    const feature = this.feature;
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const v = x[rowStart + f]!;
      const count = this.catCount[node]!;
      let goLeft: boolean;
      if (count > 0) goLeft = this.hasCode(node, count, v);
      else if (v !== v) goLeft = this.missingLeft[node] === 1;
      else goLeft = v <= this.threshold[node]!;
      node = goLeft ? this.left[node]! : this.right[node]!;
      f = feature[node]!;
    }
    return node;
  }

  /** The leaf of every row of a row-major matrix (rows × numFeatures), into `out`. */
  leavesOf(x: Float64Array, rows: number, numFeatures: number, out: Int32Array): void {
    const feature = this.feature;
    const threshold = this.threshold;
    const left = this.left;
    const right = this.right;
    const missingLeft = this.missingLeft;
    const catCount = this.catCount;
    for (let r = 0; r < rows; r++) {
      const rowStart = r * numFeatures;
      let node = 0;
      let f = feature[0]!;
      while (f >= 0) {
        const v = x[rowStart + f]!;
        const count = catCount[node]!;
        let goLeft: boolean;
        if (count > 0) goLeft = this.hasCode(node, count, v);
        else if (v !== v) goLeft = missingLeft[node] === 1;
        else goLeft = v <= threshold[node]!;
        node = goLeft ? left[node]! : right[node]!;
        f = feature[node]!;
      }
      out[r] = node;
    }
  }

  private hasCode(node: number, count: number, v: number): boolean {
    if (!(v >= 0) || !Number.isInteger(v)) return false;
    const codes = this.catCodes;
    let lo = this.catStart[node]!;
    let hi = lo + count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = codes[mid]!;
      if (c === v) return true;
      if (c < v) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  toJSON(): TreeJson {
    return {
      feature: Array.from(this.feature),
      threshold: Array.from(this.threshold, encodeNumber),
      missingLeft: Array.from(this.missingLeft, (v) => (v === 1 ? 1 : 0)),
      left: Array.from(this.left),
      right: Array.from(this.right),
      catStart: Array.from(this.catStart),
      catCount: Array.from(this.catCount),
      catCodes: Array.from(this.catCodes),
      value: Array.from(this.value),
      outputs: this.outputs,
      gain: Array.from(this.gain),
      cover: Array.from(this.cover),
    };
  }

  /** Rebuilds a tree from its JSON form, checking that it is well formed (MW_MODEL_FILE_INVALID if not). */
  static fromJSON(json: TreeJson, numFeatures: number): Tree {
    const n = json.feature.length;
    const sameLength = [json.threshold, json.missingLeft, json.left, json.right, json.catStart, json.catCount, json.gain, json.cover];
    if (n === 0 || sameLength.some((a) => a.length !== n) || json.value.length !== n * json.outputs) {
      throw invalid('tree arrays have inconsistent lengths');
    }
    for (let i = 0; i < n; i++) {
      const f = json.feature[i]!;
      if (f >= numFeatures) throw invalid(`node ${i} splits on feature ${f}, but the model has ${numFeatures} features`);
      if (f < 0) continue;
      const l = json.left[i]!;
      const r = json.right[i]!;
      if (!(l > i && l < n && r > i && r < n)) throw invalid(`node ${i} has children out of order`);
      const start = json.catStart[i]!;
      const count = json.catCount[i]!;
      if (count > 0 && (start < 0 || start + count > json.catCodes.length)) throw invalid(`node ${i} has a bad category list`);
      for (let c = start + 1; c < start + count; c++) {
        if (!(json.catCodes[c]! > json.catCodes[c - 1]!)) throw invalid(`node ${i} has unsorted categories`);
      }
    }
    return new Tree(
      Int32Array.from(json.feature),
      Float64Array.from(json.threshold, decodeNumber),
      Uint8Array.from(json.missingLeft),
      Int32Array.from(json.left),
      Int32Array.from(json.right),
      Int32Array.from(json.catStart),
      Int32Array.from(json.catCount),
      Int32Array.from(json.catCodes),
      Float64Array.from(json.value),
      json.outputs,
      Float64Array.from(json.gain),
      Float64Array.from(json.cover),
    );
  }
}

/** JSON has no infinities; thresholds next to infinite training values can be infinite. */
const nonFinite = z.enum(['Infinity', '-Infinity']);
function encodeNumber(v: number): number | 'Infinity' | '-Infinity' {
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}
function decodeNumber(v: number | 'Infinity' | '-Infinity'): number {
  return v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;
}

const int = z.number().int();
export const treeJsonSchema = z.strictObject({
  feature: z.array(int.min(-1)),
  threshold: z.array(z.union([z.number(), nonFinite])),
  missingLeft: z.array(z.union([z.literal(0), z.literal(1)])),
  left: z.array(int),
  right: z.array(int),
  catStart: z.array(int),
  catCount: z.array(int.min(0)),
  catCodes: z.array(int.min(0)),
  value: z.array(z.number()),
  outputs: int.min(1),
  gain: z.array(z.number()),
  cover: z.array(z.number()),
});
export type TreeJson = z.infer<typeof treeJsonSchema>;

export function invalid(why: string): MwError {
  return new MwError('MW_MODEL_FILE_INVALID', { message: `The tree model is invalid: ${why}.` });
}

/** Accumulates nodes while a tree grows, then freezes them into a Tree. */
export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly catStart: number[] = [];
  private readonly catCount: number[] = [];
  private readonly catCodes: number[] = [];
  private readonly value: number[] = [];
  private readonly gain: number[] = [];
  private readonly cover: number[] = [];

  constructor(private readonly outputs: number) {}

  /** Adds a leaf and returns its index. */
  addLeaf(cover: number): number {
    const i = this.feature.length;
    this.feature.push(-1);
    this.threshold.push(0);
    this.missingLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.catStart.push(0);
    this.catCount.push(0);
    this.gain.push(0);
    this.cover.push(cover);
    for (let k = 0; k < this.outputs; k++) this.value.push(0);
    return i;
  }

  /** Turns leaf `node` into a split; codes (sorted) make it categorical. Returns [left, right]. */
  split(
    node: number, feature: number, threshold: number, missingLeft: boolean, codes: readonly number[] | null,
    gain: number, leftCover: number, rightCover: number,
  ): [number, number] {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.missingLeft[node] = missingLeft ? 1 : 0;
    this.gain[node] = gain;
    if (codes !== null) {
      this.catStart[node] = this.catCodes.length;
      this.catCount[node] = codes.length;
      for (const c of codes) this.catCodes.push(c);
    }
    const l = this.addLeaf(leftCover);
    const r = this.addLeaf(rightCover);
    this.left[node] = l;
    this.right[node] = r;
    return [l, r];
  }

  setValue(node: number, k: number, v: number): void {
    this.value[node * this.outputs + k] = v;
  }

  build(): Tree {
    return new Tree(
      Int32Array.from(this.feature),
      Float64Array.from(this.threshold),
      Uint8Array.from(this.missingLeft),
      Int32Array.from(this.left),
      Int32Array.from(this.right),
      Int32Array.from(this.catStart),
      Int32Array.from(this.catCount),
      Int32Array.from(this.catCodes),
      Float64Array.from(this.value),
      this.outputs,
      Float64Array.from(this.gain),
      Float64Array.from(this.cover),
    );
  }
}
