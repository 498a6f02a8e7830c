/**
 * The engine's registry: every node kind's spec with its execute function. Engine-only (pulls in
 * TensorFlow.js through the model nodes); the renderer uses ./specs.ts instead.
 */
import { csvSourceNode } from './csv-source/execute';
import { driftMonitorNode } from './drift-monitor/execute';
import { encodeNode } from './encode/execute';
import { evaluateNode } from './evaluate/execute';
import { exportCNode } from './export-c/execute';
import { explainNode } from './explain/execute';
import { filterRowsNode } from './filter-rows/execute';
import { gateNode } from './gate/execute';
import { imputeNode } from './impute/execute';
import type { NodeDefinition } from './node';
import { predictNode } from './predict/execute';
import { reportNode } from './report/execute';
import { scaleNode } from './scale/execute';
import { selectColumnsNode } from './select-columns/execute';
import { splitNode } from './split/execute';
import { syntheticSourceNode } from './synthetic-source/execute';
import { trainNode } from './train/execute';

export const nodeDefinitions: readonly NodeDefinition[] = [
  csvSourceNode,
  selectColumnsNode,
  filterRowsNode,
  splitNode,
  imputeNode,
  encodeNode,
  scaleNode,
  trainNode,
  evaluateNode,
  predictNode,
  explainNode,
  reportNode,
  gateNode,
  exportCNode,
  driftMonitorNode,
  syntheticSourceNode,
];

const byKind = new Map(nodeDefinitions.map((d) => [d.spec.kind, d]));

export function definitionForKind(kind: string): NodeDefinition | undefined {
  return byKind.get(kind);
}
