/**
 * The canvas's form of a graph: React Flow nodes and edges. Node data carries exactly what the graph
 * file stores (kind, version, params, label); handles are named by port, so an edge's sourceHandle is
 * an output port name and its targetHandle an input port name.
 */
import type { Edge, Node } from '@xyflow/react';

export interface NodeData extends Record<string, unknown> {
  readonly kind: string;
  readonly version: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly label?: string;
}

export type FlowNode = Node<NodeData, 'mw'>;
export type FlowEdge = Edge;

export const NODE_TYPE = 'mw';

/**
 * A node's size before React Flow has measured it (it is measured once rendered; with only visible
 * elements rendered, off-screen nodes never are). Fit view and auto-layout use it meanwhile.
 */
export const NODE_SIZE = { width: 208, height: 110 } as const;

/** A point on the canvas, in flow coordinates. */
export interface XY {
  readonly x: number;
  readonly y: number;
}
