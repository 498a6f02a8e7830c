/**
 * What the model predicts: task detection (classification or regression) and the target's encoding
 * (class labels in output order, or the standardisation of a numeric target).
 */
import { MwError } from '../../errors';
import type { Column, Table } from '../../data/table';
import type { Task, TargetEncoding } from '../model';

/** Integer targets with at most this many distinct values are classes (e.g. ratings 1–5, 0/1 flags). */
const MAX_AUTO_CLASSES = 10;
/** Most classes a classifier accepts (beyond that the target is almost surely a number or an identifier). */
export const MAX_CLASSES = 200;

function distinctNumbers(column: Column & { kind: 'numeric' }, limit: number): number[] | null {
  const seen = new Set<number>();
  for (let i = 0; i < column.values.length; i++) {
    if (column.missing[i] === 1) continue;
    seen.add(column.values[i]!);
    if (seen.size > limit) return null;
  }
  return [...seen].sort((a, b) => a - b);
}

function usedCategories(column: Column & { kind: 'categorical' }): string[] {
  const counts = new Int32Array(column.categories.length);
  for (const code of column.codes) if (code >= 0) counts[code]!++;
  return column.categories.filter((_, code) => counts[code]! > 0);
}

/** Classification for a categorical or yes/no target or whole numbers with few values; regression otherwise. */
export function detectTask(column: Column, requested: 'auto' | Task): Task {
  if (requested === 'regression') {
    if (column.kind !== 'numeric' || column.type === 'boolean') {
      throw new MwError('MW_TRAIN_BAD_TARGET', { message: `Regression needs a numeric target, but "${column.name}" holds ${column.type} values.`, location: { column: column.name, field: 'task' } });
    }
    return 'regression';
  }
  if (requested === 'classification') return 'classification';
  if (column.kind === 'categorical' || column.type === 'boolean') return 'classification';
  if (column.type === 'datetime') {
    throw new MwError('MW_TRAIN_BAD_TARGET', { message: `"${column.name}" holds dates; choose a category or number to predict.`, location: { column: column.name } });
  }
  const values = distinctNumbers(column, MAX_AUTO_CLASSES);
  return values !== null && values.every(Number.isInteger) ? 'classification' : 'regression';
}

/**
 * Fits the target encoding. Classes are every label the column holds in any row (so a class that only
 * occurs in the test rows still has an output); the training rows must hold at least two of them.
 * Regression targets are standardised on the training rows.
 */
export function fitTargetEncoding(table: Table, column: Column, task: Task, trainRows: Uint32Array): TargetEncoding {
  if (task === 'regression') {
    if (column.kind !== 'numeric') throw new MwError('MW_TRAIN_BAD_TARGET', { message: `Regression needs a numeric target; "${column.name}" holds ${column.type} values.`, location: { column: column.name } });
    let n = 0;
    let mean = 0;
    let m2 = 0;
    for (const r of trainRows) {
      if (column.missing[r] === 1) continue;
      const v = column.values[r]!;
      n++;
      const d = v - mean;
      mean += d / n;
      m2 += d * (v - mean);
    }
    if (n === 0) throw new MwError('MW_TRAIN_NO_ROWS', { message: `Every training row misses the target "${column.name}".`, location: { column: column.name } });
    const std = Math.sqrt(m2 / n);
    return { kind: 'value', center: mean, scale: std > 0 && Number.isFinite(std) ? std : 1 };
  }
  let encoding: TargetEncoding;
  if (column.kind === 'categorical') {
    encoding = { kind: 'classes', classes: usedCategories(column), values: null };
  } else {
    const values = distinctNumbers(column, MAX_CLASSES);
    if (values === null) {
      throw new MwError('MW_TRAIN_BAD_TARGET', { message: `"${column.name}" has more than ${MAX_CLASSES} distinct values: too many classes. Choose regression instead.`, location: { column: column.name, field: 'task' } });
    }
    const label = (v: number) => (column.type === 'boolean' ? (v === 1 ? 'true' : 'false') : String(v));
    encoding = { kind: 'classes', classes: values.map(label), values };
  }
  if (encoding.classes.length > MAX_CLASSES) {
    throw new MwError('MW_TRAIN_BAD_TARGET', { message: `"${column.name}" has ${encoding.classes.length} classes; at most ${MAX_CLASSES} are supported.`, location: { column: column.name } });
  }
  const codes = encodeClasses(column, encoding);
  const present = new Set<number>();
  for (const r of trainRows) if (codes[r]! >= 0) present.add(codes[r]!);
  if (present.size < 2) {
    const only = present.size === 1 ? `"${encoding.classes[[...present][0]!] ?? ''}"` : 'no class';
    throw new MwError('MW_TRAIN_ONE_CLASS', {
      message: `The training rows of "${column.name}" hold only ${only}; a classifier needs at least two classes.`,
      location: { column: column.name },
      details: { classes: encoding.classes },
    });
  }
  return encoding;
}

/** Class code per row (index into `classes`), −1 where the target is missing or a label the model never saw. */
export function encodeClasses(column: Column, encoding: Extract<TargetEncoding, { kind: 'classes' }>): Int32Array {
  const codes = new Int32Array(column.kind === 'numeric' ? column.values.length : column.codes.length).fill(-1);
  if (column.kind === 'categorical') {
    const position = new Map(encoding.classes.map((c, i) => [c, i]));
    const slot = Int32Array.from(column.categories, (name) => position.get(name) ?? -1);
    for (let i = 0; i < codes.length; i++) {
      const code = column.codes[i]!;
      codes[i] = code < 0 ? -1 : slot[code]!;
    }
    return codes;
  }
  const position = new Map((encoding.values ?? encoding.classes.map(Number)).map((v, i) => [v, i]));
  for (let i = 0; i < codes.length; i++) codes[i] = column.missing[i] === 1 ? -1 : (position.get(column.values[i]!) ?? -1);
  return codes;
}

/** The regression target per row, NaN where missing. */
export function targetValues(column: Column): Float64Array {
  if (column.kind !== 'numeric') throw new MwError('MW_TRAIN_BAD_TARGET', { message: `"${column.name}" is not numeric.`, location: { column: column.name } });
  const out = new Float64Array(column.values.length);
  for (let i = 0; i < out.length; i++) out[i] = column.missing[i] === 1 ? Number.NaN : column.values[i]!;
  return out;
}
