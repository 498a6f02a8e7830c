import { describe, expect, it } from 'vitest';
import type { NodeChange } from '@xyflow/react';
import type { FlowNode } from '../graph/types';
import { createAppStore } from './index';
import { HISTORY_LIMIT } from './history';

function store() {
  const s = createAppStore();
  const g = () => s.getState().graph;
  return { s, g };
}

/** csv-source → select-columns, connected. */
function twoNodes() {
  const { s, g } = store();
  const a = g().addNode('csv-source', { x: 0, y: 0 }, { path: 'data/houses.csv' }) as string;
  const b = g().addNode('select-columns', { x: 300, y: 0 }) as string;
  expect(g().connect({ source: a, sourceHandle: 'table', target: b, targetHandle: 'table' }).ok).toBe(true);
  return { s, g, a, b };
}

const ids = (nodes: readonly { id: string }[]) => nodes.map((n) => n.id);

describe('graph slice: edits and undo/redo', () => {
  it('adds nodes with default params, unique readable ids and selection on the new node', () => {
    const { g } = store();
    const a = g().addNode('split', { x: 0, y: 0 });
    const b = g().addNode('split', { x: 10, y: 0 });
    expect([a, b]).toEqual(['split-1', 'split-2']);
    expect(g().nodes[1]?.data.params).toMatchObject({ test: 0.2, stratify: true });
    expect(g().nodes.map((n) => n.selected)).toEqual([false, true]);
    expect(g().addNode('no-such-kind', { x: 0, y: 0 })).toBeUndefined();
  });

  it('every edit is one undoable command; redo replays it; a new edit clears redo', () => {
    const { g, a, b } = twoNodes();
    expect(g().history.past.length).toBe(3);
    g().deleteElements([b], []);
    expect(ids(g().nodes)).toEqual([a]);
    expect(g().edges).toEqual([]);
    g().undo();
    expect(ids(g().nodes)).toEqual([a, b]);
    expect(g().edges.length).toBe(1);
    g().redo();
    expect(ids(g().nodes)).toEqual([a]);
    g().undo();
    g().setParams(b, { target: 'price' });
    expect(g().history.future).toEqual([]);
    g().undo();
    g().undo();
    g().undo();
    g().undo();
    expect(g().nodes).toEqual([]);
    g().undo(); // nothing left: no-op
    expect(g().nodes).toEqual([]);
  });

  it('revisions tell saved from unsaved, also after undo back to the saved state', () => {
    const { g } = twoNodes();
    const saved = g().rev;
    g().setParams('select-columns-1', { target: 'price' });
    expect(g().rev).not.toBe(saved);
    g().undo();
    expect(g().rev).toBe(saved);
    g().setParams('select-columns-1', { target: 'city' });
    const other = g().rev;
    g().undo();
    g().redo();
    expect(g().rev).toBe(other);
    expect(other).not.toBe(saved);
  });

  it('typing into one field coalesces into one undo step until the field is left', () => {
    const { g, b } = twoNodes();
    const before = g().history.past.length;
    for (const target of ['p', 'pr', 'pri', 'price']) g().setParams(b, { target }, `params:${b}:target`);
    expect(g().history.past.length).toBe(before + 1);
    g().endCoalescing();
    g().setParams(b, { target: 'city' }, `params:${b}:target`);
    expect(g().history.past.length).toBe(before + 2);
    g().undo();
    expect(g().nodes.find((n) => n.id === b)?.data.params['target']).toBe('price');
    g().undo();
    expect(g().nodes.find((n) => n.id === b)?.data.params['target']).toBe('');
  });

  it('a drag is one command from pick-up to drop, and does not re-validate', () => {
    const { g, a } = twoNodes();
    const before = g().history.past.length;
    const validation = g().validation;
    const move = (x: number, dragging: boolean): NodeChange<FlowNode>[] => [{ type: 'position', id: a, position: { x, y: 0 }, dragging }];
    g().onNodesChange(move(10, true));
    g().onNodesChange(move(20, true));
    g().onNodesChange(move(30, true));
    expect(g().history.past.length).toBe(before);
    g().onNodesChange(move(30, false));
    expect(g().history.past.length).toBe(before + 1);
    expect(g().validation).toBe(validation);
    g().undo();
    expect(g().nodes.find((n) => n.id === a)?.position).toEqual({ x: 0, y: 0 });
  });

  it('selection and measuring are not edits', () => {
    const { g, a } = twoNodes();
    const before = { past: g().history.past.length, rev: g().rev };
    g().onNodesChange([{ type: 'select', id: a, selected: true }, { type: 'dimensions', id: a, dimensions: { width: 200, height: 100 } }]);
    g().select([a]);
    expect({ past: g().history.past.length, rev: g().rev }).toEqual(before);
    // React Flow's own delete key is off: remove changes are ignored (Delete goes through deleteSelection).
    g().onNodesChange([{ type: 'remove', id: a }]);
    expect(ids(g().nodes)).toContain(a);
  });

  it('keeps the history bounded', () => {
    const { g, b } = twoNodes();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) g().setParams(b, { target: `c${i}` });
    expect(g().history.past.length).toBe(HISTORY_LIMIT);
  });
});

