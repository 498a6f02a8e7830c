/**
 * Tree ensembles (engine/ml/trees: GbmModel, ForestModel) compiled to tests on the RAW inputs.
 *
 * Every model input a tree splits on comes from one raw column through monotone steps (imputation, scaling,
 * the layout's standardisation, rounding to float32) or from a category. So each split can be rewritten,
 * exactly, as a test on the raw value, decided here with the engine's own arithmetic:
 * - number inputs (float fields): `isnan(v) ? missing_left : v <= T`, where T is the largest float whose
 *   engine routing goes left (found by bisection over the ordered floats). For every float input the C
 *   decision equals the engine's decision on that value: no preprocessing arithmetic happens on device, so
 *   float rounding cannot move a row across a threshold;
 * - date inputs (double fields): the same over doubles;
 * - category inputs: a bitset over the category codes (missing, each known string, unseen).
 * Leaf indices are the engine's node indices, so routing can be compared leaf by leaf. Leaf values and
 * their sums are float (as the rest of the C code); the engine sums doubles, so outputs agree to float
 * rounding and a predicted class can only differ for a row within that rounding of a decision boundary.
 */
import { MwError } from '../../errors';
import type { Estimator } from '../../ml/model';
import { ForestModel, GbmModel, type Tree } from '../../ml/trees/index';
import { doubleLiteral, floatLiteral, intType } from './c-syntax';
import type { CUnit } from './c-unit';
import { sigmoidHelper, softmaxHelper } from './emit-math';
import { codeCount, inputOfModelInput, modelInput, type Program, type RawRow } from './program';

export type Ensemble = GbmModel | ForestModel;

/** The tree ensemble an estimator wraps (any own property holding a GbmModel or ForestModel), or null. */
export function ensembleOf(estimator: Estimator): Ensemble | null {
  const direct: unknown = estimator;
  if (direct instanceof GbmModel || direct instanceof ForestModel) return direct;
  for (const value of Object.values(estimator)) {
    if (value instanceof GbmModel || value instanceof ForestModel) return value;
  }
  return null;
}

/** Kind of a compiled split. */
export const SplitKind = { Float: 0, Double: 1, Category: 2 } as const;
export type SplitKind = (typeof SplitKind)[keyof typeof SplitKind];

export interface CompiledNode {
  /** -1 for a leaf; else the index of the raw input within its kind (float, double or category inputs). */
  readonly input: number;
  readonly kind: SplitKind;
  readonly missingLeft: boolean;
  /** Float / double threshold (raw units); unused for category splits. */
  readonly threshold: number;
  /** Category splits: 1 per code going left (codes 0 … K+1). */
  readonly leftCodes: Uint8Array | null;
  readonly left: number;
  readonly right: number;
}

export interface CompiledTree {
  readonly nodes: readonly CompiledNode[];
  /** Leaf values (outputs per node; only leaves are read). */
  readonly values: Float64Array;
  readonly outputs: number;
}

export interface TreePlan {
  readonly family: 'gradient-boosting' | 'random-forest';
  readonly trees: readonly CompiledTree[];
  /** Raw inputs by kind: indices into program.inputs. */
  readonly floatInputs: readonly number[];
  readonly doubleInputs: readonly number[];
  readonly categoryInputs: readonly number[];
  /** Outputs the trees add to: GBM K (multiclass) or 1; forest K (> 2 classes) or 1. */
  readonly scores: number;
  /** GBM only: initial scores. */
  readonly baseScore: Float64Array;
  /** How scores become outputs. */
  readonly link: 'sigmoid' | 'softmax' | 'identity' | 'binary-average' | 'average';
  /** Regression: outputs = score · scale + center (when the estimator reports target units that way). */
  readonly targetScale: { readonly center: number; readonly scale: number } | null;
  readonly classes: number;
}

function treeGoesLeft(tree: Tree, node: number, v: number): boolean {
  const count = tree.catCount[node]!;
  if (count > 0) {
    if (!(v >= 0) || !Number.isInteger(v)) return false;
    const start = tree.catStart[node]!;
    for (let i = start; i < start + count; i++) if (tree.catCodes[i] === v) return true;
    return false;
  }
  if (v !== v) return tree.missingLeft[node] === 1;
  return v <= tree.threshold[node]!;
}

const f32 = new DataView(new ArrayBuffer(8));

