/**
 * The graph slice: the canvas's nodes and edges, inline validation, and undo/redo. Every edit goes
 * through `commit`, which records one undoable command and re-validates when the structure changed.
 */
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { Graph } from '../../../engine/graph/schema';
import type { GraphEdit } from '../../../engine/query/intent';
import { specForKind } from '../../../engine/nodes/specs';
import { copyFragment, pasteFragment, type Fragment } from '../graph/clipboard';
import { checkConnection, type ConnectionAttempt, type ConnectionCheck } from '../graph/connection';
import { edgeId, fromGraph, toFlowEdge, toFlowNode, toGraph } from '../graph/convert';
import { decorateEdges } from '../graph/decorate';
import { uniqueNodeId } from '../graph/ids';
import type { FlowEdge, FlowNode, XY } from '../graph/types';
import { emptyValidation, validateGraph, type Validation } from '../graph/validation';
import { emptyHistory, record, redo, undo, type History, type Snapshot } from './history';
import type { AppState, GetState, SetState, SliceCreator } from './types';

export interface GraphData {
  readonly name: string;
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  readonly rev: number;
  readonly history: History;
  readonly validation: Validation;
}

export interface GraphActions {
  /** Replaces the whole graph (open, new, restore); clears undo history. Returns the new revision. */
  load(graph: Graph): number;
  /** Renames the graph (after Save As); not an edit of the canvas. */
  rename(name: string): void;
  /** React Flow's node changes: selection and measuring pass through; a drag becomes one command. */
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  /** Adds an edge if the ports fit (replacing an edge already in that input); says why not otherwise. */
  connect(attempt: ConnectionAttempt): ConnectionCheck;
  /** Adds a node of `kind` with default params; returns its id (undefined for an unknown kind). */
  addNode(kind: string, position: XY, params?: Record<string, unknown>, coalesceKey?: string): string | undefined;
  /** Adds nodes and edges as one command and selects the new nodes (paste, templates). */
  insert(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): void;
  deleteElements(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  deleteSelection(): void;
  /** Merges params into a node's params. Edits with the same `coalesceKey` in a row undo together. */
  setParams(nodeId: string, params: Record<string, unknown>, coalesceKey?: string): void;
  /** Replaces a node's params (fields left out fall back to their defaults). */
  replaceParams(nodeId: string, params: Record<string, unknown>, coalesceKey?: string): void;
  setLabel(nodeId: string, label: string | undefined): void;
  /**
   * Applies a planned graph edit (a query-box "predict price from …") as one command: nodes and edges
   * added (the new nodes selected), edges removed, params replaced, nodes moved.
   */
  applyEdit(edit: GraphEdit): void;
  /** Replaces every node and edge with `graph`'s as one undoable command ("Restore this graph" of a run); keeps the name. */
  replaceAll(graph: Graph): void;
  /** Moves nodes (auto-layout) as one command. */
  setPositions(positions: Readonly<Record<string, XY>>): void;
  select(nodeIds: readonly string[]): void;
  selectAll(): void;
  copySelection(): Fragment;
  paste(fragment: Fragment, at?: XY): void;
  duplicateSelection(): void;
  /** Ends coalescing, so the next edit is a new undo step (e.g. when a field loses focus). */
  endCoalescing(): void;
  undo(): void;
  redo(): void;
}

export type GraphSlice = GraphData & GraphActions;

interface CommitOptions {
  /** The nodes' kinds, params or edges changed (not only positions or labels): re-validate. */
  readonly structural: boolean;
  readonly coalesceKey?: string;
}

function snapshot(g: GraphData): Snapshot {
  return { nodes: g.nodes, edges: g.edges, rev: g.rev };
}

function validate(name: string, nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Validation {
  return validateGraph(toGraph(name, nodes, edges));
}

/** Computes the slice after one command. Pure, exported for tests. */
export function commitGraph(g: GraphData, nodes: readonly FlowNode[], edges: readonly FlowEdge[], options: CommitOptions): Partial<GraphData> {
  const { history, rev } = record(g.history, g.history.dragStart ?? snapshot(g), options.coalesceKey ?? null);
  const validation = options.structural ? validate(g.name, nodes, edges) : g.validation;
  return {
    nodes,
    edges: options.structural ? decorateEdges(edges, nodes, validation) : edges,
    rev,
    history: { ...history, dragStart: null },
    validation,
  };
}

function deselected<T extends { selected?: boolean }>(items: readonly T[]): T[] {
  return items.map((item) => (item.selected === true ? { ...item, selected: false } : item));
}

export const createGraphSlice: SliceCreator<'graph'> = (set: SetState, get: GetState) => {
  const g = () => get().graph;
  const commit = (nodes: readonly FlowNode[], edges: readonly FlowEdge[], options: CommitOptions) => {
    set((s: AppState) => ({ graph: { ...s.graph, ...commitGraph(s.graph, nodes, edges, options) } }));
  };
  const setData = (data: Partial<GraphData>) => set((s: AppState) => ({ graph: { ...s.graph, ...data } }));
  const restore = (state: Snapshot, history: History) => {
    const validation = validate(g().name, state.nodes, state.edges);
    setData({ ...state, edges: decorateEdges(state.edges, state.nodes, validation), history, validation });
  };

  return {
    name: 'Untitled',
    nodes: [],
    edges: [],
    rev: 0,
    history: emptyHistory,
    validation: emptyValidation,

    load(graph) {
      const { nodes, edges } = fromGraph(graph);
      const rev = g().history.lastRev + 1;
      const validation = validate(graph.metadata.name, nodes, edges);
      setData({ name: graph.metadata.name, nodes, edges: decorateEdges(edges, nodes, validation), rev, history: { ...emptyHistory, lastRev: rev }, validation });
      return rev;
    },

    rename(name) {
      setData({ name });
    },

    onNodesChange(changes) {
      const state = g();
      const dragging = changes.some((c) => c.type === 'position' && c.dragging === true);
      const dropped = changes.some((c) => c.type === 'position' && c.dragging === false);
      const kept = changes.filter((c) => c.type !== 'remove' && c.type !== 'add' && c.type !== 'replace');
      if (kept.length === 0) return;
      const nodes = applyNodeChanges(kept, state.nodes as FlowNode[]);
      if (dragging && state.history.dragStart === null) {
        setData({ nodes, history: { ...state.history, dragStart: snapshot(state) } });
      } else if (dropped && state.history.dragStart !== null) {
        commit(nodes, state.edges, { structural: false });
      } else {
        setData({ nodes });
      }
    },

    onEdgesChange(changes) {
      const kept = changes.filter((c) => c.type === 'select');
      if (kept.length > 0) setData({ edges: applyEdgeChanges(kept, g().edges as FlowEdge[]) });
    },

    connect(attempt) {
      const state = g();
      const byId = new Map(state.nodes.map((n) => [n.id, n]));
      const check = checkConnection(attempt, (id) => byId.get(id), state.edges);
      if (!check.ok) return check;
      const from = { node: attempt.source, port: attempt.sourceHandle ?? '' };
      const to = { node: attempt.target, port: attempt.targetHandle ?? '' };
      const edges = state.edges.filter((e) => !(e.target === to.node && e.targetHandle === to.port));
      edges.push({ id: edgeId(from, to), source: from.node, sourceHandle: from.port, target: to.node, targetHandle: to.port });
      commit(state.nodes, edges, { structural: true });
      return check;
    },

    addNode(kind, position, params, coalesceKey) {
      const spec = specForKind(kind);
      if (spec === undefined) return undefined;
      const state = g();
      const id = uniqueNodeId(kind, new Set(state.nodes.map((n) => n.id)));
      const defaults = spec.params.safeParse({});
      const node: FlowNode = {
        ...toFlowNode({ id, kind, version: spec.version, position, params: { ...(defaults.success ? (defaults.data as Record<string, unknown>) : {}), ...params } }),
        selected: true,
      };
      commit([...deselected(state.nodes), node], deselected(state.edges), { structural: true, ...(coalesceKey === undefined ? {} : { coalesceKey }) });
      return id;
    },

    insert(nodes, edges) {
      const state = g();
      const added = nodes.map((n) => ({ ...n, selected: true }));
      commit([...deselected(state.nodes), ...added], [...deselected(state.edges), ...edges], { structural: true });
    },

    deleteElements(nodeIds, edgeIds) {
      const state = g();
      const nodes = new Set(nodeIds);
      const dropEdges = new Set(edgeIds);
      const keptEdges = state.edges.filter((e) => !dropEdges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target));
      const keptNodes = state.nodes.filter((n) => !nodes.has(n.id));
      if (keptNodes.length === state.nodes.length && keptEdges.length === state.edges.length) return;
      commit(keptNodes, keptEdges, { structural: true });
    },

    deleteSelection() {
      const state = g();
      get().graph.deleteElements(
        state.nodes.filter((n) => n.selected === true).map((n) => n.id),
        state.edges.filter((e) => e.selected === true).map((e) => e.id),
      );
    },

    setParams(nodeId, params, coalesceKey) {
      const state = g();
      const nodes = state.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, params: { ...n.data.params, ...params } } } : n));
      commit(nodes, state.edges, { structural: true, ...(coalesceKey === undefined ? {} : { coalesceKey }) });
    },

    replaceParams(nodeId, params, coalesceKey) {
      const state = g();
      const nodes = state.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, params } } : n));
      commit(nodes, state.edges, { structural: true, ...(coalesceKey === undefined ? {} : { coalesceKey }) });
    },

    setLabel(nodeId, label) {
      const state = g();
      const nodes = state.nodes.map((n) => {
        if (n.id !== nodeId) return n;
        const { label: _old, ...data } = n.data;
        return { ...n, data: label === undefined || label.trim() === '' ? data : { ...data, label } };
      });
      commit(nodes, state.edges, { structural: true, coalesceKey: `label:${nodeId}` });
    },

    applyEdit(edit) {
      const state = g();
      const removed = new Set(edit.removeEdges);
      const params = new Map(edit.setParams.map((p) => [p.nodeId, p.params]));
      const moves = new Map(edit.moveNodes.map((m) => [m.nodeId, m.position]));
      const nodes = deselected(state.nodes).map((n) => {
        const p = params.get(n.id);
        const at = moves.get(n.id);
        if (p === undefined && at === undefined) return n;
        return { ...n, ...(at === undefined ? {} : { position: { x: at.x, y: at.y } }), ...(p === undefined ? {} : { data: { ...n.data, params: p } }) };
      });
      const added = edit.addNodes.map((n) => ({ ...toFlowNode(n), selected: true }));
      // New edges get the canvas's own edge ids (the edit names only the edges it removes).
      const edges = [...deselected(state.edges).filter((e) => !removed.has(e.id)), ...edit.addEdges.map((e) => ({ ...toFlowEdge(e), id: edgeId(e.from, e.to) }))];
      commit([...nodes, ...added], edges, { structural: true });
    },

    replaceAll(graph) {
      const { nodes, edges } = fromGraph(graph);
      commit(nodes, edges, { structural: true });
    },

    setPositions(positions) {
      const state = g();
      const nodes = state.nodes.map((n) => {
        const p = positions[n.id];
        return p === undefined ? n : { ...n, position: { x: p.x, y: p.y } };
      });
      commit(nodes, state.edges, { structural: false });
    },

    select(nodeIds) {
      const ids = new Set(nodeIds);
      const state = g();
      setData({
        nodes: state.nodes.map((n) => (ids.has(n.id) === (n.selected === true) ? n : { ...n, selected: ids.has(n.id) })),
        edges: deselected(state.edges),
      });
    },

    selectAll() {
      get().graph.select(g().nodes.map((n) => n.id));
    },

    copySelection() {
      const state = g();
      return copyFragment(state.nodes, state.edges, new Set(state.nodes.filter((n) => n.selected === true).map((n) => n.id)));
    },

    paste(fragment, at) {
      const state = g();
      const pasted = pasteFragment(fragment, new Set(state.nodes.map((n) => n.id)), at);
      if (pasted.nodes.length === 0) return;
      get().graph.insert(pasted.nodes, pasted.edges);
    },

    duplicateSelection() {
      get().graph.paste(get().graph.copySelection());
    },

    endCoalescing() {
      const state = g();
      if (state.history.coalesceKey !== null) setData({ history: { ...state.history, coalesceKey: null } });
    },

    undo() {
      const state = g();
      const step = undo(state.history, snapshot(state));
      if (step === null) return;
      restore(step.state, step.history);
    },

    redo() {
      const state = g();
      const step = redo(state.history, snapshot(state));
      if (step === null) return;
      restore(step.state, step.history);
    },
  };
};
