/** Accent colour per palette category (node headers and palette groups). */
import type { NodeCategory } from '../../../engine/nodes/spec';

export const categoryColors: Record<NodeCategory, string> = {
  Data: '#0072B2',
  Transform: '#009E73',
  Model: '#D55E00',
  Evaluate: '#CC79A7',
  Report: '#E69F00',
  MLOps: '#56B4E9',
};
