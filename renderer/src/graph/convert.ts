/** Conversions between the saved graph format and React Flow's nodes and edges. Pure. */
import { emptyGraph, type Graph, type GraphEdge, type GraphNode } from '../../../engine/graph/schema';
import { NODE_SIZE, NODE_TYPE, type FlowEdge, type FlowNode } from './types';

export function toFlowNode(node: GraphNode): FlowNode {
  return {
    id: node.id,
    type: NODE_TYPE,
    position: { x: node.position.x, y: node.position.y },
    initialWidth: NODE_SIZE.width,
    initialHeight: NODE_SIZE.height,
    data: { kind: node.kind, version: node.version, params: node.params, ...(node.label === undefined ? {} : { label: node.label }) },
  };
}

export function edgeId(from: { node: string; port: string }, to: { node: string; port: string }): string {
  return `e:${from.node}.${from.port}->${to.node}.${to.port}`;
}

export function toFlowEdge(edge: GraphEdge): FlowEdge {
  return { id: edge.id, source: edge.from.node, sourceHandle: edge.from.port, target: edge.to.node, targetHandle: edge.to.port };
}

export function fromGraph(graph: Graph): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return { nodes: graph.nodes.map(toFlowNode), edges: graph.edges.map(toFlowEdge) };
}

export function toGraphNode(node: FlowNode): GraphNode {
  const { kind, version, params, label } = node.data;
  return {
    id: node.id,
    kind,
    version,
    params: { ...params },
    position: { x: Math.round(node.position.x * 100) / 100, y: Math.round(node.position.y * 100) / 100 },
    ...(label === undefined ? {} : { label }),
  };
}

export function toGraphEdge(edge: FlowEdge): GraphEdge {
  return { id: edge.id, from: { node: edge.source, port: edge.sourceHandle ?? '' }, to: { node: edge.target, port: edge.targetHandle ?? '' } };
}

export function toGraph(name: string, nodes: readonly FlowNode[], edges: readonly FlowEdge[]): Graph {
  const graph = emptyGraph(name);
  return { ...graph, nodes: nodes.map(toGraphNode), edges: edges.map(toGraphEdge) };
}
