import { z } from 'zod';
import { defineSpec } from '../spec';

export const evaluateParams = z.object({
  folds: z.number().int().min(2).max(20).default(5).describe('Folds of cross-validation, used only when no Split node marked test rows.'),
  resamples: z.number().int().min(100).max(10_000).default(1000).describe('Bootstrap resamples for the 95% confidence interval of the headline metric.'),
  seed: z.number().int().default(0).describe('Seed of the cross-validation folds and the bootstrap.'),
});
export type EvaluateParams = z.infer<typeof evaluateParams>;

export const evaluateSpec = defineSpec({
  kind: 'evaluate',
  version: 1,
  title: 'Evaluate',
  category: 'Evaluate',
  icon: '✓',
  docs:
    'Scores the model on the test rows it never saw (and on the training rows, to show over-fitting), with a 95% ' +
    'confidence interval for the headline metric. Classification: accuracy, balanced accuracy, precision, recall, F1, ' +
    'ROC AUC, log loss, confusion matrix, ROC and precision-recall curves, calibration. Regression: R², MAE, RMSE, ' +
    'residuals and predicted-versus-actual. Without a Split node upstream it says so and uses k-fold cross-validation, ' +
    'retraining the model once per fold.',
  inputs: [
    { name: 'model', type: 'Model', label: 'Model' },
    { name: 'table', type: 'Table', label: 'Table' },
  ],
  outputs: [{ name: 'metrics', type: 'Metrics', label: 'Metrics' }],
  params: evaluateParams,
  summary: (p) => `test rows, or ${p.folds}-fold CV without a Split`,
});