/** The float with order key k (keys run over the finite floats in increasing order; ±0 share key 0). */
function floatOfKey(k: number): number {
  f32.setUint32(0, k >= 0 ? k : (0x80000000 | -k) >>> 0);
  return f32.getFloat32(0);
}

function doubleOfKey(k: bigint): number {
  f32.setBigUint64(0, k >= 0n ? k : (1n << 63n) | -k);
  return f32.getFloat64(0);
}

const MAX_FLOAT_KEY = 0x7f7fffff;
const MAX_DOUBLE_KEY = 0x7fefffffffffffffn;

/**
 * The largest finite value whose routing goes left, for a routing that goes left on a prefix of the
 * ordered values: -Infinity when none does, +Infinity when all do.
 */
export function floatThreshold(goesLeft: (v: number) => boolean): number {
  if (!goesLeft(floatOfKey(-MAX_FLOAT_KEY))) return -Infinity;
  if (goesLeft(floatOfKey(MAX_FLOAT_KEY))) return Infinity;
  let lo = -MAX_FLOAT_KEY; // goes left
  let hi = MAX_FLOAT_KEY; // goes right
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (goesLeft(floatOfKey(mid))) lo = mid;
    else hi = mid;
  }
  return floatOfKey(lo);
}

export function doubleThreshold(goesLeft: (v: number) => boolean): number {
  if (!goesLeft(doubleOfKey(-MAX_DOUBLE_KEY))) return -Infinity;
  if (goesLeft(doubleOfKey(MAX_DOUBLE_KEY))) return Infinity;
  let lo = -MAX_DOUBLE_KEY;
  let hi = MAX_DOUBLE_KEY;
  while (hi - lo > 1n) {
    const sum = lo + hi;
    const mid = sum >= 0n ? sum / 2n : (sum - 1n) / 2n; // floor division
    if (goesLeft(doubleOfKey(mid))) lo = mid;
    else hi = mid;
  }
  return doubleOfKey(lo);
}

/** Compiles every tree of the ensemble to raw-input tests. */
export function planTrees(ensemble: Ensemble, program: Program): TreePlan {
  if (ensemble.trees.length === 0) {
    throw new MwError('MW_EXPORT_UNSUPPORTED', { message: 'The tree model has no trees (training stopped before the first round), so there is nothing to export.' });
  }
  if (ensemble.numFeatures !== program.width) {
    throw new MwError('MW_EXPORT_UNSUPPORTED', { message: `The tree model reads ${ensemble.numFeatures} features but the feature layout makes ${program.width}.` });
  }
  const byKind = { float: [] as number[], double: [] as number[], category: [] as number[] };
  const position = new Map<number, number>();
  program.inputs.forEach((input, i) => {
    const list = input.kind === 'number' ? byKind.float : input.kind === 'date' ? byKind.double : byKind.category;
    position.set(i, list.length);
    list.push(i);
  });
  const row: RawRow = new Float64Array(program.inputs.length);
  const cache = new Map<string, SplitTest>();
  const trees = ensemble.trees.map((tree): CompiledTree => {
    const nodes: CompiledNode[] = [];
    for (let n = 0; n < tree.numNodes; n++) {
      const feature = tree.feature[n]!;
      if (feature < 0) {
        nodes.push({ input: -1, kind: SplitKind.Float, missingLeft: false, threshold: 0, leftCodes: null, left: -1, right: -1 });
        continue;
      }
      const key = `${feature}|${tree.threshold[n]}|${tree.missingLeft[n]}|${Array.from(tree.catCodes.subarray(tree.catStart[n]!, tree.catStart[n]! + tree.catCount[n]!)).join(',')}`;
      let test = cache.get(key);
      if (test === undefined) {
        test = compileSplit(program, tree, n, feature, row, position);
        cache.set(key, test);
      }
      nodes.push({ ...test, left: tree.left[n]!, right: tree.right[n]! });
    }
    return { nodes, values: tree.value, outputs: tree.outputs };
  });
  const base = { trees, floatInputs: byKind.float, doubleInputs: byKind.double, categoryInputs: byKind.category, targetScale: null };
  if (ensemble instanceof GbmModel) {
    const link = ensemble.objective === 'binary' ? 'sigmoid' : ensemble.objective === 'multiclass' ? 'softmax' : 'identity';
    return { ...base, family: 'gradient-boosting', scores: ensemble.numOutputs, baseScore: ensemble.baseScore, link, classes: ensemble.numClasses };
  }
  const k = ensemble.trees[0]!.outputs;
  const link = ensemble.task === 'regression' ? 'average' : ensemble.numClasses > 2 ? 'average' : 'binary-average';
  return { ...base, family: 'random-forest', scores: k, baseScore: new Float64Array(k), link, classes: ensemble.numClasses };
}

