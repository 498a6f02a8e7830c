/**
 * Flash and RAM estimates of the generated C, printed before anything is written, and the size budget.
 *
 * Flash = the `static const` tables, counted exactly as emitted (weights, thresholds, string tables with
 * 4-byte pointers), plus an estimate of the machine code: per-construct sizes measured as ballpark figures
 * for Cortex-M class cores (Thumb-2, -Os), including the libm functions pulled in (expf, tanhf). Treat the
 * code part as ±50 %; the tables dominate for all but the smallest models.
 * RAM = the stack of one `predict` call: the input vector, the two largest activation buffers (networks)
 * or the raw-input arrays and scores (trees), category codes, ~48 bytes of frame, plus the caller's `out`.
 * Nothing is allocated at run time and there are no mutable globals.
 */
import { MwError } from '../../errors';
import type { NetworkArchitecture } from '../../ml/train/architecture';
import { layerSlots } from '../../ml/train/architecture';
import type { Program } from './program';
import type { TreePlan } from './trees';

export interface SizeEstimate {
  /** Flash bytes: tables + code. */
  readonly flash: number;
  readonly tableBytes: number;
  readonly codeBytes: number;
  /** RAM bytes (stack of one predict call, including the caller's output buffer). */
  readonly ram: number;
  /** What the numbers are made of, for people. */
  readonly breakdown: readonly { readonly part: string; readonly bytes: number; readonly memory: 'flash' | 'ram' }[];
}

/** Ballpark Thumb-2 (-Os) code sizes in bytes; see the module comment. */
const CODE = {
  predict: 160,
  perInput: 8,
  lookup: 150,
  perCategoryInput: 24,
  perFeatureOp: 20,
  dense: 96,
  perLayer: 28,
  activationLoop: 24,
  expf: 420,
  tanhf: 560,
  softmax: 120,
  classOf: 56,
  route: 260,
  treeLoop: 110,
  leafFunction: 60,
} as const;

const FRAME = 48;

function countOps(program: Program): number {
  let ops = 0;
  const walk = (e: { op: string; arg?: unknown }) => {
    ops++;
    if (e.arg !== undefined) walk(e.arg as { op: string; arg?: unknown });
  };
  for (const f of program.features) {
    walk(f.expr);
    ops++; // the layout step
  }
  return ops;
}

function preprocessingCode(program: Program, vector: boolean): number {
  const categories = program.inputs.filter((i) => i.kind === 'category').length;
  return CODE.predict + CODE.perInput * program.inputs.length + (categories > 0 ? CODE.lookup + CODE.perCategoryInput * categories : 0) + (vector ? CODE.perFeatureOp * countOps(program) : 0);
}

function outputs(classes: number): number {
  return classes > 0 ? classes : 1;
}

/** Flash bytes of a network's weight tables (exactly as emitted). */
export function networkTableBytes(arch: NetworkArchitecture, int8: boolean): number {
  return layerSlots(arch).reduce((n, s) => n + s.inputs * s.outputs * (int8 ? 1 : 4) + s.outputs * 4 + (int8 ? s.outputs * 4 : 0), 0);
}

