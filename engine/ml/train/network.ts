/**
 * Dense networks on TensorFlow.js with hand-written backpropagation (see ./kernels for why the kernels are
 * called directly). Forward: one fused matMul+bias+activation kernel per layer. The loss and its gradient
 * with respect to the logits are computed in JavaScript from the logits (a batch is at most a few thousand
 * numbers), then backward is plain matMuls on explicitly transposed operands. Parameters live in one
 * JavaScript Float32Array (see ./optimizer): kernels, biases and transposed kernels are uploaded per step and
 * the gradients read back.
 *
 * Losses per row (averaged over the batch, optionally weighted):
 *   identity: (z − y)²              gradient 2(z − y)          (mean squared error)
 *   sigmoid:  softplus(z) − y·z     gradient σ(z) − y          (binary cross-entropy on the logit)
 *   softmax:  −Σ y·log softmax(z)   gradient softmax(z) − y    (categorical cross-entropy on logits)
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Estimator, FeatureMatrix } from '../model';
import { describeArchitecture, layerSlots, parameterCount, type Activation, type LayerSlot, type NetworkArchitecture } from './architecture';
import { KernelScope, type FusedActivation } from './kernels';
import type { Rng } from './random';

/**
 * Glorot (Xavier) uniform kernels, as Keras' Dense default, scaled by √2 for ReLU layers (He et al. 2015);
 * zero biases.
 */
export function initialWeights(arch: NetworkArchitecture, rng: Rng): Float32Array {
  const weights = new Float32Array(parameterCount(arch));
  const slots = layerSlots(arch);
  slots.forEach((slot, l) => {
    const hidden = l < slots.length - 1;
    const gain = hidden && arch.activation === 'relu' ? Math.SQRT2 : 1;
    const limit = gain * Math.sqrt(6 / (slot.inputs + slot.outputs));
    for (let i = 0; i < slot.inputs * slot.outputs; i++) weights[slot.kernel + i] = (rng.next() * 2 - 1) * limit;
  });
  return weights;
}

function kernelOf(weights: Float32Array, slot: LayerSlot): Float32Array {
  return weights.subarray(slot.kernel, slot.kernel + slot.inputs * slot.outputs);
}

function biasOf(weights: Float32Array, slot: LayerSlot): Float32Array {
  return weights.subarray(slot.bias, slot.bias + slot.outputs);
}

function transposed(values: Float32Array, rows: number, cols: number, out: Float32Array): Float32Array {
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = values[i * cols + j]!;
  return out;
}

/** The hidden layer's activation as a fused kernel activation, or null when it needs its own kernel. */
function fusedActivation(activation: Activation): FusedActivation | null {
  return activation === 'tanh' ? null : activation;
}

function hiddenLayer(scope: KernelScope, a: Tensor, kernel: Tensor, bias: Tensor, activation: Activation): Tensor {
  const fused = fusedActivation(activation);
  return fused === null ? scope.tanh(scope.fusedMatMul(a, kernel, bias, 'linear')) : scope.fusedMatMul(a, kernel, bias, fused);
}

/** Rows per forward chunk at inference: bounds memory for large tables. */
const INFERENCE_CHUNK = 8192;

/**
 * Network outputs after the head: probabilities (sigmoid: one column, p(class 1); softmax: k columns) or the
 * standardised regression value. Row-major, rows × arch.outputs.
 */
export function forward(arch: NetworkArchitecture, weights: Float32Array, x: FeatureMatrix): Float32Array {
  const out = new Float32Array(x.rows * arch.outputs);
  if (x.rows === 0) return out;
  const slots = layerSlots(arch);
  const params = new KernelScope();
  try {
    const kernels = slots.map((s) => params.matrix(kernelOf(weights, s), s.inputs, s.outputs));
    const biases = slots.map((s) => params.vector(biasOf(weights, s)));
    const last = slots.length - 1;
    for (let start = 0; start < x.rows; start += INFERENCE_CHUNK) {
      const end = Math.min(x.rows, start + INFERENCE_CHUNK);
      const scope = new KernelScope();
      try {
        let a = scope.matrix(x.data.subarray(start * x.cols, end * x.cols), end - start, x.cols);
        for (let l = 0; l < last; l++) a = hiddenLayer(scope, a, kernels[l]!, biases[l]!, arch.activation);
        const head = arch.head === 'sigmoid' ? 'sigmoid' : 'linear';
        const z = scope.read(scope.fusedMatMul(a, kernels[last]!, biases[last]!, head));
        if (arch.head === 'softmax') softmaxRows(z, arch.outputs);
        out.set(z, start * arch.outputs);
      } finally {
        scope.dispose();
      }
    }
  } finally {
    params.dispose();
  }
  return out;
}

