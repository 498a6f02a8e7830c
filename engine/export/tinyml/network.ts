/**
 * Dense networks (linear and logistic regression are networks without hidden layers, see
 * engine/ml/train/architecture): weights, optional int8 quantisation, a double-precision mirror of the
 * generated C, and the C itself.
 *
 * Quantisation is symmetric per output unit (per channel): q = round(w / s), s = max|w| / 127, so the
 * largest weight of each unit is ±127 and zero stays exactly zero. Biases stay float (they are few and
 * carry the offset). The C computes Σ x·q in float and multiplies by s once per unit.
 */
import { MwError } from '../../errors';
import type { Estimator } from '../../ml/model';
import { layerSlots, type NetworkArchitecture } from '../../ml/train/architecture';
import { NetworkEstimator } from '../../ml/train/network';
import { floatLiteral } from './c-syntax';
import type { CUnit } from './c-unit';
import { sigmoidHelper, softmaxHelper } from './emit-math';

/** One dense layer: kernel stored transposed (row j = the weights into unit j), float or int8. */
export interface DenseLayer {
  readonly inputs: number;
  readonly outputs: number;
  /** outputs × inputs, row-major, float32 values. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  /** Present when quantised: outputs × inputs int8 values and one scale per output unit. */
  readonly quantised: { readonly q: Int8Array; readonly scales: Float32Array } | null;
}

export interface NetworkPlan {
  readonly architecture: NetworkArchitecture;
  readonly layers: readonly DenseLayer[];
  /** Regression: the standardised output becomes `z · scale + center`. */
  readonly targetScale: { readonly center: number; readonly scale: number } | null;
  /** Largest |w − s·q| over all weights (0 without quantisation). */
  readonly maxWeightError: number;
}

/** The network behind an estimator, or null when it is not one of ours. */
export function networkOf(estimator: Estimator): NetworkEstimator | null {
  return estimator instanceof NetworkEstimator ? estimator : null;
}

export function planNetwork(estimator: NetworkEstimator, int8: boolean): NetworkPlan {
  const arch = estimator.architecture;
  const slots = layerSlots(arch);
  const total = slots.reduce((n, s) => n + s.inputs * s.outputs + s.outputs, 0);
  if (estimator.weights.length !== total) {
    throw new MwError('MW_EXPORT_UNSUPPORTED', { message: `The network has ${estimator.weights.length} weights; its architecture needs ${total}.` });
  }
  let maxWeightError = 0;
  const layers = slots.map((slot): DenseLayer => {
    const weights = new Float32Array(slot.inputs * slot.outputs);
    for (let i = 0; i < slot.inputs; i++) {
      for (let j = 0; j < slot.outputs; j++) weights[j * slot.inputs + i] = estimator.weights[slot.kernel + i * slot.outputs + j]!;
    }
    const bias = estimator.weights.slice(slot.bias, slot.bias + slot.outputs);
    if (!int8) return { inputs: slot.inputs, outputs: slot.outputs, weights, bias, quantised: null };
    const q = new Int8Array(weights.length);
    const scales = new Float32Array(slot.outputs);
    for (let j = 0; j < slot.outputs; j++) {
      let max = 0;
      for (let i = 0; i < slot.inputs; i++) max = Math.max(max, Math.abs(weights[j * slot.inputs + i]!));
      const s = Math.fround(max / 127);
      scales[j] = s;
      for (let i = 0; i < slot.inputs; i++) {
        const w = weights[j * slot.inputs + i]!;
        const v = s === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(w / s)));
        q[j * slot.inputs + i] = v;
        maxWeightError = Math.max(maxWeightError, Math.abs(w - v * s));
      }
    }
    return { inputs: slot.inputs, outputs: slot.outputs, weights, bias, quantised: { q, scales } };
  });
  return { architecture: arch, layers, targetScale: estimator.targetScale, maxWeightError };
}

function activate(v: number, activation: NetworkArchitecture['activation']): number {
  if (activation === 'relu') return v > 0 ? v : 0;
  if (activation === 'tanh') return Math.tanh(v);
  return 1 / (1 + Math.exp(-v));
}

/**
 * What the generated C computes, in double precision: outputs as the engine's estimator returns them
 * (class probabilities, k ≥ 2 columns, or the value in target units).
 */
export function networkOutputs(plan: NetworkPlan, x: ArrayLike<number>): Float64Array {
  let a: Float64Array = Float64Array.from(x);
  plan.layers.forEach((layer, l) => {
    const next = new Float64Array(layer.outputs);
    for (let j = 0; j < layer.outputs; j++) {
      let acc = 0;
      if (layer.quantised === null) {
        for (let i = 0; i < layer.inputs; i++) acc += a[i]! * layer.weights[j * layer.inputs + i]!;
        acc += layer.bias[j]!;
      } else {
        for (let i = 0; i < layer.inputs; i++) acc += a[i]! * layer.quantised.q[j * layer.inputs + i]!;
        acc = acc * layer.quantised.scales[j]! + layer.bias[j]!;
      }
      next[j] = l < plan.layers.length - 1 ? activate(acc, plan.architecture.activation) : acc;
    }
    a = next;
  });
  return head(plan, a);
}

function head(plan: NetworkPlan, z: Float64Array): Float64Array {
  const arch = plan.architecture;
  if (arch.head === 'identity') {
    const { center, scale } = plan.targetScale ?? { center: 0, scale: 1 };
    return Float64Array.of(z[0]! * scale + center);
  }
  if (arch.head === 'sigmoid') {
    const p = 1 / (1 + Math.exp(-z[0]!));
    return Float64Array.of(1 - p, p);
  }
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  const out = Float64Array.from(z, (v) => Math.exp(v - max));
  for (const v of out) sum += v;
  return out.map((v) => v / sum);
}

