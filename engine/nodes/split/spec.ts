import { z } from 'zod';
import { defineSpec } from '../spec';

export const splitParams = z.object({
  test: z.number().gt(0).lt(1).default(0.2).describe('Fraction of rows held out to score the final model.'),
  validation: z.number().gte(0).lt(1).default(0.1).describe('Fraction of rows used during training to stop early and tune.'),
  stratify: z.boolean().default(true).describe('Keep the class proportions of the target the same in every part (classification targets).'),
  seed: z.number().int().default(42).describe('Random seed: the same seed gives the same split.'),
});
export type SplitParams = z.infer<typeof splitParams>;

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

export const splitSpec = defineSpec({
  kind: 'split',
  version: 1,
  title: 'Split',
  category: 'Data',
  icon: '⋔',
  docs:
    'Divides the rows into a training part, a validation part and a test part, at random but repeatably (the seed fixes the draw). ' +
    'Nothing is copied: each row is only marked with its part. Transforms downstream learn from the training rows only, and the test ' +
    'rows are kept aside to give an honest score. With stratification on, each part keeps the class proportions of the target; ' +
    'a class with a single row goes to the training rows, with a warning (and when most classes have a single row the split is random).',
  inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  params: splitParams,
  summary: (p) => `test ${percent(p.test)}, validation ${percent(p.validation)}${p.stratify ? ', stratified' : ''}, seed ${p.seed}`,
});
