/** Runtime values carried by ports, tagged with their port type so a mismatch is caught, not guessed. */
import type { Table } from '../data/table';
import type { ModelBundle } from '../ml/model';
import type { Predictions } from '../ml/predictions';
import type { MetricsResult } from '../ml/metrics/types';
import type { ReportDocument } from '../report/document';
import type { PortType } from './ports';
import { MwError } from '../errors';

export interface PortValueTypes {
  Table: Table;
  Model: ModelBundle;
  Predictions: Predictions;
  Metrics: MetricsResult;
  Report: ReportDocument;
}

export type PortValue = { [K in PortType]: { readonly type: K; readonly value: PortValueTypes[K] } }[PortType];

export type NodeInputs = Readonly<Record<string, PortValue | undefined>>;
export type NodeOutputs = Readonly<Record<string, PortValue>>;

export function portValue<K extends PortType>(type: K, value: PortValueTypes[K]): PortValue {
  return { type, value } as PortValue;
}

/** Reads a required input of the given type; the compiler guarantees presence, this guards the type. */
export function requireInput<K extends PortType>(inputs: NodeInputs, port: string, type: K): PortValueTypes[K] {
  const v = inputs[port];
  if (v === undefined) throw new MwError('MW_NODE_MISSING_INPUT', { message: `Input "${port}" is not connected.`, location: { port } });
  if (v.type !== type) throw new MwError('MW_EDGE_TYPE_MISMATCH', { message: `Input "${port}" expects ${type} but received ${v.type}.`, location: { port } });
  return v.value as PortValueTypes[K];
}

export function optionalInput<K extends PortType>(inputs: NodeInputs, port: string, type: K): PortValueTypes[K] | undefined {
  return inputs[port] === undefined ? undefined : requireInput(inputs, port, type);
}
