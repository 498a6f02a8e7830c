/**
 * The export's self-check: probe rows (missing values, typical values, every split threshold and its
 * neighbours, every category code) go through the engine itself (applyRecipe → buildMatrix → the
 * estimator) and through this exporter's mirror of the generated C. The model inputs must agree exactly,
 * the tree leaves exactly, and the outputs to rounding; otherwise the export is refused with
 * MW_EXPORT_UNSUPPORTED instead of emitting C that silently predicts something else (for instance when a
 * learner feeds its model differently than the exporter assumes).
 */
import { applyRecipe } from '../../data/recipe';
import type { Column, Table } from '../../data/table';
import { MwError } from '../../errors';
import type { ModelBundle } from '../../ml/model';
import { buildMatrix } from '../../ml/train/features';
import { networkOutputs, type NetworkPlan } from './network';
import { codeCount, modelInputs, type NumExpr, type Program, type RawRow } from './program';
import { type Ensemble, routeRaw, SplitKind, treeOutputs, type TreePlan } from './trees';
import { mulberry32 } from '../../util/random';

/** Centre and spread of an input in raw units (the first scaling step applied to it), or 0 and 1. */
function rawScale(program: Program, input: number): { center: number; scale: number } {
  for (const f of program.features) {
    if (f.kind !== 'numeric') continue;
    let e: NumExpr = f.expr;
    const chain: NumExpr[] = [];
    while (e.op === 'fill' || e.op === 'scale') {
      chain.unshift(e);
      e = e.arg;
    }
    if (e.op !== 'number' || e.input !== input) continue;
    const first = chain.find((c) => c.op === 'scale');
    if (first !== undefined && first.op === 'scale') return { center: first.center, scale: first.scale };
    return { center: f.center, scale: f.scale };
  }
  return { center: 0, scale: 1 };
}

function nextFloat(v: number, up: boolean): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, v);
  let bits = view.getInt32(0);
  if (v === 0) bits = up ? 1 : -2147483647;
  else bits += (v > 0) === up ? 1 : -1;
  view.setInt32(0, bits);
  return view.getFloat32(0);
}

function nextDouble(v: number, up: boolean): number {
  if (v === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, bits + ((v > 0) === up ? 1n : -1n));
  return view.getFloat64(0);
}

/** Probe values per raw input (floats for float inputs, codes for categories). */
function probeValues(program: Program, trees: TreePlan | null): number[][] {
  const values = program.inputs.map((input, i): number[] => {
    if (input.kind === 'category') return Array.from({ length: codeCount(input) }, (_, code) => code);
    const { center, scale } = rawScale(program, i);
    const round = input.kind === 'number' ? Math.fround : (v: number) => v;
    return [Number.NaN, 0, ...[-3, -1.5, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 1.5, 3].map((k) => round(center + k * scale))].filter((v) => Number.isNaN(v) || Number.isFinite(v));
  });
  if (trees !== null) {
    for (const tree of trees.trees) {
      for (const node of tree.nodes) {
        if (node.input < 0 || node.kind === SplitKind.Category || !Number.isFinite(node.threshold)) continue;
        const float = node.kind === SplitKind.Float;
        const input = (float ? trees.floatInputs : trees.doubleInputs)[node.input]!;
        const t = node.threshold;
        values[input]!.push(t, float ? nextFloat(t, true) : nextDouble(t, true), float ? nextFloat(t, false) : nextDouble(t, false));
      }
    }
  }
  return values.map((list) => [...new Set(list)]);
}

/** Probe rows: every probe value of every input appears at least once, combined at random (seeded). */
export function probeRows(program: Program, trees: TreePlan | null, seed = 7): RawRow[] {
  const values = probeValues(program, trees);
  const random = mulberry32(seed);
  // Enough rows for every probe value, within ~4 million model inputs (the engine builds the matrix).
  const count = Math.max(64, Math.min(16384, Math.floor(4_000_000 / Math.max(1, program.width)), Math.max(...values.map((v) => v.length))));
  const cycles = values.map((list) => {
    const shuffled = [...list];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    return shuffled;
  });
  return Array.from({ length: count }, (_, r) => Float64Array.from(cycles, (cycle) => cycle[r % cycle.length] ?? Number.NaN));
}

/** A string no category list contains, standing for "a category never seen in training". */
function unseenName(known: readonly string[]): string {
  const set = new Set(known);
  let name = '(unseen category)';
  for (let i = 2; set.has(name); i++) name = `(unseen category ${i})`;
  return name;
}

/** The probe rows as a raw Table shaped like the model's input schema (unused columns all missing). */
export function probeTable(model: ModelBundle, program: Program, rows: readonly RawRow[]): Table {
  const n = rows.length;
  const byName = new Map(program.inputs.map((input, i) => [input.name, i]));
  const columns = model.inputSchema.map((schema): Column => {
    const i = byName.get(schema.name);
    const input = i === undefined ? undefined : program.inputs[i]!;
    const numeric = schema.type === 'integer' || schema.type === 'float' || schema.type === 'boolean' || schema.type === 'datetime';
    if (numeric) {
      const values = new Float64Array(n).fill(Number.NaN);
      const missing = new Uint8Array(n).fill(1);
      if (i !== undefined) {
        rows.forEach((row, r) => {
          values[r] = row[i]!;
          missing[r] = Number.isNaN(row[i]!) ? 1 : 0;
        });
      }
      return { name: schema.name, role: 'feature', kind: 'numeric', type: schema.type as 'integer' | 'float' | 'boolean' | 'datetime', values, missing };
    }
    const known = input?.categories ?? [];
    const categories = [...known, unseenName(known)];
    const codes = new Int32Array(n).fill(-1);
    if (i !== undefined) rows.forEach((row, r) => (codes[r] = row[i]! - 1));
    return { name: schema.name, role: 'feature', kind: 'categorical', type: schema.type as 'categorical' | 'text' | 'identifier', codes, categories };
  });
  return { rowCount: n, columns, partition: null, recipe: [], sources: [] };
}

