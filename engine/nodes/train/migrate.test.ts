import { describe, expect, it } from 'vitest';
import { validateParams } from '../../graph/compile';
import type { GraphNode } from '../../graph/schema';
import { trainSpec } from './spec';

const node = (version: number, params: Record<string, unknown>): GraphNode => ({ id: 't', kind: 'train', version, params, position: { x: 0, y: 0 } });

describe('Train params migration', () => {
  it('keeps version 1 graphs that left the model unset on the neural network they meant', () => {
    const result = validateParams(node(1, { epochs: 20 }), trainSpec);
    expect(result.ok && result.params['model']).toBe('neural-network');
    expect(result.ok && result.params['epochs']).toBe(20);
  });

  it('keeps a model chosen in version 1, and gives new nodes Auto', () => {
    const chosen = validateParams(node(1, { model: 'linear' }), trainSpec);
    expect(chosen.ok && chosen.params['model']).toBe('linear');
    const fresh = validateParams(node(trainSpec.version, {}), trainSpec);
    expect(fresh.ok && fresh.params['model']).toBe('auto');
  });
});
