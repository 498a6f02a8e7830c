import { defineSpec } from '../spec';
import { trainParams } from '../../ml/train/params';

export { trainParams, type TrainParams } from '../../ml/train/params';

export const trainSpec = defineSpec({
  kind: 'train',
  // Version 2 made Auto the default model. Version 1 graphs that left the model unset meant the neural network.
  version: 2,
  title: 'Train',
  category: 'Model',
  icon: '◉',
  docs:
    'Trains a model on the training rows to predict the target. It decides by itself whether the target is a category ' +
    '(classification) or a number (regression). The default, Auto, compares a linear model, gradient-boosted trees, a ' +
    'random forest and a small neural network (and a few variations) within a time budget, scoring each on rows it did ' +
    'not learn from, keeps the best and shows the leaderboard. Any of them can also be chosen directly. ' +
    'Number targets are standardised while training. The model remembers every preprocessing step, so Predict can ' +
    'apply exactly the same steps to new data.',
  inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  outputs: [{ name: 'model', type: 'Model', label: 'Model' }],
  params: trainParams,
  migrate: (params, fromVersion) => (fromVersion < 2 && params['model'] === undefined ? { ...params, model: 'neural-network' } : params),
  summary: (p) => {
    if (p.model === 'auto') return `auto: best of linear, trees and network within ${p.timeBudgetSeconds} s`;
    if (p.model === 'gradient-boosting') return `gradient boosting, ≤${p.trees} trees, lr ${p.treeLearningRate}${p.earlyStopping ? ', early stopping' : ''}`;
    if (p.model === 'random-forest') return `random forest, ${p.trees} trees`;
    const what = p.model === 'linear' ? 'linear model' : `network ${p.hiddenLayers.join('-') || 'linear'}`;
    return `${what}, ${p.optimizer} lr ${p.learningRate}, ≤${p.epochs} epochs${p.earlyStopping ? ', early stopping' : ''}`;
  },
});
