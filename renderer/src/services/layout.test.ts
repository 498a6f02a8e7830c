import { describe, expect, it } from 'vitest';
import { toFlowEdge, toFlowNode } from '../graph/convert';
import { elkGraph, layoutPositions } from './layout';

describe('auto-layout', () => {
  const a = toFlowNode({ id: 'a', kind: 'csv-source', version: 1, params: {}, position: { x: 0, y: 0 } });
  const b = toFlowNode({ id: 'b', kind: 'split', version: 1, params: {}, position: { x: 0, y: 0 } });
  const e = toFlowEdge({ id: 'e', from: { node: 'a', port: 'table' }, to: { node: 'b', port: 'table' } });

  it('maps nodes and their ports to ELK, with edges between named ports', () => {
    const g = elkGraph([a, b], [e]);
    expect(g.children?.map((c) => c.id)).toEqual(['a', 'b']);
    expect(g.children?.[1]?.ports?.map((p) => p.id)).toEqual(['b::in::table', 'b::out::table']);
    expect(g.edges?.[0]).toMatchObject({ sources: ['a::out::table'], targets: ['b::in::table'] });
  });

  it('places connected nodes left to right without overlap', async () => {
    const positions = await layoutPositions([a, b], [e]);
    expect((positions['b']?.x ?? 0) - (positions['a']?.x ?? 0)).toBeGreaterThanOrEqual(208);
  });
});
