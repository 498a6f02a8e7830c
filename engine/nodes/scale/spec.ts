import { z } from 'zod';
import { defineSpec } from '../spec';

export const scaleParams = z.object({
  method: z
    .enum(['standard', 'min-max', 'robust'])
    .default('standard')
    .describe('Standard: mean 0, standard deviation 1. Min-max: from 0 to 1. Robust: median 0, interquartile range 1 (resists outliers).'),
  columns: z.array(z.string()).default([]).describe('Number columns to scale. Empty: every number and date feature column (not yes/no columns).').meta({ columns: true }),
});
export type ScaleParams = z.infer<typeof scaleParams>;

export const scaleSpec = defineSpec({
  kind: 'scale',
  version: 1,
  title: 'Scale',
  category: 'Transform',
  icon: '⇲',
  docs:
    'Puts number columns on a common scale so no column dominates because of its units, which helps neural networks and ' +
    'linear models train. The centre and spread of each column are learned from the training rows only and reused on new data. ' +
    'A column with no spread (all values equal) is only centred.',
  inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  params: scaleParams,
  summary: (p) => `${p.method}, ${p.columns.length === 0 ? 'all number features' : `${p.columns.length} column${p.columns.length === 1 ? '' : 's'}`}`,
});
