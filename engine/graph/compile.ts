/**
 * compile(graph) → Plan | errors. Pure (the renderer runs it on every edit to show inline errors).
 * Checks: unknown kinds, kind versions (migrating params), params against each kind's schema (with the
 * field path), edges to missing nodes/ports, port-type mismatches, inputs with two edges, missing required
 * inputs and cycles. Orders steps topologically and gives each a cache key that changes when anything it
 * depends on changes: kind, kind version, params, the keys of its inputs and the fingerprints of its files.
 */
import type { z } from 'zod';
import { MwError, type ErrorInfo } from '../errors';
import type { NodeSpec } from '../nodes/spec';
import { hashValue } from '../util/hash';
import type { Graph, GraphNode, PortRef } from './schema';

export interface PlanStep {
  readonly nodeId: string;
  readonly kind: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Input port name → the output it reads. */
  readonly inputs: Readonly<Record<string, PortRef>>;
  readonly cacheKey: string;
}

export interface Plan {
  readonly steps: readonly PlanStep[];
}

export type CompileResult =
  | { readonly ok: true; readonly plan: Plan; readonly errors: readonly [] }
  | { readonly ok: false; readonly errors: readonly ErrorInfo[]; readonly plan?: undefined };

export interface CompileOptions {
  /** Compile only what is needed to run this node (Run to selected). */
  readonly upTo?: string;
  /** Node id → fingerprint of the files it reads (SHA-256), so file edits invalidate caches. */
  readonly fingerprints?: Readonly<Record<string, string>>;
}

export type SpecLookup = (kind: string) => NodeSpec | undefined;

function err(code: ConstructorParameters<typeof MwError>[0], message: string, location: ErrorInfo['location'], details?: Record<string, unknown>): ErrorInfo {
  return new MwError(code, { message, location, ...(details === undefined ? {} : { details }) }).toInfo();
}

/** Validates one node's params (after migrating them to the current kind version). */
export function validateParams(node: GraphNode, spec: NodeSpec): { ok: true; params: Record<string, unknown> } | { ok: false; errors: ErrorInfo[] } {
  if (node.version > spec.version) {
    return { ok: false, errors: [err('MW_NODE_KIND_TOO_NEW', `"${label(node, spec)}" was saved by version ${node.version} of ${spec.title}; this Modelwright has version ${spec.version}.`, { nodeId: node.id })] };
  }
  let raw = node.params;
  if (node.version < spec.version) {
    raw = spec.migrate === undefined ? raw : spec.migrate(raw, node.version);
  }
  const parsed = (spec.params as z.ZodType).safeParse(raw);
  if (parsed.success) return { ok: true, params: parsed.data as Record<string, unknown> };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      return err('MW_NODE_INVALID_PARAMS', `${label(node, spec)}: ${field === '' ? 'parameters' : `"${field}"`}: ${issue.message}.`, { nodeId: node.id, field });
    }),
  };
}

function label(node: GraphNode, spec: NodeSpec | undefined): string {
  return node.label ?? spec?.title ?? node.kind;
}

