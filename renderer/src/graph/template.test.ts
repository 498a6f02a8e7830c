import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/graph/compile';
import { specForKind } from '../../../engine/nodes/specs';
import { toFlowNode, toGraph } from './convert';
import { buildModelChain, modelChainKinds } from './template';

describe('"Build a model for this" template', () => {
  it('needs every kind it names to be registered (fails loudly when one is missing)', () => {
    const missing = modelChainKinds.filter((k) => specForKind(k) === undefined);
    expect(missing, `kinds missing from engine/nodes/specs.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('lays out Select Columns → Split → Impute → Encode → Scale → Train → Evaluate that compiles', () => {
    const source = toFlowNode({ id: 'houses', kind: 'csv-source', version: 1, params: { path: 'data/houses.csv' }, position: { x: 0, y: 0 } });
    const chain = buildModelChain(source, 'price', new Set(['houses']));
    expect(chain.nodes.map((n) => n.data.kind)).toEqual([...modelChainKinds]);
    expect(chain.nodes[0]?.data.params['target']).toBe('price');
    const graph = toGraph('t', [source, ...chain.nodes], chain.edges);
    const result = compile(graph, specForKind);
    expect(result.errors).toEqual([]);
    expect(result.plan?.steps.map((s) => s.kind)).toEqual(['csv-source', ...modelChainKinds]);
  });
});
