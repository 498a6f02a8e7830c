/** The Predictions port value: predicted label / class probabilities / value beside the input rows. */
import type { CategoricalColumn, Column, NumericColumn, Table } from '../data/table';
import { uniqueName } from '../nodes/columns';
import { predictedLabels } from './metrics/classification';
import type { ModelBundle } from './model';

export interface Predictions {
  readonly task: 'classification' | 'regression';
  /** The input rows, unchanged, plus the prediction columns named below. */
  readonly table: Table;
  readonly target: string;
  /** Class labels in output order (classification only). */
  readonly classes: readonly string[];
  /** The column with the predicted label (classification) or value (regression). */
  readonly predictionColumn: string;
  /** One probability column per class, in `classes` order (empty for regression or when not requested). */
  readonly probabilityColumns: readonly string[];
  /** What predicted: the model kind and its one-line description. */
  readonly model: { readonly kind: string; readonly description: string };
}

/**
 * The raw rows plus `prediction` (the label or value) and, for classifiers with `probabilities`, `p(<class>)`
 * per class, from the estimator's output for those rows (n values, or n × k class probabilities). Shared by
 * the Predict node and the exported model's predictor, so both write the same columns. Pure: no TensorFlow.js.
 */
export function withPredictionColumns(model: ModelBundle, raw: Table, output: Float64Array, probabilities: boolean): Predictions {
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
    const label: CategoricalColumn = { name: name('prediction'), role: 'ignored', kind: 'categorical', type: 'categorical', codes: predictedLabels(output, k), categories: [...model.classes] };
    added.push(label);
    if (probabilities) {
      model.classes.forEach((cls, c) => {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = output[i * k + c] ?? Number.NaN;
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
