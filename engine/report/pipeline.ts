/**
 * The pipeline block: the part of the graph that produced the report (the Report node and everything
 * upstream of it, which is exactly what its cache key covers), with each node's validated parameters and
 * its one-line summary as on the canvas.
 */
import type { z } from 'zod';
import { validateParams, type SpecLookup } from '../graph/compile';
import type { Graph } from '../graph/schema';
import type { Audience, PipelineBlock, PipelineNode } from './document';

/** Node ids the given node depends on, itself included. */
export function upstreamOf(graph: Graph, nodeId: string): Set<string> {
  const seen = new Set<string>([nodeId]);
  const stack = [nodeId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const edge of graph.edges) {
      if (edge.to.node !== id || seen.has(edge.from.node)) continue;
      seen.add(edge.from.node);
      stack.push(edge.from.node);
    }
  }
  return seen;
}

/** A parameter value as short text: lists joined, objects as compact JSON, long text cut. */
export function paramText(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value === '' ? '(empty)' : value;
  else if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) text = value.length === 0 ? '(none)' : value.map(String).join(', ');
  else if (typeof value === 'object' && value !== null) text = JSON.stringify(value);
  else text = String(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function isDefault(spec: { params: z.ZodType }, key: string, value: unknown): boolean {
  const defaults = spec.params.safeParse({});
  if (!defaults.success) return false;
  return JSON.stringify((defaults.data as Record<string, unknown>)[key]) === JSON.stringify(value);
}

/**
 * The pipeline that fed `nodeId`. Technical reports list every parameter; plain ones only those changed
 * from their defaults (the node's summary line says the rest).
 */
export function pipelineBlock(graph: Graph, nodeId: string, specs: SpecLookup, audience: Audience): PipelineBlock {
  const keep = upstreamOf(graph, nodeId);
  const nodes: PipelineNode[] = [];
  for (const node of graph.nodes) {
    if (!keep.has(node.id)) continue;
    const spec = specs(node.kind);
    if (spec === undefined) {
      nodes.push({ id: node.id, kind: node.kind, title: node.kind, category: 'Unknown', summary: 'unknown node kind', params: [] });
      continue;
    }
    const validated = validateParams(node, spec);
    const params = validated.ok ? validated.params : node.params;
    const summary = validated.ok ? spec.summary(validated.params) : 'invalid parameters';
    const shown = Object.entries(params).filter(([key, value]) => audience === 'technical' || !isDefault(spec, key, value));
    nodes.push({
      id: node.id,
      kind: node.kind,
      title: spec.title,
      ...(node.label !== undefined && node.label !== spec.title ? { label: node.label } : {}),
      category: spec.category,
      summary,
      params: shown.map(([key, value]) => ({ key, value: paramText(value) })),
      ...(node.id === nodeId ? { self: true } : {}),
    });
  }
  const edges = graph.edges
    .filter((e) => keep.has(e.from.node) && keep.has(e.to.node))
    .map((e) => {
      const from = graph.nodes.find((n) => n.id === e.from.node);
      const type = (from === undefined ? undefined : specs(from.kind))?.outputs.find((p) => p.name === e.from.port)?.type ?? 'Table';
      return { from: e.from.node, to: e.to.node, type };
    });
  return { kind: 'pipeline', nodes, edges };
}