type SplitTest = Omit<CompiledNode, 'left' | 'right'>;

function compileSplit(program: Program, tree: Tree, node: number, feature: number, row: RawRow, position: ReadonlyMap<number, number>): SplitTest {
  const input = inputOfModelInput(program, feature);
  const raw = program.inputs[input]!;
  const goesLeft = (v: number): boolean => {
    row[input] = v;
    return treeGoesLeft(tree, node, modelInput(program, feature, row));
  };
  const at = position.get(input)!;
  if (raw.kind === 'category') {
    const leftCodes = new Uint8Array(codeCount(raw));
    for (let code = 0; code < leftCodes.length; code++) leftCodes[code] = goesLeft(code) ? 1 : 0;
    return { input: at, kind: SplitKind.Category, missingLeft: leftCodes[0] === 1, threshold: 0, leftCodes };
  }
  const missingLeft = goesLeft(Number.NaN);
  const threshold = raw.kind === 'number' ? floatThreshold(goesLeft) : doubleThreshold(goesLeft);
  return { input: at, kind: raw.kind === 'number' ? SplitKind.Float : SplitKind.Double, missingLeft, threshold, leftCodes: null };
}

/** The leaf a raw row reaches in a compiled tree (as the generated C routes it). */
export function routeRaw(plan: TreePlan, tree: CompiledTree, row: RawRow): number {
  let n = 0;
  for (;;) {
    const node = tree.nodes[n]!;
    if (node.input < 0) return n;
    let left: boolean;
    if (node.kind === SplitKind.Category) left = node.leftCodes![row[plan.categoryInputs[node.input]!]!] === 1;
    else {
      const raw = row[(node.kind === SplitKind.Float ? plan.floatInputs : plan.doubleInputs)[node.input]!]!;
      const v = node.kind === SplitKind.Float ? Math.fround(raw) : raw;
      left = Number.isNaN(v) ? node.missingLeft : v <= node.threshold;
    }
    n = left ? node.left : node.right;
  }
}

/** Outputs of the compiled ensemble for a raw row (double precision), as the engine's estimator returns them. */
export function treeOutputs(plan: TreePlan, row: RawRow): Float64Array {
  const k = plan.scores;
  const scores = Float64Array.from(plan.baseScore);
  plan.trees.forEach((tree, t) => {
    const leaf = routeRaw(plan, tree, row);
    if (plan.family === 'gradient-boosting') scores[t % k] = scores[t % k]! + tree.values[leaf]!;
    else for (let c = 0; c < k; c++) scores[c] = scores[c]! + tree.values[leaf * k + c]!;
  });
  return finish(plan, scores);
}

function finish(plan: TreePlan, scores: Float64Array): Float64Array {
  const n = plan.trees.length;
  switch (plan.link) {
    case 'sigmoid': {
      const p = 1 / (1 + Math.exp(-scores[0]!));
      return Float64Array.of(1 - p, p);
    }
    case 'softmax': {
      let max = -Infinity;
      for (const v of scores) max = Math.max(max, v);
      const e = scores.map((v) => Math.exp(v - max));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    }
    case 'binary-average': {
      const p = scores[0]! / n;
      return Float64Array.of(1 - p, p);
    }
    case 'average':
      return withTargetScale(plan, scores.map((v) => v / n));
    case 'identity':
      return withTargetScale(plan, scores);
  }
}

function withTargetScale(plan: TreePlan, values: Float64Array): Float64Array {
  if (plan.targetScale === null || plan.classes > 0) return values;
  const { center, scale } = plan.targetScale;
  return values.map((v) => v * scale + center);
}

/** Bytes of the node tables of one tree (for budgets: trees can be dropped one by one). */
export interface TreeTableSizes {
  readonly perTree: readonly number[];
  readonly fixed: number;
}

interface Layout {
  readonly featType: ReturnType<typeof intType>;
  readonly childType: ReturnType<typeof intType>;
  readonly auxType: ReturnType<typeof intType> | null;
  readonly rightArray: boolean;
  readonly leafInValue: boolean;
  readonly leafWidth: number;
  readonly catBytes: readonly number[];
}

