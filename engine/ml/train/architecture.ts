/**
 * The shape of a dense network, as data (pure: model files validate it without TensorFlow.js).
 * Linear and logistic regression are networks without hidden layers.
 */
import { z } from 'zod';

export const activationSchema = z.enum(['relu', 'tanh', 'sigmoid']);
export type Activation = z.infer<typeof activationSchema>;

/** identity: regression (standardised target); sigmoid: binary classification; softmax: several classes. */
export const headSchema = z.enum(['identity', 'sigmoid', 'softmax']);
export type Head = z.infer<typeof headSchema>;

export const networkArchitectureSchema = z.object({
  inputs: z.number().int().positive(),
  hidden: z.array(z.number().int().positive()),
  activation: activationSchema,
  outputs: z.number().int().positive(),
  head: headSchema,
});
export type NetworkArchitecture = z.infer<typeof networkArchitectureSchema>;

/** Where each layer's kernel (in×out, row-major) and bias live in the flat parameter vector. */
export interface LayerSlot {
  readonly inputs: number;
  readonly outputs: number;
  readonly kernel: number;
  readonly bias: number;
}

export function layerSlots(arch: NetworkArchitecture): LayerSlot[] {
  const sizes = [arch.inputs, ...arch.hidden, arch.outputs];
  const slots: LayerSlot[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inputs = sizes[l]!;
    const outputs = sizes[l + 1]!;
    slots.push({ inputs, outputs, kernel: offset, bias: offset + inputs * outputs });
    offset += inputs * outputs + outputs;
  }
  return slots;
}

export function parameterCount(arch: NetworkArchitecture): number {
  const last = layerSlots(arch).at(-1);
  return last === undefined ? 0 : last.bias + last.outputs;
}

export function describeArchitecture(arch: NetworkArchitecture): string {
  const sizes = [arch.inputs, ...arch.hidden, arch.outputs].join('→');
  if (arch.hidden.length === 0) return `${arch.head === 'identity' ? 'linear regression' : 'logistic regression'} ${sizes}`;
  return `network ${sizes} (${arch.activation})`;
}
