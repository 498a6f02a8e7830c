/**
 * The table flowing into a node, as far as the canvas knows it: the upstream node's last Table output,
 * or its data file's summary, walking further up when a node has not run yet. Column pickers use it.
 */
import { specForKind } from '../../../engine/nodes/specs';
import { filePathOf } from '../graph/file-field';
import type { AppState } from '../store/types';
import { fileTable, isTableSummary, type TableSummary } from './summaries';

export function tableOutputOf(state: AppState, nodeId: string, port?: string): TableSummary | undefined {
  const outputs = state.run.nodes[nodeId]?.outputs;
  if (outputs !== undefined) {
    const value = port === undefined ? Object.values(outputs).find(isTableSummary) : outputs[port];
    if (isTableSummary(value)) return value;
  }
  const node = state.graph.nodes.find((n) => n.id === nodeId);
  if (node === undefined) return undefined;
  const path = filePathOf(node.data);
  return path === undefined ? undefined : fileTable(state.project.files[path]);
}

export function upstreamTable(state: AppState, nodeId: string, seen: Set<string> = new Set()): TableSummary | undefined {
  if (seen.has(nodeId)) return undefined;
  seen.add(nodeId);
  const node = state.graph.nodes.find((n) => n.id === nodeId);
  const spec = node === undefined ? undefined : specForKind(node.data.kind);
  if (spec === undefined) return undefined;
  for (const input of spec.inputs.filter((p) => p.type === 'Table')) {
    const edge = state.graph.edges.find((e) => e.target === nodeId && e.targetHandle === input.name);
    if (edge === undefined) continue;
    const direct = tableOutputOf(state, edge.source, edge.sourceHandle ?? undefined);
    if (direct !== undefined) return direct;
    const further = upstreamTable(state, edge.source, seen);
    if (further !== undefined) return further;
  }
  return undefined;
}

export interface ColumnOption {
  readonly name: string;
  readonly type: string;
  readonly role: string;
}

export function upstreamColumns(state: AppState, nodeId: string): ColumnOption[] | undefined {
  return upstreamTable(state, nodeId)?.columns.map((c) => ({ name: c.name, type: c.type, role: c.role }));
}
