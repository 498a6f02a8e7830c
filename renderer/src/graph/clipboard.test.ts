import { describe, expect, it } from 'vitest';
import { copyFragment, pasteFragment } from './clipboard';
import { toFlowNode } from './convert';
import { uniqueNodeId } from './ids';

describe('clipboard fragments', () => {
  const a = toFlowNode({ id: 'split-1', kind: 'split', version: 1, params: { seed: 1 }, position: { x: 100, y: 50 } });
  const b = toFlowNode({ id: 'impute-1', kind: 'impute', version: 1, params: {}, position: { x: 300, y: 80 } });
  const edge = { id: 'e', source: 'split-1', sourceHandle: 'table', target: 'impute-1', targetHandle: 'table' };

  it('copies only edges inside the selection', () => {
    expect(copyFragment([a, b], [edge], new Set(['split-1'])).edges).toEqual([]);
    expect(copyFragment([a, b], [edge], new Set(['split-1', 'impute-1'])).edges.length).toBe(1);
  });

  it('pastes with new ids, keeping relative positions and params (copied, not shared)', () => {
    const fragment = copyFragment([a, b], [edge], new Set(['split-1', 'impute-1']));
    const pasted = pasteFragment(fragment, new Set(['split-1', 'impute-1', 'split-2']), { x: 0, y: 0 });
    expect(pasted.nodes.map((n) => n.id)).toEqual(['split-3', 'impute-2']);
    expect(pasted.nodes.map((n) => n.position)).toEqual([{ x: 0, y: 0 }, { x: 200, y: 30 }]);
    expect(pasted.edges[0]).toMatchObject({ source: 'split-3', target: 'impute-2', sourceHandle: 'table', targetHandle: 'table' });
    expect(pasted.nodes[0]?.data.params).toEqual({ seed: 1 });
    expect(pasted.nodes[0]?.data.params).not.toBe(a.data.params);
  });

  it('ids are the kind plus the smallest free number', () => {
    expect(uniqueNodeId('split', new Set())).toBe('split-1');
    expect(uniqueNodeId('split', new Set(['split-1', 'split-3']))).toBe('split-2');
  });
});