export function estimateNetwork(program: Program, arch: NetworkArchitecture, int8: boolean, otherTableBytes: number, classes: number): SizeEstimate {
  const weights = networkTableBytes(arch, int8);
  const usesExp = arch.head !== 'identity' || (arch.hidden.length > 0 && arch.activation === 'sigmoid');
  const usesTanh = arch.hidden.length > 0 && arch.activation === 'tanh';
  const code =
    preprocessingCode(program, true) + CODE.dense + CODE.perLayer * (arch.hidden.length + 1) + CODE.activationLoop * arch.hidden.length +
    (usesExp ? CODE.expf : 0) + (usesTanh ? CODE.tanhf : 0) + (arch.head === 'softmax' ? CODE.softmax : 0) + (classes > 0 ? CODE.classOf : 0);
  const even = arch.hidden.filter((_, i) => i % 2 === 0);
  const odd = arch.hidden.filter((_, i) => i % 2 === 1);
  const activations = 4 * ((even.length > 0 ? Math.max(...even) : 0) + (odd.length > 0 ? Math.max(...odd) : 0) + arch.outputs);
  const inputVector = 4 * program.width;
  const codes = 4 * program.inputs.filter((i) => i.kind === 'category').length;
  const out = 4 * outputs(classes);
  return {
    flash: weights + otherTableBytes + code,
    tableBytes: weights + otherTableBytes,
    codeBytes: code,
    ram: inputVector + activations + codes + FRAME + out,
    breakdown: [
      { part: `weights (${int8 ? 'int8' : 'float'})`, bytes: weights, memory: 'flash' },
      { part: 'category strings and lookup tables', bytes: otherTableBytes, memory: 'flash' },
      { part: 'code (estimate)', bytes: code, memory: 'flash' },
      { part: `input vector (${program.width} floats)`, bytes: inputVector, memory: 'ram' },
      { part: 'activation buffers', bytes: activations, memory: 'ram' },
      { part: 'category codes, stack frame and output', bytes: codes + FRAME + out, memory: 'ram' },
    ],
  };
}

export function estimateTrees(program: Program, plan: TreePlan, treeTableBytes: number, otherTableBytes: number): SizeEstimate {
  const code = preprocessingCode(program, false) + CODE.route + CODE.treeLoop + CODE.leafFunction + (plan.link === 'sigmoid' || plan.link === 'softmax' ? CODE.expf : 0) +
    (plan.link === 'softmax' ? CODE.softmax : 0) + (plan.classes > 0 ? CODE.classOf : 0);
  const inputs = 4 * plan.floatInputs.length + 8 * plan.doubleInputs.length + 8 * plan.categoryInputs.length;
  const scores = 4 * plan.scores;
  const out = 4 * outputs(plan.classes);
  return {
    flash: treeTableBytes + otherTableBytes + code,
    tableBytes: treeTableBytes + otherTableBytes,
    codeBytes: code,
    ram: inputs + scores + FRAME + out,
    breakdown: [
      { part: `tree tables (${plan.trees.length} trees, ${plan.trees.reduce((n, t) => n + t.nodes.length, 0)} nodes)`, bytes: treeTableBytes, memory: 'flash' },
      { part: 'category strings and class labels', bytes: otherTableBytes, memory: 'flash' },
      { part: 'code (estimate)', bytes: code, memory: 'flash' },
      { part: 'raw inputs and category codes', bytes: inputs, memory: 'ram' },
      { part: 'scores, stack frame and output', bytes: scores + FRAME + out, memory: 'ram' },
    ],
  };
}

export interface Budget {
  readonly flash: number | undefined;
  readonly ram: number | undefined;
}

export function fits(estimate: Pick<SizeEstimate, 'flash' | 'ram'>, budget: Budget): boolean {
  return (budget.flash === undefined || estimate.flash <= budget.flash) && (budget.ram === undefined || estimate.ram <= budget.ram);
}

/** A smaller model that would fit, with its estimate. */
export interface Suggestion {
  readonly action: 'int8' | 'hidden-layers' | 'linear' | 'fewer-trees';
  readonly text: string;
  readonly flash: number;
  readonly ram: number;
  readonly hiddenLayers?: readonly number[];
  readonly numTrees?: number;
}

