/**
 * "Build a model for this": the one place that names node kinds. From a data source it lays out
 * Select Columns (with the target) → Split → Impute → Encode → Scale → Train → Evaluate, wired by port
 * type, with each kind's default params. A missing kind is an error, never a silently shorter chain.
 */
import { specForKind } from '../../../engine/nodes/specs';
import type { NodeSpec } from '../../../engine/nodes/spec';
import { edgeId, toFlowEdge, toFlowNode } from './convert';
import { uniqueNodeId } from './ids';
import type { FlowEdge, FlowNode } from './types';

export const modelChainKinds = ['select-columns', 'split', 'impute', 'encode', 'scale', 'train', 'evaluate'] as const;

/** Distance between the chain's nodes; the chain wraps to a second row so it stays readable when fitted. */
const STEP_X = 250;
const STEP_Y = 190;
const PER_ROW = 4;

export function requireSpec(kind: string): NodeSpec {
  const spec = specForKind(kind);
  if (spec === undefined) throw new Error(`"Build a model" needs the node kind "${kind}", which is not registered in engine/nodes/specs.ts.`);
  return spec;
}

/** Default params of a kind, with overrides for the fields the template sets (e.g. the target). */
export function defaultParams(spec: NodeSpec, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = spec.params.parse({}) as Record<string, unknown>;
  return { ...base, ...overrides };
}

export function buildModelChain(source: FlowNode, target: string, takenIds: ReadonlySet<string>): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const specs = modelChainKinds.map(requireSpec);
  const sourceSpec = requireSpec(source.data.kind);
  const taken = new Set(takenIds);
  const chain: { node: FlowNode; spec: NodeSpec }[] = [{ node: source, spec: sourceSpec }];
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  specs.forEach((spec, i) => {
    const id = uniqueNodeId(spec.kind, taken);
    taken.add(id);
    const params = defaultParams(spec, spec.kind === 'select-columns' ? { target } : {});
    const slot = i + 1; // the source is slot 0
    const position = { x: source.position.x + STEP_X * (slot % PER_ROW), y: source.position.y + STEP_Y * Math.floor(slot / PER_ROW) };
    const node = toFlowNode({ id, kind: spec.kind, version: spec.version, params, position });
    for (const input of spec.inputs) {
      if (input.optional === true) continue;
      const provider = [...chain].reverse().find((c) => c.spec.outputs.some((o) => o.type === input.type));
      const output = provider?.spec.outputs.find((o) => o.type === input.type);
      if (provider === undefined || output === undefined) {
        throw new Error(`"Build a model": nothing upstream of ${spec.title} gives a ${input.type} for its "${input.label}" input.`);
      }
      const from = { node: provider.node.id, port: output.name };
      const to = { node: id, port: input.name };
      edges.push(toFlowEdge({ id: edgeId(from, to), from, to }));
    }
    chain.push({ node, spec });
    nodes.push(node);
  });
  return { nodes, edges };
}
