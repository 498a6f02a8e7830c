/**
 * Optimisers over the flat parameter vector, in plain JavaScript: one pass over the parameters per step
 * instead of a dozen TensorFlow.js kernels per weight tensor (the per-kernel overhead dominates small
 * networks on the wasm backend). Adam follows Kingma & Ba (2015), Algorithm 1, with the bias corrections
 * folded into the step size; SGD uses PyTorch's momentum form (v ← μv + g; θ ← θ − lr·v).
 */
/** Below this a moment is 0 for all purposes (and would soon be subnormal). */
const TINY = 1e-30;

export interface Optimizer {
  /** Updates `params` in place from `grads` (which already include the L2 term). */
  step(params: Float32Array, grads: Float32Array): void;
}

export function adam(size: number, learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): Optimizer {
  // Moments in float64 and flushed to zero when tiny: float32 moments decay into subnormal numbers
  // for weights whose gradient stays 0 (dead ReLUs), and subnormal arithmetic is ~100× slower on x86.
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return {
    step(params, grads) {
      t++;
      const stepSize = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      const epsHat = epsilon * Math.sqrt(1 - beta2 ** t);
      for (let i = 0; i < size; i++) {
        const g = grads[i]!;
        let mi = beta1 * m[i]! + (1 - beta1) * g;
        let vi = beta2 * v[i]! + (1 - beta2) * g * g;
        if (Math.abs(mi) < TINY) mi = 0;
        if (vi < TINY) vi = 0;
        m[i] = mi;
        v[i] = vi;
        params[i] = params[i]! - (stepSize * mi) / (Math.sqrt(vi) + epsHat);
      }
    },
  };
}

export function sgd(size: number, learningRate: number, momentum: number): Optimizer {
  const velocity = new Float64Array(size);
  return {
    step(params, grads) {
      for (let i = 0; i < size; i++) {
        let v = momentum * velocity[i]! + grads[i]!;
        if (Math.abs(v) < TINY) v = 0;
        velocity[i] = v;
        params[i] = params[i]! - learningRate * v;
      }
    },
  };
}
