/**
 * Train node parameters. Pure (zod only): the spec, the inspector form and saved projects use this schema.
 * Defaults are the "codeless" defaults measured in docs/quality.md (bench/quality.ts): one hidden layer of 64
 * ReLU units with dropout 0.3 and an L2 penalty of 0.01, Adam at 0.003, batches of 32, early stopping with
 * patience 30 on a 10% hold-out. They were chosen on the five reference datasets across three seeds; the
 * regularisation is what keeps small noisy tables (diabetes: 442 rows) level with ridge regression.
 * The default model is Auto (./auto.ts): it compares linear, network and tree models within `timeBudgetSeconds`.
 * Tree parameters (trees … rowFraction) apply to 'gradient-boosting' and 'random-forest'; early stopping and
 * patience (in boosting rounds) apply to boosting too.
 */
import { z } from 'zod';

export const modelKinds = ['auto', 'neural-network', 'linear', 'gradient-boosting', 'random-forest'] as const;
export type ModelKind = (typeof modelKinds)[number];

export const trainParams = z.object({
  model: z
    .enum(modelKinds)
    .default('auto')
    .describe('Auto tries linear, neural network and tree models within the time budget and keeps the best; or choose one: neural network, linear (linear/logistic regression), gradient-boosted trees, random forest.'),
  timeBudgetSeconds: z
    .number()
    .min(0)
    .max(86_400)
    .default(60)
    .describe('Auto: seconds to spend comparing models (0 trains one fast default model without comparing).'),
  task: z
    .enum(['auto', 'classification', 'regression'])
    .default('auto')
    .describe('Auto: classification for a category, yes/no or whole-number target with few values; regression otherwise.'),
  hiddenLayers: z
    .array(z.number().int().min(1).max(4096))
    .max(8)
    .default([64])
    .describe('Neurons in each hidden layer of the network, first to last.'),
  activation: z.enum(['relu', 'tanh', 'sigmoid']).default('relu').describe('Activation of the hidden layers.'),
  dropout: z.number().min(0).max(0.9).default(0.3).describe('Share of hidden neurons switched off at random in each training step.'),
  l2: z.number().min(0).max(10).default(0.01).describe('Weight penalty (L2): larger values give smoother models.'),
  optimizer: z.enum(['adam', 'sgd']).default('adam').describe('Adam, or stochastic gradient descent with momentum.'),
  learningRate: z.number().gt(0).max(1e9).default(0.003).describe('Step size of the optimiser.'),
  momentum: z.number().min(0).lt(1).default(0.9).describe('Momentum of SGD (ignored by Adam).'),
  epochs: z.number().int().min(0).max(100_000).default(300).describe('Most passes over the training rows.'),
  batchSize: z.number().int().min(1).max(65_536).default(32).describe('Rows per training step.'),
  earlyStopping: z.boolean().default(true).describe('Stop when the validation loss stops improving, and keep the best weights.'),
  patience: z.number().int().min(1).max(10_000).default(30).describe('Epochs without improvement before early stopping.'),
  validationFraction: z
    .number()
    .min(0)
    .max(0.5)
    .default(0.1)
    .describe('Share of training rows held out for early stopping when the table has no validation partition.'),
  trees: z.number().int().min(1).max(10_000).default(200).describe('Trees: boosting rounds, or trees in the forest.'),
  treeLearningRate: z.number().gt(0).max(1).default(0.1).describe('Trees: shrinkage of each boosting round (gradient boosting only).'),
  maxDepth: z.number().int().min(1).max(128).nullable().default(null).describe('Trees: deepest level a tree may grow to (empty: no limit).'),
  maxLeaves: z.number().int().min(2).max(131_072).nullable().default(null).describe('Trees: most leaves per tree (empty: 31 for boosting, no limit for forests).'),
  minSamplesLeaf: z
    .number()
    .int()
    .min(1)
    .nullable()
    .default(null)
    .describe('Trees: fewest training rows in a leaf (empty: 20 for boosting, 1 for forests).'),
  treeL2: z.number().min(0).max(1e6).default(0).describe('Trees: L2 penalty on leaf values (gradient boosting only).'),
  featureFraction: z
    .number()
    .gt(0)
    .max(1)
    .nullable()
    .default(null)
    .describe('Trees: share of features each tree (boosting) or split (forest) may use (empty: all for boosting, √n for forest classification).'),
  rowFraction: z.number().gt(0).max(1).default(1).describe('Trees: share of training rows drawn for each tree.'),
  classWeights: z.enum(['none', 'balanced']).default('none').describe('Balanced: rare classes count more, for imbalanced targets.'),
  seed: z.number().int().default(42).describe('Seed of weight initialisation, shuffling and dropout.'),
});
export type TrainParams = z.output<typeof trainParams>;
