/**
 * The pure registry of node kinds: specs only, safe for the renderer (palette, inspector, compile()).
 * Add a kind by importing its spec here and its definition in ./registry.ts. No directory scanning.
 */
import { csvSourceSpec } from './csv-source/spec';
import { driftMonitorSpec } from './drift-monitor/spec';
import { encodeSpec } from './encode/spec';
import { evaluateSpec } from './evaluate/spec';
import { exportCSpec } from './export-c/spec';
import { explainSpec } from './explain/spec';
import { filterRowsSpec } from './filter-rows/spec';
import { gateSpec } from './gate/spec';
import { imputeSpec } from './impute/spec';
import { predictSpec } from './predict/spec';
import { reportSpec } from './report/spec';
import { scaleSpec } from './scale/spec';
import { selectColumnsSpec } from './select-columns/spec';
import type { NodeSpec } from './spec';
import { splitSpec } from './split/spec';
import { syntheticSourceSpec } from './synthetic-source/spec';
import { trainSpec } from './train/spec';

export const nodeSpecs = [
  csvSourceSpec,
  selectColumnsSpec,
  filterRowsSpec,
  splitSpec,
  imputeSpec,
  encodeSpec,
  scaleSpec,
  trainSpec,
  evaluateSpec,
  predictSpec,
  explainSpec,
  reportSpec,
  gateSpec,
  exportCSpec,
  driftMonitorSpec,
  syntheticSourceSpec,
] as const satisfies readonly NodeSpec[];

export type NodeKind = (typeof nodeSpecs)[number]['kind'];

const byKind = new Map<string, NodeSpec>(nodeSpecs.map((s: NodeSpec) => [s.kind, s]));

export function specForKind(kind: string): NodeSpec | undefined {
  return byKind.get(kind);
}
