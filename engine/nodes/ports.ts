/**
 * Port types: what flows along an edge (DESIGN.md "Ports"). Pure: the renderer colours ports with these.
 */
import { z } from 'zod';

export const portTypeSchema = z.enum(['Table', 'Model', 'Predictions', 'Metrics', 'Report']);
export type PortType = z.infer<typeof portTypeSchema>;

export interface PortSpec {
  readonly name: string;
  readonly type: PortType;
  readonly label: string;
  /** An optional input may stay unconnected; outputs are never optional. */
  readonly optional?: boolean;
}

/** Colours used on the canvas and in reports, one per port type (colour-blind-safe Okabe–Ito palette). */
export const portColors: Record<PortType, string> = {
  Table: '#0072B2',
  Model: '#D55E00',
  Predictions: '#009E73',
  Metrics: '#CC79A7',
  Report: '#E69F00',
};
