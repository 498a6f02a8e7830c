import { z } from 'zod';
import { defineSpec } from '../spec';

export const predictParams = z.object({
  probabilities: z.boolean().default(true).describe('Add a probability column per class (classification models).'),
});
export type PredictParams = z.infer<typeof predictParams>;

export const predictSpec = defineSpec({
  kind: 'predict',
  version: 1,
  title: 'Predict',
  category: 'Model',
  icon: '➜',
  docs:
    'Uses a trained model on new rows, for example a second CSV Source with the same columns. The model repeats exactly ' +
    'the preprocessing it was trained with (the same fill values, categories and scaling); categories it never saw and ' +
    'missing values are handled as during training. The output is the input rows with the predicted label and a ' +
    'probability per class, or the predicted number. If a column the model needs is missing or holds the wrong kind ' +
    'of values, it says which columns it expects.',
  inputs: [
    { name: 'model', type: 'Model', label: 'Model' },
    { name: 'table', type: 'Table', label: 'New rows' },
  ],
  outputs: [{ name: 'predictions', type: 'Predictions', label: 'Predictions' }],
  params: predictParams,
  summary: (p) => (p.probabilities ? 'label and probabilities' : 'label or value'),
});
