import { z } from 'zod';
import { defineSpec } from '../spec';

export const imputeStrategies = ['mean', 'median', 'most-frequent', 'constant'] as const;

export const imputeParams = z.object({
  strategy: z
    .enum(imputeStrategies)
    .default('mean')
    .describe('How to fill a gap in a number column. Category columns always use the most frequent value, or the constant text.'),
  columns: z
    .array(z.string())
    .default([])
    .describe('Columns to fill. Empty: every feature column (each gets a fill value, so gaps that appear only in new data are filled too).')
    .meta({ columns: true }),
  fillNumber: z.number().default(0).describe('The number used by the "constant" strategy.'),
  fillText: z.string().default('missing').describe('The category used for category columns by the "constant" strategy.'),
  addIndicator: z.boolean().default(false).describe('Add a yes/no column "<column>_missing" for each column with gaps in the training rows, so the model can learn from missingness.'),
});
export type ImputeParams = z.infer<typeof imputeParams>;

export const imputeSpec = defineSpec({
  kind: 'impute',
  version: 1,
  title: 'Impute missing values',
  category: 'Transform',
  icon: '◌',
  docs:
    'Fills missing values. The fill value of each column (its mean, median or most frequent value) is learned from the training ' +
    'rows only and then used on every row, and later on new data at prediction time, so the test rows never influence it. ' +
    'Category columns are filled with their most frequent category (or the constant text). ' +
    'Optionally adds a yes/no column per column that had gaps, because the fact that a value is missing can itself be informative.',
  inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  params: imputeParams,
  summary: (p) => {
    const what = p.strategy === 'constant' ? `constant ${p.fillNumber} / "${p.fillText}"` : p.strategy.replace('-', ' ');
    const cols = p.columns.length === 0 ? 'all features' : `${p.columns.length} column${p.columns.length === 1 ? '' : 's'}`;
    return `${what}, ${cols}${p.addIndicator ? ', + indicators' : ''}`;
  },
});