/** One training batch in host memory (the step uploads it). */
export interface HostBatch {
  readonly size: number;
  /** size × inputs, row-major. */
  readonly x: Float32Array;
  /** inputs × size: the transposed input, for the first layer's kernel gradient. */
  readonly xT: Float32Array;
  /** size × outputs: standardised value, 0/1, or one-hot classes. */
  readonly y: Float32Array;
  /** Row weights (class weights), or null for equal weights. */
  readonly w: Float32Array | null;
  /** Per hidden layer: size × units dropout mask (0 or 1/keep), or null without dropout. */
  readonly masks: readonly (Float32Array | null)[];
}

/** Reusable buffers of a training run (sized for the largest batch). */
export class StepWorkspace {
  readonly dz: Float32Array;
  readonly dzT: Float32Array;
  readonly transposedKernels: Float32Array[];
  private readonly ones = new Map<number, Float32Array>();

  constructor(readonly arch: NetworkArchitecture, maxBatch: number) {
    this.dz = new Float32Array(maxBatch * arch.outputs);
    this.dzT = new Float32Array(maxBatch * arch.outputs);
    this.transposedKernels = layerSlots(arch).map((s) => new Float32Array(s.inputs * s.outputs));
  }

  onesRow(size: number): Float32Array {
    let row = this.ones.get(size);
    if (row === undefined) {
      row = new Float32Array(size).fill(1);
      this.ones.set(size, row);
    }
    return row;
  }
}

/**
 * Forward and backward pass of one batch. Writes the gradient of the (weighted) mean batch loss into
 * `grads` (same layout as the parameters) and returns the loss (NaN or ±Infinity once training diverged).
 */
export function gradientStep(arch: NetworkArchitecture, weights: Float32Array, batch: HostBatch, grads: Float32Array, work: StepWorkspace): number {
  const slots = layerSlots(arch);
  const last = slots.length - 1;
  const n = batch.size;
  const scope = new KernelScope();
  try {
    const kernels = slots.map((s) => scope.matrix(kernelOf(weights, s), s.inputs, s.outputs));
    const biases = slots.map((s) => scope.vector(biasOf(weights, s)));
    const masks = batch.masks.map((m, l) => (m === null ? null : scope.matrix(m.subarray(0, n * arch.hidden[l]!), n, arch.hidden[l]!)));
    const outputs: Tensor[] = []; // hidden activations before dropout
    const inputs: Tensor[] = [scope.matrix(batch.x.subarray(0, n * arch.inputs), n, arch.inputs)];
    for (let l = 0; l < last; l++) {
      const h = hiddenLayer(scope, inputs[l]!, kernels[l]!, biases[l]!, arch.activation);
      outputs.push(h);
      const mask = masks[l] ?? null;
      inputs.push(mask === null ? h : scope.mul(h, mask));
    }
    const logits = scope.read(scope.fusedMatMul(inputs[last]!, kernels[last]!, biases[last]!, 'linear'));
    const loss = lossAndGradient(arch, logits, batch, work.dz);
    if (!Number.isFinite(loss)) return loss;

    // Output layer: its logit gradient is known here, so gWᵀ = dzᵀ·input needs no transposed activation
    // (one matMul with the transposed logit gradient) and the bias gradient is a column sum.
    const top = slots[last]!;
    const k = arch.outputs;
    const dzHost = work.dz.subarray(0, n * k);
    const dzT = transposed(dzHost, n, k, work.dzT);
    const gWT = scope.read(scope.matMul(scope.matrix(dzT.subarray(0, n * k), k, n), inputs[last]!));
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += dzHost[i * k + c]!;
      grads[top.bias + c] = sum;
      for (let j = 0; j < top.inputs; j++) grads[top.kernel + j * k + c] = gWT[c * top.inputs + j]!;
    }
    if (last === 0) return loss;
    let dz = scope.matrix(dzHost, n, k);
    const ones = scope.matrix(work.onesRow(n), 1, n);
    for (let l = last; l >= 1; l--) {
      const slot = slots[l]!;
      const kernelT = scope.matrix(transposed(kernelOf(weights, slot), slot.inputs, slot.outputs, work.transposedKernels[l]!), slot.outputs, slot.inputs);
      let da = scope.matMul(dz, kernelT);
      const mask = masks[l - 1] ?? null;
      if (mask !== null) da = scope.mul(da, mask);
      dz = activationGradient(scope, da, outputs[l - 1]!, arch.activation, work);
      const below = slots[l - 1]!;
      const inputT = l - 1 === 0 ? scope.matrix(batch.xT.subarray(0, n * arch.inputs), arch.inputs, n) : scope.transpose(inputs[l - 1]!);
      grads.set(scope.read(scope.matMul(inputT, dz)), below.kernel);
      grads.set(scope.read(scope.matMul(ones, dz)), below.bias);
    }
    return loss;
  } finally {
    scope.dispose();
  }
}

