/**
 * Predict: new raw rows → the model's recipe → the estimator. The output table is the input, unchanged,
 * plus `prediction` (the label or value) and, for classifiers, `p(<class>)` per class.
 */
import { allRows, type Table } from '../../data/table';
import { backendForStep } from '../../ml/backend/step';
import type { ModelBundle } from '../../ml/model';
import { withPredictionColumns, type Predictions } from '../../ml/predictions';
import { preparedFor, predictRows } from '../../ml/train/infer';
import { defineNode } from '../node';
import { portValue, requireInput } from '../values';
import { predictSpec, type PredictParams } from './spec';

/** Predictions for raw rows: the model's recipe, then its estimator, then the prediction columns. */
export function predictTable(model: ModelBundle, raw: Table, params: PredictParams): Predictions {
  const { table: prepared } = preparedFor(model, raw);
  const { output } = predictRows(model, prepared, allRows(prepared.rowCount));
  return withPredictionColumns(model, raw, output, params.probabilities);
}

export const predictNode = defineNode(predictSpec, async (inputs, params, ctx) => {
  const model = requireInput(inputs, 'model', 'Model');
  const table = requireInput(inputs, 'table', 'Table');
  await backendForStep(ctx);
  const predictions = predictTable(model, table, params);
  ctx.emit({ type: 'log', level: 'info', message: `Predicted ${table.rowCount} row${table.rowCount === 1 ? '' : 's'} with ${model.estimator.description}.` });
  return { predictions: portValue('Predictions', predictions) };
});
