/** The Predictions port value: predicted label / class probabilities / value beside the input rows. */
import type { Table } from '../data/table';

export interface Predictions {
  readonly task: 'classification' | 'regression';
  /** The input rows plus prediction columns (`prediction`, and `p(<class>)` per class). */
  readonly table: Table;
  readonly target: string;
  readonly classes: readonly string[];
}
