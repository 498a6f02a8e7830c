/**
 * The engine's registry: every node kind's spec with its execute function. Engine-only (pulls in
 * TensorFlow.js through the model nodes); the renderer uses ./specs.ts instead.
 */
import type { NodeDefinition } from './node';

export const nodeDefinitions: readonly NodeDefinition[] = [
];

const byKind = new Map(nodeDefinitions.map((d) => [d.spec.kind, d]));

export function definitionForKind(kind: string): NodeDefinition | undefined {
  return byKind.get(kind);
}