/** Widest activation buffer a forward pass needs (hidden layers and the output layer). */
export function widestLayer(arch: NetworkArchitecture): number {
  return Math.max(arch.outputs, ...arch.hidden);
}

/** Tables and statements of the forward pass; `x` holds the inputs, the result goes to `out`. */
export function emitNetwork(unit: CUnit, plan: NetworkPlan): { statements: string[]; locals: string[]; tableBytes: number } {
  const before = unit.dataBytes;
  const arch = plan.architecture;
  const quantised = plan.layers.some((l) => l.quantised !== null);
  const dense = unit.name(quantised ? 'dense_q8' : 'dense');
  if (quantised) {
    unit.helper(
      'dense_q8',
      `/* y = x·W + b with int8 weights: W[j][i] = scale[j] * q[j][i]. */\n` +
        `static void ${dense}(const float *x, int n_in, const int8_t *q, const float *scale, const float *b, int n_out, float *y) {\n` +
        `  int i;\n  int j;\n  for (j = 0; j < n_out; j++) {\n    const int8_t *row = q + j * n_in;\n    float acc = 0.0f;\n` +
        `    for (i = 0; i < n_in; i++) acc += x[i] * (float)row[i];\n    y[j] = acc * scale[j] + b[j];\n  }\n}`,
    );
  } else {
    unit.helper(
      'dense',
      `/* y = x·W + b; W is stored transposed: row j holds the weights into unit j. */\n` +
        `static void ${dense}(const float *x, int n_in, const float *w, const float *b, int n_out, float *y) {\n` +
        `  int i;\n  int j;\n  for (j = 0; j < n_out; j++) {\n    const float *row = w + j * n_in;\n    float acc = 0.0f;\n` +
        `    for (i = 0; i < n_in; i++) acc += x[i] * row[i];\n    y[j] = acc + b[j];\n  }\n}`,
    );
  }
  const statements: string[] = [];
  const buffers = ['h0', 'h1'];
  let source = 'x';
  plan.layers.forEach((layer, l) => {
    const target = l === plan.layers.length - 1 ? 'z' : buffers[l % 2]!;
    const sizes = `${layer.inputs}→${layer.outputs}`;
    const bias = unit.table(`b${l}`, 'float', 4, Array.from(layer.bias, floatLiteral), `Layer ${l + 1} (${sizes}) biases.`);
    if (layer.quantised === null) {
      const w = unit.table(`w${l}`, 'float', 4, Array.from(layer.weights, floatLiteral), `Layer ${l + 1} (${sizes}) weights, one row per unit.`);
      statements.push(`${dense}(${source}, ${layer.inputs}, ${w}, ${bias}, ${layer.outputs}, ${target});`);
    } else {
      const q = unit.table(`q${l}`, 'int8_t', 1, Array.from(layer.quantised.q, String), `Layer ${l + 1} (${sizes}) int8 weights, one row per unit.`, 16);
      const s = unit.table(`s${l}`, 'float', 4, Array.from(layer.quantised.scales, floatLiteral), `Layer ${l + 1} (${sizes}) weight scale per unit.`);
      statements.push(`${dense}(${source}, ${layer.inputs}, ${q}, ${s}, ${bias}, ${layer.outputs}, ${target});`);
    }
    if (target !== 'z') {
      statements.push(activationLoop(unit, arch.activation, target, layer.outputs));
      source = target;
    }
  });
  const tableBytes = unit.dataBytes - before;
  statements.push(...headStatements(unit, plan));
  const locals = [`float z[${arch.outputs}];`];
  if (arch.hidden.length > 0) locals.push(`float h0[${Math.max(...arch.hidden.filter((_, i) => i % 2 === 0))}];`);
  if (arch.hidden.length > 1) locals.push(`float h1[${Math.max(...arch.hidden.filter((_, i) => i % 2 === 1))}];`);
  return { statements, locals, tableBytes };
}

function activationLoop(unit: CUnit, activation: NetworkArchitecture['activation'], buffer: string, n: number): string {
  const fn = unit.name(activation);
  if (activation === 'relu') unit.helper('relu', `static float ${fn}(float v) {\n  return v > 0.0f ? v : 0.0f;\n}`);
  else if (activation === 'tanh') unit.helper('tanh', `static float ${fn}(float v) {\n  return tanhf(v);\n}`);
  else sigmoidHelper(unit);
  return `for (i = 0; i < ${n}; i++) ${buffer}[i] = ${fn}(${buffer}[i]);`;
}

function headStatements(unit: CUnit, plan: NetworkPlan): string[] {
  const arch = plan.architecture;
  if (arch.head === 'identity') {
    const { center, scale } = plan.targetScale ?? { center: 0, scale: 1 };
    return [`out[0] = z[0] * ${floatLiteral(scale)} + ${floatLiteral(center)};`];
  }
  if (arch.head === 'sigmoid') {
    const sigmoid = sigmoidHelper(unit);
    return [`out[1] = ${sigmoid}(z[0]);`, 'out[0] = 1.0f - out[1];'];
  }
  const softmax = softmaxHelper(unit);
  return [`for (i = 0; i < ${arch.outputs}; i++) out[i] = z[i];`, `${softmax}(out, ${arch.outputs});`];
}