/** d(activation)/d(pre-activation), written through the activation's output h. */
function activationGradient(scope: KernelScope, da: Tensor, h: Tensor, activation: Activation, work: StepWorkspace): Tensor {
  if (activation === 'relu') return scope.mul(da, scope.step(h));
  const one = scope.vector(work.onesRow(1));
  if (activation === 'tanh') return scope.mul(da, scope.sub(one, scope.square(h)));
  return scope.mul(da, scope.mul(h, scope.sub(one, h)));
}

/** Softmax of each row, in place (max-shifted for stability). */
function softmaxRows(values: Float32Array, k: number): void {
  for (let i = 0; i < values.length; i += k) {
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) max = Math.max(max, values[i + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(values[i + c]! - max);
    for (let c = 0; c < k; c++) values[i + c] = Math.exp(values[i + c]! - max) / sum;
  }
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * The batch loss from the logits, and its gradient with respect to the logits written into `dz`
 * (already divided by the batch size and multiplied by the row weights).
 */
export function lossAndGradient(arch: NetworkArchitecture, logits: Float32Array, batch: HostBatch, dz: Float32Array): number {
  const n = batch.size;
  const k = arch.outputs;
  const y = batch.y;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const weight = batch.w === null ? 1 : batch.w[i]!;
    const scale = weight / n;
    if (arch.head === 'identity') {
      const e = logits[i]! - y[i]!;
      total += weight * e * e;
      dz[i] = 2 * e * scale;
    } else if (arch.head === 'sigmoid') {
      const z = logits[i]!;
      total += weight * (softplus(z) - y[i]! * z);
      dz[i] = (1 / (1 + Math.exp(-z)) - y[i]!) * scale;
    } else {
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) max = Math.max(max, logits[i * k + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(logits[i * k + c]! - max);
      const logSum = max + Math.log(sum);
      for (let c = 0; c < k; c++) {
        const logp = logits[i * k + c]! - logSum;
        const target = y[i * k + c]!;
        if (target !== 0) total -= weight * target * logp;
        dz[i * k + c] = (Math.exp(logp) - target) * scale;
      }
    }
  }
  return total / n;
}

/** A trained network as a model estimator: probabilities per class, or values in target units. */
export class NetworkEstimator implements Estimator {
  readonly family = 'network';

  constructor(
    readonly architecture: NetworkArchitecture,
    readonly weights: Float32Array,
    /** Regression: predictions are `z · scale + center` (the target was standardised for training). */
    readonly targetScale: { readonly center: number; readonly scale: number } | null,
  ) {}

  get description(): string {
    return describeArchitecture(this.architecture);
  }

  predict(x: FeatureMatrix): Float64Array {
    const raw = forward(this.architecture, this.weights, x);
    const n = x.rows;
    if (this.architecture.head === 'sigmoid') {
      const out = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        const p = raw[i]!;
        out[2 * i] = 1 - p;
        out[2 * i + 1] = p;
      }
      return out;
    }
    if (this.architecture.head === 'identity') {
      const { center, scale } = this.targetScale ?? { center: 0, scale: 1 };
      return Float64Array.from(raw, (z) => z * scale + center);
    }
    return Float64Array.from(raw);
  }
}
