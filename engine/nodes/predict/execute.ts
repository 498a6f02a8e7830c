/**
 * Predict: new raw rows → the model's recipe → the estimator. The output table is the input, unchanged,
 * plus `prediction` (the label or value) and, for classifiers, `p(<class>)` per class.
 */
import { allRows, type CategoricalColumn, type Column, type NumericColumn, type Table } from '../../data/table';
import { backendForStep } from '../../ml/backend/step';
import type { ModelBundle } from '../../ml/model';
import type { Predictions } from '../../ml/predictions';
import { preparedFor, predictRows } from '../../ml/train/infer';
import { uniqueName } from '../columns';
import { defineNode } from '../node';
import { portValue, requireInput } from '../values';
import { predictSpec, type PredictParams } from './spec';

/** The predicted class of each row: class 1 at p ≥ 0.5 for two classes (as the metrics do), else the argmax. */
export function predictedClasses(proba: Float64Array, k: number): Int32Array {
  const n = proba.length / k;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 2) {
      out[i] = proba[2 * i + 1]! >= 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    out[i] = best;
  }
  return out;
}

export function predictTable(model: ModelBundle, raw: Table, params: PredictParams): Predictions {
  const { table: prepared } = preparedFor(model, raw);
  const { output } = predictRows(model, prepared, allRows(prepared.rowCount));
  const n = raw.rowCount;
  const taken = new Set(raw.columns.map((c) => c.name));
  const name = (wanted: string) => {
    const unique = uniqueName(wanted, taken);
    taken.add(unique);
    return unique;
  };
  const added: Column[] = [];
  if (model.task === 'regression') {
    const column: NumericColumn = { name: name('prediction'), role: 'ignored', kind: 'numeric', type: 'float', values: Float64Array.from(output), missing: new Uint8Array(n) };
    added.push(column);
  } else {
    const k = model.classes.length;
    const label: CategoricalColumn = { name: name('prediction'), role: 'ignored', kind: 'categorical', type: 'categorical', codes: predictedClasses(output, k), categories: [...model.classes] };
    added.push(label);
    if (params.probabilities) {
      model.classes.forEach((cls, c) => {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = output[i * k + c]!;
        added.push({ name: name(`p(${cls})`), role: 'ignored', kind: 'numeric', type: 'float', values, missing: new Uint8Array(n) });
      });
    }
  }
  return {
    task: model.task,
    table: { ...raw, columns: [...raw.columns, ...added] },
    target: model.target,
    classes: model.classes,
    predictionColumn: added[0]!.name,
    probabilityColumns: added.slice(1).map((c) => c.name),
    model: { kind: model.kind, description: model.estimator.description },
  };
}

export const predictNode = defineNode(predictSpec, async (inputs, params, ctx) => {
  const model = requireInput(inputs, 'model', 'Model');
  const table = requireInput(inputs, 'table', 'Table');
  await backendForStep(ctx);
  const predictions = predictTable(model, table, params);
  ctx.emit({ type: 'log', level: 'info', message: `Predicted ${table.rowCount} row${table.rowCount === 1 ? '' : 's'} with ${model.estimator.description}.` });
  return { predictions: portValue('Predictions', predictions) };
});
