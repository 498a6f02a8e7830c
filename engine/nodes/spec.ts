/**
 * The pure half of a node kind: everything the canvas, the compiler and the docs need, no execution.
 */
import type { z } from 'zod';
import type { PortSpec } from './ports';

export const nodeCategories = ['Data', 'Transform', 'Model', 'Evaluate', 'Report', 'MLOps'] as const;
export type NodeCategory = (typeof nodeCategories)[number];

export interface NodeSpec<P extends z.ZodType = z.ZodType, K extends string = string> {
  readonly kind: K;
  /** Bumped when params change shape; `migrate` upgrades params saved by older versions. */
  readonly version: number;
  readonly title: string;
  readonly category: NodeCategory;
  /** A short glyph shown on the node and in the palette. */
  readonly icon: string;
  /** One paragraph in the user's words: what the node does and when to use it. */
  readonly docs: string;
  readonly inputs: readonly PortSpec[];
  readonly outputs: readonly PortSpec[];
  /** Params schema with defaults; `params.parse({})` must give a usable node. */
  readonly params: P;
  /** One line for the node face, e.g. "test 20%, stratified". */
  summary(params: z.output<P>): string;
  /** Upgrades params saved by `fromVersion` (< version) to the current version's shape. */
  migrate?(params: Record<string, unknown>, fromVersion: number): Record<string, unknown>;
  /** Files this node reads, fingerprinted into its cache key (e.g. the CSV Source path). */
  files?(params: z.output<P>): string[];
}

/** Helper so each spec file keeps its params type without repeating it. */
export function defineSpec<P extends z.ZodType, const K extends string>(spec: NodeSpec<P, K>): NodeSpec<P, K> {
  return spec;
}
