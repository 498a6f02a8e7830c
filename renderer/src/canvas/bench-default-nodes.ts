/**
 * Bench only (`npm run bench -- canvas`, see bench/canvas.ts). With `?bench=default-nodes` in the page's
 * URL the canvas draws the same graph with React Flow's built-in default nodes (a label, one handle per
 * side) instead of Modelwright's node faces, so the benchmark can compare drag frame times against them
 * in the same build. Edges lose their port names, since a default node has a single unnamed handle per
 * side. Without the flag the nodes and edges pass through untouched (the same arrays).
 */
import type { FlowEdge, FlowNode } from '../graph/types';

const enabled = typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('bench') === 'default-nodes';

// Per-object caches keep unchanged nodes and edges the same objects from one render to the next, as the
// store's own arrays do, so React Flow does no extra work for the variant.
const nodeCache = new WeakMap<FlowNode, FlowNode>();
const edgeCache = new WeakMap<FlowEdge, FlowEdge>();

function defaultNode(node: FlowNode): FlowNode {
  let shown = nodeCache.get(node);
  if (shown === undefined) {
    // 'default' is React Flow's built-in node type, which FlowNode (always 'mw') does not name.
    shown = { ...node, type: 'default', data: { ...node.data, label: node.data.label ?? node.data.kind } } as unknown as FlowNode;
    nodeCache.set(node, shown);
  }
  return shown;
}

function defaultEdge(edge: FlowEdge): FlowEdge {
  let shown = edgeCache.get(edge);
  if (shown === undefined) {
    shown = { ...edge, sourceHandle: null, targetHandle: null };
    edgeCache.set(edge, shown);
  }
  return shown;
}

/** The nodes and edges to draw: unchanged, or as default nodes when the bench flag is set. */
export function benchView(nodes: FlowNode[], edges: FlowEdge[]): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return enabled ? { nodes: nodes.map(defaultNode), edges: edges.map(defaultEdge) } : { nodes, edges };
}
