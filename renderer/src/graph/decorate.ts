/**
 * Edge looks derived from the graph: coloured by the port type they carry, red when compile() rejects
 * them. Returns the same edge object when nothing changed, so React Flow re-renders only what moved.
 */
import { portColors } from '../../../engine/nodes/ports';
import { outputPort } from './connection';
import type { FlowEdge, FlowNode } from './types';
import type { Validation } from './validation';

export function decorateEdges(edges: readonly FlowEdge[], nodes: readonly FlowNode[], validation: Validation): FlowEdge[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return edges.map((edge) => {
    const type = outputPort(byId.get(edge.source), edge.sourceHandle)?.type;
    const invalid = validation.byEdge[edge.id] !== undefined;
    const className = invalid ? 'mw-edge mw-edge-invalid' : 'mw-edge';
    const stroke = invalid ? '#D92D20' : type === undefined ? '#98A2B3' : portColors[type];
    if (edge.className === className && edge.style?.stroke === stroke) return edge;
    return { ...edge, className, style: { ...edge.style, stroke } };
  });
}