function tableLayout(plan: TreePlan, program: Program): Layout {
  const width = plan.trees[0]!.outputs; // values per leaf: 1, or K for a forest of K > 2 classes
  let maxInput = 0;
  let maxChild = 0;
  let rightArray = false;
  let needsAux = width > 1;
  let maxAux = 0;
  let leafRows = 0;
  let doubles = 0;
  let catOffset = 0;
  const catBytes = plan.categoryInputs.map((i) => Math.ceil(codeCount(program.inputs[i]!) / 8));
  for (const tree of plan.trees) {
    for (const node of tree.nodes) {
      if (node.input < 0) {
        if (width > 1) maxAux = Math.max(maxAux, leafRows++);
        continue;
      }
      maxInput = Math.max(maxInput, node.input);
      maxChild = Math.max(maxChild, node.left, node.right);
      if (node.right !== node.left + 1) rightArray = true;
      if (node.kind === SplitKind.Double) maxAux = Math.max(maxAux, doubles++);
      if (node.kind === SplitKind.Category) {
        maxAux = Math.max(maxAux, catOffset);
        catOffset += catBytes[node.input]!;
      }
      if (node.kind !== SplitKind.Float) needsAux = true;
    }
  }
  return {
    featType: intType(-1, maxInput),
    childType: intType(0, maxChild),
    auxType: needsAux ? intType(0, maxAux) : null,
    rightArray,
    leafInValue: width === 1,
    leafWidth: width,
    catBytes,
  };
}

/** Flash bytes of the tree tables, per tree and fixed (tree offsets, base scores). */
export function treeTableSizes(plan: TreePlan, program: Program): TreeTableSizes {
  const layout = tableLayout(plan, program);
  const perNode = layout.featType.bytes + 1 + 4 + layout.childType.bytes + (layout.rightArray ? layout.childType.bytes : 0) + (layout.auxType?.bytes ?? 0);
  const perTree = plan.trees.map((tree) => {
    let bytes = tree.nodes.length * perNode + 4; // + its root offset
    for (const node of tree.nodes) {
      if (node.input < 0) bytes += layout.leafInValue ? 0 : 4 * layout.leafWidth;
      else if (node.kind === SplitKind.Double) bytes += 8;
      else if (node.kind === SplitKind.Category) bytes += layout.catBytes[node.input]!;
    }
    return bytes;
  });
  return { perTree, fixed: plan.family === 'gradient-boosting' ? 4 * plan.scores : 0 };
}

/** What the predict and leaf functions need from the tree code. */
export interface TreeCode {
  /** Locals and statements copying the raw inputs into the arrays the routing reads. */
  readonly inputLocals: readonly string[];
  readonly inputStatements: readonly string[];
  /** Locals and statements summing the trees into `score` and writing `out`. */
  readonly scoreLocals: readonly string[];
  readonly scoreStatements: readonly string[];
  /** The routing call for a tree index expression. */
  route(tree: string): string;
}

/**
 * The node tables and the routing function. Per node: input index (-1 = leaf), flags (kind in bits 0-1,
 * missing goes left in bit 2), a float (threshold of float splits, or the leaf value of single-output
 * models), an aux index (double threshold, category bitset offset, or leaf value row) and the left child
 * (the right child is the next node when the engine built the tree that way, else a table of its own).
 */
