import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select';
import type { NetworkArchitecture } from './architecture';
import { gradientStep, initialWeights, StepWorkspace, type HostBatch } from './network';
import { createRng } from './random';

beforeAll(async () => {
  await selectBackend({ env: { MODELWRIGHT_BACKEND: 'cpu' } });
});

function batchFor(arch: NetworkArchitecture, size: number, seed: number): HostBatch {
  const rng = createRng(seed);
  const x = Float32Array.from({ length: size * arch.inputs }, () => rng.next() * 2 - 1);
  const xT = new Float32Array(x.length);
  for (let i = 0; i < size; i++) for (let j = 0; j < arch.inputs; j++) xT[j * size + i] = x[i * arch.inputs + j]!;
  const y = new Float32Array(size * arch.outputs);
  for (let i = 0; i < size; i++) {
    if (arch.head === 'softmax') y[i * arch.outputs + (i % arch.outputs)] = 1;
    else y[i] = arch.head === 'sigmoid' ? i % 2 : rng.next() * 2 - 1;
  }
  return { size, x, xT, y, w: Float32Array.from({ length: size }, () => 0.5 + rng.next()), masks: arch.hidden.map(() => null) };
}

/** Central finite differences of the batch loss against the hand-written gradient. */
function worstRelativeError(arch: NetworkArchitecture, h: number): number {
  const rng = createRng(5);
  const weights = initialWeights(arch, rng);
  for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! + (rng.next() - 0.5) * 0.2;
  const batch = batchFor(arch, 7, 3);
  const work = new StepWorkspace(arch, batch.size);
  const grads = new Float32Array(weights.length);
  gradientStep(arch, weights, batch, grads, work);
  const scratch = new Float32Array(weights.length);
  let worst = 0;
  for (let i = 0; i < weights.length; i++) {
    const plus = weights.slice();
    plus[i] = plus[i]! + h;
    const minus = weights.slice();
    minus[i] = minus[i]! - h;
    const numeric = (gradientStep(arch, plus, batch, scratch, work) - gradientStep(arch, minus, batch, scratch, work)) / (2 * h);
    worst = Math.max(worst, Math.abs(numeric - grads[i]!) / Math.max(1e-2, Math.abs(numeric) + Math.abs(grads[i]!)));
  }
  return worst;
}

describe('hand-written backpropagation', () => {
  it.each([
    ['tanh network, softmax head', { inputs: 3, hidden: [4], activation: 'tanh', outputs: 3, head: 'softmax' }],
    ['sigmoid network, regression head', { inputs: 3, hidden: [4, 3], activation: 'sigmoid', outputs: 1, head: 'identity' }],
    ['relu network, sigmoid head', { inputs: 3, hidden: [5, 4], activation: 'relu', outputs: 1, head: 'sigmoid' }],
    ['logistic regression', { inputs: 3, hidden: [], activation: 'relu', outputs: 1, head: 'sigmoid' }],
    ['multinomial logistic regression', { inputs: 3, hidden: [], activation: 'relu', outputs: 3, head: 'softmax' }],
    ['linear regression', { inputs: 3, hidden: [], activation: 'relu', outputs: 1, head: 'identity' }],
  ] as const)('matches finite differences: %s', (_name, arch) => {
    expect(worstRelativeError({ ...arch, hidden: [...arch.hidden] }, 1e-3)).toBeLessThan(2e-2);
  });
});