describe('graph slice: connections and validation', () => {
  it('refuses an edge between incompatible ports or into itself, with a reason', () => {
    const { g, a } = twoNodes();
    const self = g().connect({ source: a, sourceHandle: 'table', target: a, targetHandle: 'table' });
    expect(self.ok).toBe(false);
    const noPort = g().connect({ source: a, sourceHandle: 'table', target: 'select-columns-1', targetHandle: 'nope' });
    expect(noPort).toMatchObject({ ok: false });
  });

  it('refuses an edge that would close a loop', () => {
    const { g, b } = twoNodes();
    const c = g().addNode('split', { x: 600, y: 0 }) as string;
    expect(g().connect({ source: b, sourceHandle: 'table', target: c, targetHandle: 'table' }).ok).toBe(true);
    const loop = g().connect({ source: c, sourceHandle: 'table', target: b, targetHandle: 'table' });
    expect(loop.ok).toBe(false);
    if (!loop.ok) expect(loop.reason).toMatch(/loop/);
  });

  it('a new edge into a taken input replaces the old one (one command)', () => {
    const { g, b } = twoNodes();
    const other = g().addNode('csv-source', { x: 0, y: 200 }, { path: 'x.csv' }) as string;
    const before = g().history.past.length;
    g().connect({ source: other, sourceHandle: 'table', target: b, targetHandle: 'table' });
    expect(g().edges.map((e) => e.source)).toEqual([other]);
    expect(g().history.past.length).toBe(before + 1);
  });

  it('validates on every structural edit and files errors under nodes; valid nodes get cache keys', () => {
    const { g, a, b } = twoNodes();
    expect(g().validation.ok).toBe(true);
    expect(Object.keys(g().validation.keys).sort()).toEqual([a, b].sort());
    const split = g().addNode('split', { x: 0, y: 0 }) as string;
    expect(g().validation.byNode[split]?.[0]?.code).toBe('MW_NODE_MISSING_INPUT');
    // Nodes upstream of nothing broken keep their keys (they are not stale).
    expect(g().validation.keys[a]).toBeDefined();
    g().setParams(split, { test: 2 });
    expect(g().validation.byNode[split]?.map((e) => e.code)).toContain('MW_NODE_INVALID_PARAMS');
    g().deleteElements([split], []);
    expect(g().validation.ok).toBe(true);
    const keyBefore = g().validation.keys[b];
    g().setParams(b, { target: 'price' });
    expect(g().validation.keys[b]).not.toBe(keyBefore);
  });

  it('colours edges by port type and marks invalid ones', () => {
    const { g } = twoNodes();
    expect(g().edges[0]?.style?.stroke).toBe('#0072B2');
    expect(g().edges[0]?.className).toBe('mw-edge');
  });
});

describe('graph slice: copy, paste, duplicate', () => {
  it('pastes copies with fresh ids, keeping the edges between copied nodes, as one command', () => {
    const { g, a, b } = twoNodes();
    g().select([a, b]);
    const fragment = g().copySelection();
    expect(fragment.nodes.length).toBe(2);
    expect(fragment.edges.length).toBe(1);
    const before = g().history.past.length;
    g().paste(fragment);
    expect(g().history.past.length).toBe(before + 1);
    expect(ids(g().nodes)).toEqual([a, b, 'csv-source-2', 'select-columns-2']);
    const pasted = g().nodes.slice(2);
    expect(pasted.every((n) => n.selected === true)).toBe(true);
    expect(g().nodes.slice(0, 2).every((n) => n.selected !== true)).toBe(true);
    expect(pasted[0]?.position).toEqual({ x: 40, y: 40 });
    expect(g().edges[1]).toMatchObject({ source: 'csv-source-2', target: 'select-columns-2' });
    g().undo();
    expect(ids(g().nodes)).toEqual([a, b]);
  });

  it('pastes at a point, and duplicate copies the selection', () => {
    const { g, a } = twoNodes();
    g().select([a]);
    g().paste(g().copySelection(), { x: 500, y: 500 });
    expect(g().nodes[2]?.position).toEqual({ x: 500, y: 500 });
    g().duplicateSelection();
    expect(g().nodes.length).toBe(4);
    g().paste({ nodes: [], edges: [] });
    expect(g().nodes.length).toBe(4);
  });

  it('deleteSelection removes selected nodes and their edges in one step', () => {
    const { g, a } = twoNodes();
    g().select([a]);
    g().deleteSelection();
    expect(g().nodes.length).toBe(1);
    expect(g().edges.length).toBe(0);
    g().undo();
    expect(g().nodes.length).toBe(2);
    expect(g().edges.length).toBe(1);
  });

  it('load replaces the graph and clears history', () => {
    const { g } = twoNodes();
    const rev = g().load({ format: 'modelwright.graph', version: 1, metadata: { name: 'X' }, nodes: [], edges: [] });
    expect(g().rev).toBe(rev);
    expect(g().name).toBe('X');
    expect(g().history.past).toEqual([]);
  });
});
