/**
 * The input of the tree learners and its checks. Matrices are row-major Float64Arrays (rows × cols) with
 * NaN for missing values; categorical features hold integer codes (negative or NaN = missing).
 */
import { MwError } from '../../errors';

/** A held-out set for early stopping (same columns as the training matrix); with no rows it is ignored. */
export interface ValidationSet {
  readonly x: Float64Array;
  readonly rows: number;
  readonly y: Float64Array;
}

export interface TreeTrainingData {
  readonly x: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** Targets: 0/1 (binary), 0..K-1 (multiclass or forest classification), or values (regression). */
  readonly y: Float64Array;
  /** Classes for multiclass / forest classification (default: largest label + 1). */
  readonly numClasses?: number;
  /** Per feature: true when the feature holds category codes. */
  readonly categorical?: readonly boolean[];
  readonly valid?: ValidationSet;
}

export type TargetKind = 'binary' | 'classes' | 'values';

function internal(message: string): MwError {
  return new MwError('MW_INTERNAL', { message: `${message} (a caller passed inconsistent arrays to the tree learner).` });
}

/** Checks shapes and targets; returns the number of classes (0 for regression). */
export function checkTrainingData(data: TreeTrainingData, target: TargetKind): number {
  if (data.rows < 1 || data.y.length === 0) throw new MwError('MW_TRAIN_NO_ROWS');
  if (data.cols < 1) throw new MwError('MW_TABLE_NO_FEATURES');
  if (!Number.isInteger(data.rows) || !Number.isInteger(data.cols)) throw internal('rows and cols must be integers');
  if (data.x.length !== data.rows * data.cols) throw internal(`x has ${data.x.length} values, expected ${data.rows} × ${data.cols}`);
  if (data.y.length !== data.rows) throw internal(`y has ${data.y.length} values, expected ${data.rows}`);
  if (data.categorical !== undefined && data.categorical.length !== data.cols) {
    throw internal(`categorical has ${data.categorical.length} flags, expected ${data.cols}`);
  }
  if (data.valid !== undefined) {
    const v = data.valid;
    if (v.x.length !== v.rows * data.cols || v.y.length !== v.rows) throw internal('the validation set does not match the training columns');
  }
  if (data.numClasses !== undefined && (!Number.isInteger(data.numClasses) || data.numClasses < 2)) {
    throw internal(`numClasses is ${data.numClasses}; it must be an integer of at least 2`);
  }
  if (target === 'values') {
    checkValues(data.y, 'training');
    if (data.valid !== undefined) checkValues(data.valid.y, 'validation');
    return 0;
  }
  let maxLabel = 0;
  const seen = new Set<number>();
  for (let i = 0; i < data.y.length; i++) {
    const v = data.y[i]!;
    if (!Number.isInteger(v) || v < 0) {
      throw new MwError('MW_TRAIN_BAD_TARGET', { message: `Row ${i} has the label ${v}; class labels must be integers 0, 1, 2, ….`, location: { row: i } });
    }
    seen.add(v);
    if (v > maxLabel) maxLabel = v;
  }
  const numClasses = target === 'binary' ? 2 : data.numClasses ?? maxLabel + 1;
  if (maxLabel >= numClasses) {
    throw new MwError('MW_TRAIN_BAD_TARGET', { message: `A label is ${maxLabel}, but there are ${numClasses} classes (labels 0 to ${numClasses - 1}).` });
  }
  if (seen.size < 2) throw new MwError('MW_TRAIN_ONE_CLASS');
  if (data.valid !== undefined) {
    for (let i = 0; i < data.valid.y.length; i++) {
      const v = data.valid.y[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
        throw new MwError('MW_TRAIN_BAD_TARGET', { message: `Validation row ${i} has the label ${v}, outside 0 to ${numClasses - 1}.`, location: { row: i } });
      }
    }
  }
  return numClasses;
}

function checkValues(y: Float64Array, which: string): void {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) {
      throw new MwError('MW_TRAIN_BAD_TARGET', { message: `${which === 'training' ? 'Row' : 'Validation row'} ${i} has no numeric target (${y[i]}).`, location: { row: i } });
    }
  }
}

/** Checks a matrix passed to predict against the model's feature count. */
export function checkPredictInput(x: Float64Array, rows: number, numFeatures: number): void {
  if (!Number.isInteger(rows) || rows < 0 || x.length !== rows * numFeatures) {
    throw new MwError('MW_PREDICT_SCHEMA_MISMATCH', {
      message: `The model expects ${numFeatures} features per row; got ${x.length} values for ${rows} rows.`,
    });
  }
}
