/**
 * The handful of TensorFlow.js kernels a dense network needs, called through `engine().runKernel` on
 * rank-3 tensors ([1, rows, cols]). This is the contract the public ops use internally (tf.matMul and
 * tf.fused.matMul reshape to rank 3 and call these kernels); calling them directly skips two reshapes and the
 * op-layer checks per call, which on the wasm backend cost more than the arithmetic of a small layer.
 * Every tensor made here is pushed on the caller's `scope` and disposed by it.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../backend/tf';

export type FusedActivation = 'linear' | 'relu' | 'sigmoid';

export class KernelScope {
  private readonly made: Tensor[] = [];

  private keep<T extends Tensor>(t: T): T {
    this.made.push(t);
    return t;
  }

  /** Uploads a row-major matrix as a [1, rows, cols] tensor. */
  matrix(values: Float32Array, rows: number, cols: number): Tensor {
    return this.keep(tf.tensor3d(values, [1, rows, cols]));
  }

  vector(values: Float32Array): Tensor {
    return this.keep(tf.tensor1d(values));
  }

  /** a·b + bias, then the activation: one kernel. */
  fusedMatMul(a: Tensor, b: Tensor, bias: Tensor, activation: FusedActivation): Tensor {
    return this.keep(tf.engine().runKernel<Tensor>('_FusedMatMul', { a, b, bias }, { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 }));
  }

  /** a·b without transposes (transposed operands take a much slower path on the wasm backend). */
  matMul(a: Tensor, b: Tensor): Tensor {
    return this.keep(tf.engine().runKernel<Tensor>('BatchMatMul', { a, b }, { transposeA: false, transposeB: false }));
  }

  /** [1, r, c] → [1, c, r]. */
  transpose(x: Tensor): Tensor {
    return this.keep(tf.engine().runKernel<Tensor>('Transpose', { x }, { perm: [0, 2, 1] }));
  }

  mul(a: Tensor, b: Tensor): Tensor {
    return this.keep(tf.engine().runKernel<Tensor>('Multiply', { a, b }));
  }

  sub(a: Tensor, b: Tensor): Tensor {
    return this.keep(tf.engine().runKernel<Tensor>('Sub', { a, b }));
  }

  /** 1 where x > 0, else 0: the ReLU derivative written through its output. */
  step(x: Tensor): Tensor {
    return this.keep(tf.engine().runKernel<Tensor>('Step', { x }, { alpha: 0 }));
  }

  tanh(x: Tensor): Tensor {
    return this.keep(tf.engine().runKernel<Tensor>('Tanh', { x }));
  }

  square(x: Tensor): Tensor {
    return this.keep(tf.engine().runKernel<Tensor>('Square', { x }));
  }

  /** Reads a tensor's values (synchronously: wasm, cpu and tfjs-node compute eagerly on the CPU). */
  read(t: Tensor): Float32Array {
    return t.dataSync() as Float32Array;
  }

  dispose(): void {
    for (const t of this.made) t.dispose();
    this.made.length = 0;
  }
}
