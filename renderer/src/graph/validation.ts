/** Inline validation: runs the engine's pure compile() and files its errors under nodes and edges. */
import type { ErrorInfo } from '../../../engine/errors';
import { compile } from '../../../engine/graph/compile';
import type { Graph } from '../../../engine/graph/schema';
import { specForKind } from '../../../engine/nodes/specs';

export interface Validation {
  readonly ok: boolean;
  readonly byNode: Readonly<Record<string, readonly ErrorInfo[]>>;
  readonly byEdge: Readonly<Record<string, readonly ErrorInfo[]>>;
  /** Errors that name neither a node nor an edge. */
  readonly general: readonly ErrorInfo[];
  /**
   * Node id → cache key for every node whose upstream is valid: a node whose key moved since its last
   * run is stale. Nodes downstream of an error have no key.
   */
  readonly keys: Readonly<Record<string, string>>;
}

export const emptyValidation: Validation = { ok: true, byNode: {}, byEdge: {}, general: [], keys: {} };

export function validateGraph(graph: Graph): Validation {
  const result = compile(graph, specForKind);
  if (result.ok) return { ok: true, byNode: {}, byEdge: {}, general: [], keys: keysOf(result.plan.steps) };
  const byNode: Record<string, ErrorInfo[]> = {};
  const byEdge: Record<string, ErrorInfo[]> = {};
  const general: ErrorInfo[] = [];
  for (const error of result.errors) {
    const { edgeId, nodeId } = error.location;
    if (edgeId !== undefined) (byEdge[edgeId] ??= []).push(error);
    else if (nodeId !== undefined) (byNode[nodeId] ??= []).push(error);
    else general.push(error);
  }
  return { ok: false, byNode, byEdge, general, keys: validKeys(graph, result.errors) };
}

function keysOf(steps: readonly { nodeId: string; cacheKey: string }[]): Record<string, string> {
  return Object.fromEntries(steps.map((s) => [s.nodeId, s.cacheKey]));
}

/** Drops the nodes that have errors (and everything downstream) and compiles what is left. */
function validKeys(graph: Graph, firstErrors: readonly ErrorInfo[]): Record<string, string> {
  let current = graph;
  let errors = firstErrors;
  for (let round = 0; round < 8 && errors.length > 0; round++) {
    const bad = new Set<string>();
    for (const e of errors) {
      if (e.location.nodeId !== undefined) bad.add(e.location.nodeId);
      const edge = e.location.edgeId === undefined ? undefined : current.edges.find((x) => x.id === e.location.edgeId);
      if (edge !== undefined) bad.add(edge.to.node);
    }
    if (bad.size === 0) return {};
    const stack = [...bad];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      for (const edge of current.edges) {
        if (edge.from.node === id && !bad.has(edge.to.node)) {
          bad.add(edge.to.node);
          stack.push(edge.to.node);
        }
      }
    }
    current = {
      ...current,
      nodes: current.nodes.filter((n) => !bad.has(n.id)),
      edges: current.edges.filter((e) => !bad.has(e.from.node) && !bad.has(e.to.node)),
    };
    const result = compile(current, specForKind);
    if (result.ok) return keysOf(result.plan.steps);
    errors = result.errors;
  }
  return {};
}
