import { defineSpec } from '../spec';
import { trainParams } from '../../ml/train/params';

export { trainParams, type TrainParams } from '../../ml/train/params';

export const trainSpec = defineSpec({
  kind: 'train',
  version: 1,
  title: 'Train',
  category: 'Model',
  icon: '◉',
  docs:
    'Trains a model on the training rows to predict the target. It decides by itself whether the target is a category ' +
    '(classification) or a number (regression). The default is a small neural network that stops when the validation ' +
    'loss stops improving and keeps its best weights; a linear model (linear or logistic regression) is one click away. ' +
    'Number targets are standardised while training. The model remembers every preprocessing step, so Predict can ' +
    'apply exactly the same steps to new data.',
  inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  outputs: [{ name: 'model', type: 'Model', label: 'Model' }],
  params: trainParams,
  summary: (p) => {
    const what = p.model === 'linear' ? 'linear model' : `network ${p.hiddenLayers.join('-') || 'linear'}`;
    return `${what}, ${p.optimizer} lr ${p.learningRate}, ≤${p.epochs} epochs${p.earlyStopping ? ', early stopping' : ''}`;
  },
});
