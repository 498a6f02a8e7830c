import { z } from 'zod';
import { defineSpec } from '../spec';

export const selectColumnsParams = z.object({
  target: z.string().default('').describe('The column to predict. Leave empty for no target.').meta({ column: true }),
  features: z
    .array(z.string())
    .default([])
    .describe('Columns the model learns from. Empty: every other column except text, identifiers and the ignored ones.')
    .meta({ columns: true }),
  ignored: z.array(z.string()).default([]).describe('Columns kept in the table but not used by the model.').meta({ columns: true }),
});
export type SelectColumnsParams = z.infer<typeof selectColumnsParams>;

export const selectColumnsSpec = defineSpec({
  kind: 'select-columns',
  version: 1,
  title: 'Select Columns',
  category: 'Data',
  icon: '☰',
  docs:
    'Says what each column is for: the target is the column to predict, features are the columns the model learns from, ' +
    'and ignored columns are carried along but not used. By default every column other than the target becomes a feature, ' +
    'except free text and identifiers (such as names or ids), which rarely help a model. Nothing is removed from the table.',
  inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  params: selectColumnsParams,
  summary: (p) => {
    const target = p.target === '' ? 'no target' : `target ${p.target}`;
    const features = p.features.length === 0 ? 'all other features' : `${p.features.length} feature${p.features.length === 1 ? '' : 's'}`;
    return `${target}, ${features}`;
  },
});