export function networkSuggestions(program: Program, arch: NetworkArchitecture, int8: boolean, otherTableBytes: number, classes: number, budget: Budget): Suggestion[] {
  const out: Suggestion[] = [];
  if (!int8) {
    const e = estimateNetwork(program, arch, true, otherTableBytes, classes);
    if (fits(e, budget)) out.push({ action: 'int8', text: `Export with int8 weights (--int8): flash ≈ ${e.flash} B, RAM ≈ ${e.ram} B.`, flash: e.flash, ram: e.ram });
  }
  if (arch.hidden.length > 0) {
    for (const factor of [0.75, 0.5, 0.375, 0.25, 0.125, 0.0625, 0.03125]) {
      const hidden = arch.hidden.map((h) => Math.max(1, Math.floor(h * factor)));
      const smaller = { ...arch, hidden };
      const float = estimateNetwork(program, smaller, int8, otherTableBytes, classes);
      const q = estimateNetwork(program, smaller, true, otherTableBytes, classes);
      const e = fits(float, budget) ? float : q;
      if (fits(e, budget)) {
        out.push({
          action: 'hidden-layers',
          text: `Train a smaller network with hidden layers [${hidden.join(', ')}]${e === q && !int8 ? ' and export it with --int8' : ''}: flash ≈ ${e.flash} B, RAM ≈ ${e.ram} B.`,
          flash: e.flash,
          ram: e.ram,
          hiddenLayers: hidden,
        });
        break;
      }
    }
    const linear = estimateNetwork(program, { ...arch, hidden: [] }, int8, otherTableBytes, classes);
    if (fits(linear, budget)) out.push({ action: 'linear', text: `Train a linear model: flash ≈ ${linear.flash} B, RAM ≈ ${linear.ram} B.`, flash: linear.flash, ram: linear.ram });
  }
  return out;
}

/** The most leading trees (whole boosting rounds for multiclass) whose tables fit the flash budget. */
export function treeSuggestions(program: Program, plan: TreePlan, perTree: readonly number[], fixedTreeBytes: number, otherTableBytes: number, budget: Budget): Suggestion[] {
  const step = plan.family === 'gradient-boosting' ? plan.scores : 1;
  let best: Suggestion | null = null;
  let bytes = fixedTreeBytes;
  for (let n = step; n < plan.trees.length; n += step) {
    for (let t = n - step; t < n; t++) bytes += perTree[t]!;
    const e = estimateTrees(program, { ...plan, trees: plan.trees.slice(0, n) }, bytes, otherTableBytes);
    if (!fits(e, budget)) break;
    const rounds = n / step;
    best = {
      action: 'fewer-trees',
      text: `Train with at most ${rounds} ${plan.family === 'gradient-boosting' ? 'boosting rounds' : 'trees'} (numTrees = ${rounds}), or fewer leaves per tree: flash ≈ ${e.flash} B, RAM ≈ ${e.ram} B.`,
      flash: e.flash,
      ram: e.ram,
      numTrees: rounds,
    };
  }
  return best === null ? [] : [best];
}

/** MW_EXPORT_TOO_LARGE with the estimate, the budget and the suggestions. */
export function tooLarge(estimate: SizeEstimate, budget: Budget, suggestions: readonly Suggestion[]): MwError {
  const over = [
    budget.flash !== undefined && estimate.flash > budget.flash ? `flash ≈ ${estimate.flash} B > budget ${budget.flash} B` : null,
    budget.ram !== undefined && estimate.ram > budget.ram ? `RAM ≈ ${estimate.ram} B > budget ${budget.ram} B` : null,
  ].filter((s) => s !== null);
  const advice = suggestions.length > 0 ? ` ${suggestions.map((s) => s.text).join(' ')}` : ' No smaller variant of this model fits; raise the budget or choose another model kind.';
  return new MwError('MW_EXPORT_TOO_LARGE', {
    message: `The model does not fit the size budget: ${over.join('; ')}.${advice}`,
    details: { flash: estimate.flash, ram: estimate.ram, budgetFlash: budget.flash ?? null, budgetRam: budget.ram ?? null, suggestions },
  });
}

/** The estimate as lines for people. */
export function describeEstimate(estimate: SizeEstimate): string[] {
  return [
    `Flash ≈ ${estimate.flash} B (tables ${estimate.tableBytes} B exact, code ≈ ${estimate.codeBytes} B); RAM ≈ ${estimate.ram} B (stack of one predict call).`,
    ...estimate.breakdown.map((b) => `  ${b.memory === 'flash' ? 'flash' : 'RAM  '} ${String(b.bytes).padStart(8)} B  ${b.part}`),
  ];
}
