/** The Predictions port value: predicted label / class probabilities / value beside the input rows. */
import type { Table } from '../data/table';

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
