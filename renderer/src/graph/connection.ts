/**
 * Whether an edge may be drawn between two ports, and if not, why (shown to the user). Mirrors the
 * compiler's edge checks so the canvas refuses what compile() would reject.
 */
import { specForKind } from '../../../engine/nodes/specs';
import type { PortSpec } from '../../../engine/nodes/ports';
import type { FlowEdge, FlowNode } from './types';

export interface ConnectionAttempt {
  readonly source: string;
  readonly sourceHandle?: string | null | undefined;
  readonly target: string;
  readonly targetHandle?: string | null | undefined;
}

export type ConnectionCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function outputPort(node: FlowNode | undefined, port: string | null | undefined): PortSpec | undefined {
  if (node === undefined) return undefined;
  return specForKind(node.data.kind)?.outputs.find((p) => p.name === port);
}

export function inputPort(node: FlowNode | undefined, port: string | null | undefined): PortSpec | undefined {
  if (node === undefined) return undefined;
  return specForKind(node.data.kind)?.inputs.find((p) => p.name === port);
}

function title(node: FlowNode): string {
  return node.data.label ?? specForKind(node.data.kind)?.title ?? node.data.kind;
}

/** `nodeById` and `edges` are the current canvas; a taken input is allowed (the new edge replaces the old). */
export function checkConnection(attempt: ConnectionAttempt, nodeById: (id: string) => FlowNode | undefined, edges: readonly FlowEdge[]): ConnectionCheck {
  if (attempt.source === attempt.target) return { ok: false, reason: 'A node cannot feed its own input.' };
  const from = nodeById(attempt.source);
  const to = nodeById(attempt.target);
  if (from === undefined || to === undefined) return { ok: false, reason: 'Connect two nodes on the canvas.' };
  const out = outputPort(from, attempt.sourceHandle);
  const inp = inputPort(to, attempt.targetHandle);
  if (out === undefined || inp === undefined) return { ok: false, reason: 'Drag from an output port (right) to an input port (left).' };
  if (out.type !== inp.type) {
    return { ok: false, reason: `${title(from)} gives a ${out.type}, but "${inp.label}" of ${title(to)} takes a ${inp.type}.` };
  }
  if (createsCycle(attempt.source, attempt.target, edges)) {
    return { ok: false, reason: `${title(to)} already feeds ${title(from)}; this edge would make a loop.` };
  }
  return { ok: true };
}

/** True when `target` already reaches `source` along edges (so source → target closes a cycle). */
function createsCycle(source: string, target: string, edges: readonly FlowEdge[]): boolean {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const list = out.get(e.source) ?? [];
    list.push(e.target);
    out.set(e.source, list);
  }
  const stack = [target];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === source) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return false;
}
