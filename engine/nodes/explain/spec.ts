import { z } from 'zod';
import { defineSpec } from '../spec';

export const explainParams = z.object({
  repeats: z.number().int().min(1).max(100).default(5).describe('Times each column is shuffled; more repeats give steadier importances.'),
  metric: z
    .enum(['auto', 'accuracy', 'log_loss', 'r2', 'rmse'])
    .default('auto')
    .describe('The score whose drop measures importance. Auto: accuracy for classification, R² for regression.'),
  maxRows: z.number().int().min(10).max(1_000_000).default(5000).describe('Score at most this many rows (a seeded sample), to keep it quick.'),
  seed: z.number().int().default(0).describe('Seed of the shuffles and the row sample.'),
});
export type ExplainParams = z.infer<typeof explainParams>;

export const explainSpec = defineSpec({
  kind: 'explain',
  version: 1,
  title: 'Explain',
  category: 'Evaluate',
  icon: '★',
  docs:
    'Shows which columns the model relies on (permutation feature importance): each column in turn is shuffled across ' +
    'the test rows, breaking its link with the target, and the drop in the score is its importance. Shuffling is ' +
    'repeated to give a mean and a spread. Columns that Encode split into one column per category are shuffled together ' +
    'and reported under your original column name.',
  inputs: [
    { name: 'model', type: 'Model', label: 'Model' },
    { name: 'table', type: 'Table', label: 'Table' },
  ],
  outputs: [{ name: 'importance', type: 'Table', label: 'Importance' }],
  params: explainParams,
  summary: (p) => `${p.repeats} shuffles per column, ${p.metric === 'auto' ? 'headline metric' : p.metric}`,
});
