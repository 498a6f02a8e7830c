import { z } from 'zod';
import { defineSpec } from '../spec';

export const syntheticModes = ['classification', 'regression', 'twin'] as const;

export const syntheticSourceParams = z.object({
  mode: z
    .enum(syntheticModes)
    .default('classification')
    .describe('Generate a classification or regression problem, or a synthetic twin of the connected table.'),
  rows: z.number().int().min(1).max(10_000_000).default(1000).describe('Number of rows to make.'),
  features: z.number().int().min(1).max(1000).default(5).describe('Generated problems: number of feature columns (x1, x2, …).'),
  informative: z.number().int().min(1).max(1000).default(3).describe('Generated problems: how many features (the first ones) carry signal; the rest are noise.'),
  noise: z
    .number()
    .min(0)
    .default(0.05)
    .describe('Generated problems: classification, the share of labels reassigned at random (0–1); regression, the standard deviation of the noise added to the target.'),
  classes: z.number().int().min(2).max(50).default(2).describe('Classification: number of classes.'),
  classBalance: z
    .array(z.number().positive())
    .max(50)
    .default([])
    .describe('Classification: relative class sizes, one per class (e.g. 9, 1 for a 90/10 split); empty means balanced.'),
  seed: z.number().int().default(42).describe('Random seed: the same seed gives the same data.'),
});
export type SyntheticSourceParams = z.infer<typeof syntheticSourceParams>;

export const syntheticSourceSpec = defineSpec({
  kind: 'synthetic-source',
  version: 1,
  title: 'Synthetic Data',
  category: 'Data',
  icon: '✧',
  docs:
    'Makes data to practise or test with. Classification and regression modes generate a problem with the chosen rows, features, ' +
    'informative features, noise, class balance and seed. Twin mode makes a synthetic twin of the connected table: every column keeps ' +
    'its distribution (values, category shares, missing rate) and the columns keep their correlations (a Gaussian copula), while no real ' +
    'row is copied. A twin is for sharing or testing without the real data; it is not a privacy guarantee: rare values and small groups ' +
    'can still reveal the people in the data.',
  inputs: [{ name: 'table', type: 'Table', label: 'Table to twin', optional: true }],
  outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  params: syntheticSourceParams,
  summary: (p) =>
    p.mode === 'twin'
      ? `synthetic twin, ${p.rows} rows, seed ${p.seed} (not a privacy guarantee)`
      : `${p.mode}, ${p.rows} rows × ${p.features} features (${p.informative} informative)${p.mode === 'classification' ? `, ${p.classes} classes` : ''}, seed ${p.seed}`,
});
