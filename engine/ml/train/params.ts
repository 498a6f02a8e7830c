/**
 * Train node parameters. Pure (zod only): the spec, the inspector form and saved projects use this schema.
 * Defaults are the "codeless" defaults measured in docs/quality.md (bench/quality.ts): one hidden layer of 64
 * ReLU units with dropout 0.3 and an L2 penalty of 0.01, Adam at 0.003, batches of 32, early stopping with
 * patience 30 on a 10% hold-out. They were chosen on the five reference datasets across three seeds; the
 * regularisation is what keeps small noisy tables (diabetes: 442 rows) level with ridge regression.
 */
import { z } from 'zod';

export const modelKinds = ['neural-network', 'linear'] as const;

export const trainParams = z.object({
  model: z
    .enum(modelKinds)
    .default('neural-network')
    .describe('Neural network, or a linear model (linear regression for numbers, logistic regression for classes).'),
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
  classWeights: z.enum(['none', 'balanced']).default('none').describe('Balanced: rare classes count more, for imbalanced targets.'),
  seed: z.number().int().default(42).describe('Seed of weight initialisation, shuffling and dropout.'),
});
export type TrainParams = z.output<typeof trainParams>;