export function compile(graph: Graph, lookup: SpecLookup, options: CompileOptions = {}): CompileResult {
  const errors: ErrorInfo[] = [];
  const nodes = new Map<string, GraphNode>();
  for (const node of graph.nodes) {
    if (nodes.has(node.id)) errors.push(err('MW_GRAPH_DUPLICATE_ID', `Two nodes have the id "${node.id}".`, { nodeId: node.id }));
    nodes.set(node.id, node);
  }

  const specs = new Map<string, NodeSpec>();
  const params = new Map<string, Record<string, unknown>>();
  for (const node of nodes.values()) {
    const spec = lookup(node.kind);
    if (spec === undefined) {
      errors.push(err('MW_NODE_UNKNOWN_KIND', `Unknown node kind "${node.kind}".`, { nodeId: node.id }, { kind: node.kind }));
      continue;
    }
    specs.set(node.id, spec);
    const result = validateParams(node, spec);
    if (result.ok) params.set(node.id, result.params);
    else errors.push(...result.errors);
  }

  // Edges: both ends exist, ports exist, types match, one edge per input.
  const incoming = new Map<string, Map<string, PortRef>>();
  // Inputs whose edge was refused for its type: already reported on the edge, not again as "missing input".
  const mistyped = new Set<string>();
  const edgeIds = new Set<string>();
  for (const edge of graph.edges) {
    if (edgeIds.has(edge.id)) errors.push(err('MW_GRAPH_DUPLICATE_ID', `Two edges have the id "${edge.id}".`, { edgeId: edge.id }));
    edgeIds.add(edge.id);
    const from = nodes.get(edge.from.node);
    const to = nodes.get(edge.to.node);
    if (from === undefined || to === undefined) {
      const missing = from === undefined ? edge.from.node : edge.to.node;
      errors.push(err('MW_EDGE_MISSING_NODE', `The edge "${edge.id}" points to node "${missing}", which does not exist.`, { edgeId: edge.id }));
      continue;
    }
    const fromSpec = specs.get(from.id);
    const toSpec = specs.get(to.id);
    if (fromSpec === undefined || toSpec === undefined) continue; // unknown kind already reported
    const out = fromSpec.outputs.find((p) => p.name === edge.from.port);
    const inp = toSpec.inputs.find((p) => p.name === edge.to.port);
    if (out === undefined || inp === undefined) {
      const [node, port, side] = out === undefined ? [from, edge.from.port, 'output'] : [to, edge.to.port, 'input'];
      errors.push(err('MW_EDGE_MISSING_PORT', `${label(node, specs.get(node.id))} has no ${side} port "${port}".`, { edgeId: edge.id, nodeId: node.id, port }));
      continue;
    }
    if (out.type !== inp.type) {
      errors.push(err('MW_EDGE_TYPE_MISMATCH', `Cannot connect ${out.type} output "${out.label}" of ${label(from, fromSpec)} to ${inp.type} input "${inp.label}" of ${label(to, toSpec)}.`, { edgeId: edge.id, nodeId: to.id, port: inp.name }));
      mistyped.add(`${to.id}\u0000${inp.name}`);
      continue;
    }
    const ports = incoming.get(to.id) ?? new Map<string, PortRef>();
    if (ports.has(inp.name)) {
      errors.push(err('MW_EDGE_INPUT_TAKEN', `Input "${inp.label}" of ${label(to, toSpec)} has more than one edge.`, { edgeId: edge.id, nodeId: to.id, port: inp.name }));
      continue;
    }
    ports.set(inp.name, edge.from);
    incoming.set(to.id, ports);
  }

  // Which nodes to compile: all, or the ancestors of `upTo`.
  let wanted: Set<string>;
  if (options.upTo === undefined) {
    wanted = new Set(nodes.keys());
  } else {
    if (!nodes.has(options.upTo)) {
      return { ok: false, errors: [...errors, err('MW_RUN_TARGET_UNKNOWN', `There is no node "${options.upTo}" to run up to.`, { nodeId: options.upTo })] };
    }
    wanted = new Set();
    const stack = [options.upTo];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (wanted.has(id)) continue;
      wanted.add(id);
      for (const ref of incoming.get(id)?.values() ?? []) stack.push(ref.node);
    }
  }

  for (const id of wanted) {
    const spec = specs.get(id);
    const node = nodes.get(id);
    if (spec === undefined || node === undefined) continue;
    for (const port of spec.inputs) {
      if (port.optional !== true && !(incoming.get(id)?.has(port.name) ?? false) && !mistyped.has(`${id}\u0000${port.name}`)) {
        errors.push(err('MW_NODE_MISSING_INPUT', `${label(node, spec)} needs its "${port.label}" input (${port.type}) connected.`, { nodeId: id, port: port.name }));
      }
    }
  }

  const order = topologicalOrder(wanted, incoming);
  if (!order.ok) {
    const names = order.cycle.map((id) => { const n = nodes.get(id); return n === undefined ? id : label(n, specs.get(id)); });
    errors.push(err('MW_GRAPH_CYCLE', `The graph has a cycle: ${names.join(' → ')} → ${names[0] ?? ''}.`, { nodeId: order.cycle[0] ?? '' }, { cycle: order.cycle }));
  }
  if (errors.length > 0 || !order.ok) return { ok: false, errors };

  const keys = new Map<string, string>();
  const steps: PlanStep[] = [];
  for (const id of order.order) {
    const node = nodes.get(id) as GraphNode;
    const spec = specs.get(id) as NodeSpec;
    const stepParams = params.get(id) as Record<string, unknown>;
    const inputs = Object.fromEntries(incoming.get(id) ?? new Map<string, PortRef>());
    const inputKeys = Object.fromEntries(Object.entries(inputs).map(([port, ref]) => [port, `${keys.get(ref.node) ?? ''}:${ref.port}`]));
    const cacheKey = hashValue({ kind: spec.kind, version: spec.version, params: stepParams, inputs: inputKeys, files: options.fingerprints?.[id] ?? null });
    keys.set(id, cacheKey);
    steps.push({ nodeId: id, kind: node.kind, params: stepParams, inputs, cacheKey });
  }
  return { ok: true, plan: { steps }, errors: [] };
}

/** Kahn's algorithm; when nodes remain, walks back along inputs to report one concrete cycle. */
function topologicalOrder(wanted: Set<string>, incoming: Map<string, Map<string, PortRef>>): { ok: true; order: string[] } | { ok: false; cycle: string[] } {
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const id of wanted) indegree.set(id, 0);
  for (const id of wanted) {
    for (const ref of incoming.get(id)?.values() ?? []) {
      if (!wanted.has(ref.node)) continue;
      indegree.set(id, (indegree.get(id) ?? 0) + 1);
      const list = dependents.get(ref.node) ?? [];
      list.push(id);
      dependents.set(ref.node, list);
    }
  }
  // Start from nodes in graph order so equal graphs give equal plans.
  const queue = [...wanted].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    order.push(id);
    for (const next of dependents.get(id) ?? []) {
      const d = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, d);
      if (d === 0) queue.push(next);
    }
  }
  if (order.length === wanted.size) return { ok: true, order };
  const remaining = new Set([...wanted].filter((id) => (indegree.get(id) ?? 0) > 0));
  let current = [...remaining][0] as string;
  const seen: string[] = [];
  while (!seen.includes(current)) {
    seen.push(current);
    const prev = [...(incoming.get(current)?.values() ?? [])].find((ref) => remaining.has(ref.node));
    if (prev === undefined) break;
    current = prev.node;
  }
  const cycle = seen.slice(seen.indexOf(current)).reverse();
  return { ok: false, cycle };
}
