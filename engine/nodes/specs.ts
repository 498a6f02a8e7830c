/**
 * The pure registry of node kinds: specs only, safe for the renderer (palette, inspector, compile()).
 * Add a kind by importing its spec here and its definition in ./registry.ts. No directory scanning.
 */
import type { NodeSpec } from './spec';

export const nodeSpecs = [
] as const satisfies readonly NodeSpec[];

export type NodeKind = (typeof nodeSpecs)[number]['kind'];

const byKind = new Map<string, NodeSpec>(nodeSpecs.map((s: NodeSpec) => [s.kind, s]));

export function specForKind(kind: string): NodeSpec | undefined {
  return byKind.get(kind);
}
