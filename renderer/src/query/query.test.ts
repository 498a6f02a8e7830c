import { describe, expect, it } from 'vitest';
import type { AskResponse } from '../../../engine/host/contract';
import type { GraphEdit } from '../../../engine/query/intent';
import { createAppStore, useStore } from '../store';
import { pinAnswer, undoQueryEdit } from './service';
import { useQueryStore } from './store';

/** csv-source → select-columns, as the canvas holds them. */
function canvas() {
  const s = createAppStore();
  const g = () => s.getState().graph;
  const src = g().addNode('csv-source', { x: 0, y: 0 }, { path: 'data/houses.csv' }) as string;
  const sel = g().addNode('select-columns', { x: 240, y: 0 }) as string;
  g().connect({ source: src, sourceHandle: 'table', target: sel, targetHandle: 'table' });
  return { s, g, src, sel };
}

describe('a query-box edit on the canvas', () => {
  it('is applied as one undoable command: nodes, edges, params, moves and removals together', () => {
    const { g, src, sel } = canvas();
    const before = { nodes: g().nodes.map((n) => ({ id: n.id, params: n.data.params, position: n.position })), edges: g().edges.map((e) => e.id) };
    const edge = g().edges[0]!;
    const edit: GraphEdit = {
      summary: 'Add Split; add Train.',
      addNodes: [
        { id: 'split-1', kind: 'split', version: 1, params: { test: 0.3, validation: 0.1, stratify: true, seed: 42 }, position: { x: 240, y: 0 } },
        { id: 'train-1', kind: 'train', version: 1, params: {}, position: { x: 720, y: 0 } },
      ],
      addEdges: [
        { id: 'e-a', from: { node: src, port: 'table' }, to: { node: 'split-1', port: 'table' } },
        { id: 'e-b', from: { node: 'split-1', port: 'table' }, to: { node: sel, port: 'table' } },
        { id: 'e-c', from: { node: sel, port: 'table' }, to: { node: 'train-1', port: 'table' } },
      ],
      removeEdges: [edge.id],
      setParams: [{ nodeId: sel, params: { target: 'price' } }],
      moveNodes: [{ nodeId: sel, position: { x: 480, y: 0 } }],
    };
    const past = g().history.past.length;
    g().applyEdit(edit);
    expect(g().history.past.length).toBe(past + 1);
    expect(g().nodes.map((n) => n.id)).toEqual([src, sel, 'split-1', 'train-1']);
    expect(g().nodes.filter((n) => n.selected === true).map((n) => n.id)).toEqual(['split-1', 'train-1']);
    expect(g().nodes.find((n) => n.id === sel)?.data.params).toEqual({ target: 'price' });
    expect(g().nodes.find((n) => n.id === sel)?.position).toEqual({ x: 480, y: 0 });
    expect(g().edges.map((e) => `${e.source}->${e.target}`)).toEqual([`${src}->split-1`, `split-1->${sel}`, `${sel}->train-1`]);
    expect(g().edges.some((e) => e.id === edge.id)).toBe(false);

    g().undo();
    expect(g().nodes.map((n) => ({ id: n.id, params: n.data.params, position: n.position }))).toEqual(before.nodes);
    expect(g().edges.map((e) => e.id)).toEqual(before.edges);
    g().redo();
    expect(g().nodes).toHaveLength(4);
  });
});

describe('the query box state', () => {
  const result = (text: string, id: string): AskResponse => ({
    intent: { kind: 'data-question', reading: `read ${text}`, corrections: [], query: { type: 'rows', filters: [], limit: 5 } },
    answer: { reading: `read ${text}`, sentence: 'ok', notes: [] },
    entry: { id, text, askedAt: '2026-01-01T00:00:00.000Z', kind: 'data-question', reading: `read ${text}`, pinned: false },
  });

  it('keeps the latest question on top of the history, once', () => {
    const q = useQueryStore.getState();
    q.setHistory('/p', []);
    q.answered('a', result('a', '1'), null);
    q.answered('b', result('b', '2'), null);
    q.answered('a', result('a', '3'), null);
    expect(useQueryStore.getState().history.map((e) => [e.text, e.id])).toEqual([['a', '1'], ['b', '2']]);
    expect(useQueryStore.getState().asked).toBe('a');
    q.setHistory('/other', []);
    expect(useQueryStore.getState().result).toBeNull();
  });
});

describe('pinning an answer', () => {
  it('adds it to the Report node’s pinned answers as one undoable edit, table capped', async () => {
    const g = () => useStore.getState().graph;
    const report = g().addNode('report', { x: 0, y: 0 }) as string;
    const rows = Array.from({ length: 300 }, (_, i) => [`row ${i}`, i]);
    const answered: AskResponse = {
      intent: { kind: 'data-question', reading: 'Rows', corrections: [], query: { type: 'rows', filters: [], limit: 5 } },
      answer: { reading: 'Rows, over 300 rows', sentence: '300 rows.', notes: [], table: { columns: ['name', 'n'], rows } },
    };
    useQueryStore.getState().answered('show all rows', answered, null);
    const past = g().history.past.length;
    await pinAnswer();
    const pinned = g().nodes.find((n) => n.id === report)?.data.params['pinnedAnswers'] as { question: string; table: { rows: unknown[] } }[];
    expect(pinned).toHaveLength(1);
    expect(pinned[0]?.question).toBe('show all rows');
    expect(pinned[0]?.table.rows).toHaveLength(200);
    expect(useQueryStore.getState().pinned).toBe(true);
    expect(g().history.past.length).toBe(past + 1);
    g().undo();
    expect(g().nodes.find((n) => n.id === report)?.data.params['pinnedAnswers']).toEqual([]);
  });

  it('undoes the box’s own edit only while nothing else was edited after it', () => {
    const g = () => useStore.getState().graph;
    g().addNode('split', { x: 0, y: 0 });
    const rev = g().rev;
    useQueryStore.getState().answered('x', { intent: { kind: 'edit-graph', reading: 'r', corrections: [], edits: [{ op: 'evaluate' }] } }, { rev, undone: false });
    g().addNode('scale', { x: 0, y: 0 });
    undoQueryEdit();
    expect(useQueryStore.getState().applied?.undone).toBe(false);
    expect(g().nodes.some((n) => n.data.kind === 'scale')).toBe(true);
  });
});
