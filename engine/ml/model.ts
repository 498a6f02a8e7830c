/**
 * The Model port value: a trained model bundle (DESIGN.md "Ports").
 * Fleshed out by the training issue; this is the shape the rest of the engine relies on.
 */
import type { RecipeStep, ColumnType } from '../data/table';

export interface InputColumnSchema {
  readonly name: string;
  readonly type: ColumnType;
}

export interface ModelBundle {
  readonly kind: string;
  readonly task: 'classification' | 'regression';
  readonly target: string;
  /** Class labels in output order (classification only). */
  readonly classes: readonly string[];
  /** Raw input columns expected by Predict, before the recipe runs. */
  readonly inputSchema: readonly InputColumnSchema[];
  readonly recipe: readonly RecipeStep[];
  readonly metadata: Readonly<Record<string, unknown>>;
}
