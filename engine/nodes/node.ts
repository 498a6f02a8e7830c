/** A node kind's full definition: its pure spec plus the function that executes it (engine only). */
import type { z } from 'zod';
import type { ExecContext } from '../run/context';
import type { NodeSpec } from './spec';
import type { NodeInputs, NodeOutputs } from './values';

export type Execute<P> = (inputs: NodeInputs, params: P, ctx: ExecContext) => Promise<NodeOutputs>;

export interface NodeDefinition {
  readonly spec: NodeSpec;
  /** Params arrive validated by `spec.params` (the compiler parsed them). */
  execute(inputs: NodeInputs, params: Readonly<Record<string, unknown>>, ctx: ExecContext): Promise<NodeOutputs>;
}

/** Ties an execute function to its spec's params type, so each node folder stays fully typed. */
export function defineNode<P extends z.ZodType, K extends string>(spec: NodeSpec<P, K>, execute: Execute<z.output<P>>): NodeDefinition {
  return {
    spec: spec as unknown as NodeSpec,
    execute: (inputs, params, ctx) => execute(inputs, params as z.output<P>, ctx),
  };
}
