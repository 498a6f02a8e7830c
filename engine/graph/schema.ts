/**
 * Graph file format v1: the saved form of a canvas. Validators first; types are inferred from them.
 * The same schemas check project files on disk, IPC/WebSocket payloads and CLI input.
 */
import { z } from 'zod';

export const GRAPH_FORMAT = 'modelwright.graph';
export const GRAPH_VERSION = 1;

const id = z.string().min(1).max(200);

export const graphNodeSchema = z.object({
  id,
  kind: z.string().min(1).max(100),
  /** Version of the node kind's spec that wrote `params` (kinds migrate their own params). */
  version: z.number().int().positive(),
  params: z.record(z.string(), z.unknown()),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  label: z.string().max(200).optional(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const portRefSchema = z.object({ node: id, port: z.string().min(1).max(100) });
export type PortRef = z.infer<typeof portRefSchema>;

export const graphEdgeSchema = z.object({ id, from: portRefSchema, to: portRefSchema });
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphMetadataSchema = z.object({
  name: z.string().max(200).default('Untitled'),
  description: z.string().max(10_000).optional(),
  created: z.string().optional(),
  modified: z.string().optional(),
});

export const graphSchema = z.object({
  format: z.literal(GRAPH_FORMAT),
  version: z.literal(GRAPH_VERSION),
  metadata: graphMetadataSchema,
  nodes: z.array(graphNodeSchema).max(10_000),
  edges: z.array(graphEdgeSchema).max(50_000),
});
export type Graph = z.infer<typeof graphSchema>;

export function emptyGraph(name = 'Untitled'): Graph {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, metadata: { name }, nodes: [], edges: [] };
}