function refuse(message: string, details: Record<string, unknown>): MwError {
  return new MwError('MW_EXPORT_UNSUPPORTED', { message: `${message} The C export would not reproduce the engine, so nothing was written.`, details });
}

function close(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

export interface CheckResult {
  readonly rows: number;
  /** Largest difference between the engine's outputs and the mirror's, relative to max(1, |engine output|). */
  readonly maxOutputDifference: number;
  /** Tree leaves compared (0 for networks). */
  readonly leavesCompared: number;
}

/** Runs the probes through the engine; returns the engine's model inputs and outputs. */
function engineRun(model: ModelBundle, program: Program, rows: readonly RawRow[]): { x: Float32Array; out: Float64Array } {
  const prepared = applyRecipe(probeTable(model, program, rows), model.recipe);
  const matrix = buildMatrix(prepared, model.features);
  return { x: matrix.data, out: model.estimator.predict(matrix) };
}

function checkInputs(program: Program, rows: readonly RawRow[], x: Float32Array): void {
  const w = program.width;
  const mine = new Float64Array(w);
  rows.forEach((row, r) => {
    modelInputs(program, row, mine);
    for (let j = 0; j < w; j++) {
      if (!Object.is(mine[j], x[r * w + j]) && !(mine[j] === 0 && x[r * w + j] === 0)) {
        const slot = program.slots[j]!;
        throw refuse(`The exporter computes model input ${j} ("${program.features[slot.feature]!.name}") differently from the engine.`, { row: Array.from(row), exporter: mine[j], engine: x[r * w + j] });
      }
    }
  });
}

export function checkNetwork(model: ModelBundle, program: Program, plan: NetworkPlan): CheckResult {
  const rows = probeRows(program, null);
  const { x, out } = engineRun(model, program, rows);
  checkInputs(program, rows, x);
  const k = out.length / rows.length;
  let max = 0;
  rows.forEach((_, r) => {
    const mine = networkOutputs(plan, x.subarray(r * program.width, (r + 1) * program.width));
    for (let c = 0; c < k; c++) {
      const engine = out[r * k + c]!;
      max = Math.max(max, Math.abs(engine - mine[c]!) / Math.max(1, Math.abs(engine)));
      // The engine runs in float32 on TensorFlow.js; the mirror in double.
      if (!close(engine, mine[c]!, 1e-4)) throw refuse('The exporter\'s network disagrees with the engine\'s predictions.', { row: r, output: c, engine, exporter: mine[c] });
    }
  });
  return { rows: rows.length, maxOutputDifference: max, leavesCompared: 0 };
}

/**
 * Checks the compiled trees; for regression also finds how the estimator reports values (the ensemble's
 * own output, or a standardised target mapped back with the target encoding) and returns the plan to emit.
 */
export function checkTrees(model: ModelBundle, program: Program, plan: TreePlan, ensemble: Ensemble): { plan: TreePlan; result: CheckResult } {
  const rows = probeRows(program, plan);
  const { x, out } = engineRun(model, program, rows);
  checkInputs(program, rows, x);
  const w = program.width;
  let leaves = 0;
  const features = new Float64Array(w);
  rows.forEach((row, r) => {
    for (let j = 0; j < w; j++) features[j] = x[r * w + j]!;
    ensemble.trees.forEach((tree, t) => {
      const engine = tree.leafOf(features, 0);
      const mine = routeRaw(plan, plan.trees[t]!, row);
      leaves++;
      if (engine !== mine) throw refuse(`Tree ${t} routes a row to leaf ${mine} in C but to leaf ${engine} in the engine.`, { row: Array.from(row), tree: t });
    });
  });
  const encoding = model.targetEncoding;
  const candidates: TreePlan[] = [plan];
  if (plan.classes === 0 && encoding.kind === 'value') candidates.push({ ...plan, targetScale: { center: encoding.center, scale: encoding.scale } });
  let lastMismatch: Record<string, unknown> = {};
  for (const candidate of candidates) {
    let max = 0;
    let ok = true;
    const k = out.length / rows.length;
    for (let r = 0; r < rows.length && ok; r++) {
      const mine = treeOutputs(candidate, rows[r]!);
      if (mine.length !== k) {
        ok = false;
        lastMismatch = { outputs: mine.length, engineOutputs: k };
        break;
      }
      for (let c = 0; c < k; c++) {
        const engine = out[r * k + c]!;
        max = Math.max(max, Math.abs(engine - mine[c]!) / Math.max(1, Math.abs(engine)));
        if (!close(engine, mine[c]!, 1e-9)) {
          ok = false;
          lastMismatch = { row: r, output: c, engine, exporter: mine[c] };
          break;
        }
      }
    }
    if (ok) return { plan: candidate, result: { rows: rows.length, maxOutputDifference: max, leavesCompared: leaves } };
  }
  throw refuse('The tree model\'s outputs differ from what its trees compute (the estimator post-processes them in a way the exporter does not know).', lastMismatch);
}
