/** Copy and paste of canvas fragments: the selected nodes and the edges between them. Pure. */
import type { GraphEdge, GraphNode } from '../../../engine/graph/schema';
import { edgeId, toFlowEdge, toFlowNode, toGraphEdge, toGraphNode } from './convert';
import { uniqueNodeId } from './ids';
import type { FlowEdge, FlowNode, XY } from './types';

export interface Fragment {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export function copyFragment(nodes: readonly FlowNode[], edges: readonly FlowEdge[], ids: ReadonlySet<string>): Fragment {
  return {
    nodes: nodes.filter((n) => ids.has(n.id)).map(toGraphNode),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(toGraphEdge),
  };
}

/**
 * New nodes (fresh ids, selected) and edges for a fragment. `at` places the fragment's top-left corner;
 * without it the copy lands 40 px right and below the original.
 */
export function pasteFragment(fragment: Fragment, takenIds: ReadonlySet<string>, at?: XY): { nodes: FlowNode[]; edges: FlowEdge[] } {
  if (fragment.nodes.length === 0) return { nodes: [], edges: [] };
  const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
  const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
  const dx = at === undefined ? 40 : at.x - minX;
  const dy = at === undefined ? 40 : at.y - minY;
  const taken = new Set(takenIds);
  const rename = new Map<string, string>();
  for (const node of fragment.nodes) {
    const id = uniqueNodeId(node.kind, taken);
    taken.add(id);
    rename.set(node.id, id);
  }
  const nodes = fragment.nodes.map((node) => ({
    ...toFlowNode({ ...node, id: rename.get(node.id) as string, position: { x: node.position.x + dx, y: node.position.y + dy } }),
    selected: true,
  }));
  const edges = fragment.edges.map((edge) => {
    const from = { node: rename.get(edge.from.node) as string, port: edge.from.port };
    const to = { node: rename.get(edge.to.node) as string, port: edge.to.port };
    return toFlowEdge({ id: edgeId(from, to), from, to });
  });
  return { nodes, edges };
}