export function emitTrees(unit: CUnit, plan: TreePlan, program: Program): TreeCode {
  const layout = tableLayout(plan, program);
  const k = plan.scores;
  const feat: string[] = [];
  const flags: string[] = [];
  const value: string[] = [];
  const aux: string[] = [];
  const left: string[] = [];
  const right: string[] = [];
  const roots: string[] = [];
  const thresholdsD: string[] = [];
  const catBits: string[] = [];
  const leafValues: string[] = [];
  for (const tree of plan.trees) {
    roots.push(String(feat.length));
    tree.nodes.forEach((node, n) => {
      if (node.input < 0) {
        feat.push('-1');
        flags.push('0');
        left.push('0');
        right.push('0');
        if (layout.leafInValue) {
          value.push(floatLiteral(tree.values[n * tree.outputs]!));
          aux.push('0');
        } else {
          value.push('0.0f');
          aux.push(String(leafValues.length / layout.leafWidth));
          for (let c = 0; c < layout.leafWidth; c++) leafValues.push(floatLiteral(tree.values[n * tree.outputs + c]!));
        }
        return;
      }
      feat.push(String(node.input));
      flags.push(String(node.kind | (node.missingLeft ? 4 : 0)));
      left.push(String(node.left));
      right.push(String(node.right));
      if (node.kind === SplitKind.Float) {
        value.push(floatLiteral(node.threshold));
        aux.push('0');
      } else if (node.kind === SplitKind.Double) {
        value.push('0.0f');
        aux.push(String(thresholdsD.length));
        thresholdsD.push(doubleLiteral(node.threshold));
      } else {
        value.push('0.0f');
        aux.push(String(catBits.length));
        const codes = node.leftCodes!;
        for (let b = 0; b < layout.catBytes[node.input]!; b++) {
          let byte = 0;
          for (let bit = 0; bit < 8; bit++) if (codes[b * 8 + bit] === 1) byte |= 1 << bit;
          catBits.push(String(byte));
        }
      }
    });
  }
  // Routing: only the branches this model needs, so no table or parameter goes unused.
  const kinds = new Set<SplitKind>();
  for (const tree of plan.trees) for (const node of tree.nodes) if (node.input >= 0) kinds.add(node.kind);
  const splits = kinds.size > 0;
  const rootType = intType(0, feat.length);
  const featT = splits ? unit.table('node_input', layout.featType.name, layout.featType.bytes, feat, 'Per node: raw input index within its kind (-1 = leaf).', 16) : null;
  const flagT = splits ? unit.table('node_flags', 'uint8_t', 1, flags, 'Per node: split kind (0 float, 1 double, 2 category) | 4 when missing values go left.', 16) : null;
  const valueT = unit.table('node_value', 'float', 4, value, layout.leafInValue ? 'Per node: float threshold, or the leaf value.' : 'Per node: float threshold.');
  const auxT = layout.auxType === null ? null : unit.table('node_aux', layout.auxType.name, layout.auxType.bytes, aux, 'Per node: double threshold index, category bitset offset or leaf value row.', 16);
  const leftT = splits ? unit.table('node_left', layout.childType.name, layout.childType.bytes, left, 'Per node: left child (node index within its tree).', 16) : null;
  const rightT = splits && layout.rightArray ? unit.table('node_right', layout.childType.name, layout.childType.bytes, right, 'Per node: right child.', 16) : null;
  const rootT = unit.table('tree_root', rootType.name, rootType.bytes, roots, 'First node of each tree.', 16);
  const thrD = thresholdsD.length > 0 ? unit.table('threshold_d', 'double', 8, thresholdsD, 'Thresholds of splits on date inputs.', 4) : null;
  const bitsT = catBits.length > 0 ? unit.table('category_bits', 'uint8_t', 1, catBits, 'Category splits: bit c set when category code c goes left.', 16) : null;
  const leafT = leafValues.length > 0 ? unit.table('leaf_values', 'float', 4, leafValues, 'Leaf values, one row per leaf.', layout.leafWidth) : null;

  const branches: string[] = [];
  if (kinds.has(SplitKind.Float)) {
    branches.push(`if (kind == 0) {\n      const float v = xf[f];\n      go_left = isnan(v) ? ((flags & 4) != 0) : (v <= ${valueT}[at]);\n    }`);
  }
  if (kinds.has(SplitKind.Double)) {
    branches.push(`if (kind == 1) {\n      const double v = xd[f];\n      go_left = isnan(v) ? ((flags & 4) != 0) : (v <= ${thrD!}[${auxT!}[at]]);\n    }`);
  }
  if (kinds.has(SplitKind.Category)) {
    branches.push(`if (kind == 2) {\n      const int c = xc[f];\n      go_left = (${bitsT!}[${auxT!}[at] + (c >> 3)] >> (c & 7)) & 1;\n    }`);
  }
  const arrays = [
    { has: plan.floatInputs.length > 0, param: 'const float *xf', name: 'xf', kind: SplitKind.Float },
    { has: plan.doubleInputs.length > 0, param: 'const double *xd', name: 'xd', kind: SplitKind.Double },
    { has: plan.categoryInputs.length > 0, param: 'const int *xc', name: 'xc', kind: SplitKind.Category },
  ].filter((a) => a.has);
  const unusedParams = arrays.filter((a) => !kinds.has(a.kind)).map((a) => `  (void)${a.name};\n`).join('');
  const route = unit.name('route');
  const body = !splits
    ? `  (void)t;\n${unusedParams}  return 0;`
    : `  const int root = ${rootT}[t];\n  int node = 0;\n${unusedParams}  while (${featT!}[root + node] >= 0) {\n    const int at = root + node;\n    const int f = ${featT!}[at];\n` +
      `    const int flags = ${flagT!}[at];\n    const int kind = flags & 3;\n    int go_left = 0;\n    ${branches.join(' else ')}\n` +
      `    node = go_left ? ${leftT!}[at] : ${rightT === null ? `${leftT!}[at] + 1` : `${rightT}[at]`};\n  }\n  return node;`;
  unit.helper(
    'route',
    `/* The leaf (node index within the tree) that the raw inputs reach in tree t. */\n` +
      `static int ${route}(int t${arrays.map((a) => `, ${a.param}`).join('')}) {\n${body}\n}`,
  );

  const inputStatements: string[] = [];
  const copy = (list: readonly number[], array: string) =>
    list.forEach((input, i) => {
      const raw = program.inputs[input]!;
      inputStatements.push(raw.kind === 'category' ? `${array}[${i}] = c_${raw.field};` : `${array}[${i}] = in->${raw.field};`);
    });
  copy(plan.floatInputs, 'xf');
  copy(plan.doubleInputs, 'xd');
  copy(plan.categoryInputs, 'xc');
  const inputLocals: string[] = [];
  if (plan.floatInputs.length > 0) inputLocals.push(`float xf[${plan.floatInputs.length}];`);
  if (plan.doubleInputs.length > 0) inputLocals.push(`double xd[${plan.doubleInputs.length}];`);
  if (plan.categoryInputs.length > 0) inputLocals.push(`int xc[${plan.categoryInputs.length}];`);
  const call = (t: string) => `${route}(${t}${arrays.map((a) => `, ${a.name}`).join('')})`;

  const scoreStatements: string[] = [];
  if (plan.family === 'gradient-boosting') {
    const base = unit.table('base_score', 'float', 4, Array.from(plan.baseScore, floatLiteral), 'Initial scores (before the first tree).');
    scoreStatements.push(`for (i = 0; i < ${k}; i++) score[i] = ${base}[i];`);
  } else {
    scoreStatements.push(`for (i = 0; i < ${k}; i++) score[i] = 0.0f;`);
  }
  const leafValue = (c: string) => (layout.leafInValue ? `${valueT}[${rootT}[t] + leaf]` : `${leafT!}[${auxT!}[${rootT}[t] + leaf] * ${layout.leafWidth} + ${c}]`);
  scoreStatements.push(`for (t = 0; t < ${plan.trees.length}; t++) {`, `  const int leaf = ${call('t')};`);
  if (plan.family === 'gradient-boosting') scoreStatements.push(`  score[t % ${k}] += ${leafValue('0')};`);
  else if (k === 1) scoreStatements.push(`  score[0] += ${leafValue('0')};`);
  else scoreStatements.push(`  for (i = 0; i < ${k}; i++) score[i] += ${leafValue('i')};`);
  scoreStatements.push('}', ...linkStatements(unit, plan));
  return { inputLocals, inputStatements, scoreLocals: [`float score[${k}];`, 'int t;'], scoreStatements, route: call };
}

function linkStatements(unit: CUnit, plan: TreePlan): string[] {
  const n = floatLiteral(plan.trees.length);
  const scaled = (v: string) => (plan.targetScale === null || plan.classes > 0 ? v : `${v} * ${floatLiteral(plan.targetScale.scale)} + ${floatLiteral(plan.targetScale.center)}`);
  switch (plan.link) {
    case 'sigmoid':
      return [`out[1] = ${sigmoidHelper(unit)}(score[0]);`, 'out[0] = 1.0f - out[1];'];
    case 'softmax':
      return [`for (i = 0; i < ${plan.scores}; i++) out[i] = score[i];`, `${softmaxHelper(unit)}(out, ${plan.scores});`];
    case 'binary-average':
      return [`out[1] = score[0] / ${n};`, 'out[0] = 1.0f - out[1];'];
    case 'average':
      return [`for (i = 0; i < ${plan.scores}; i++) out[i] = ${scaled(`score[i] / ${n}`)};`];
    case 'identity':
      return [`out[0] = ${scaled('score[0]')};`];
  }
}
