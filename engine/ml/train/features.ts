/**
 * From Table columns to the model's input matrix, built once per row set as one Float32Array (no per-row
 * objects). Numeric features are standardised with training-row statistics inside the model, so a graph
 * without a Scale node still trains well; 0/1 columns (one-hot output of Encode) are kept as they are.
 * Categorical columns that were not encoded upstream are one-hot encoded here.
 */
import { MwError, type ErrorInfo } from '../../errors';
import { featureColumns, getColumn, type Column, type Table } from '../../data/table';
import type { FeatureColumn, FeatureLayout, FeatureMatrix } from '../model';

export interface FitFeaturesResult {
  readonly layout: FeatureLayout;
  readonly warnings: readonly ErrorInfo[];
}

function isTextLike(column: Column): boolean {
  return column.type === 'text' || column.type === 'identifier';
}

/** The feature columns the model will use (text and identifier columns are left out with a warning). */
export function fitFeatures(table: Table, rows: Uint32Array): FitFeaturesResult {
  const warnings: ErrorInfo[] = [];
  const columns: FeatureColumn[] = [];
  for (const column of featureColumns(table)) {
    if (isTextLike(column)) {
      warnings.push(new MwError('MW_TRAIN_TEXT_FEATURE', {
        message: `"${column.name}" looks like ${column.type === 'identifier' ? 'an identifier' : 'free text'}; the model leaves it out.`,
        location: { column: column.name },
      }).toInfo());
      continue;
    }
    columns.push(column.kind === 'numeric' ? fitNumeric(column, rows) : fitCategorical(column, rows, warnings));
  }
  if (columns.length === 0) {
    throw new MwError('MW_TABLE_NO_FEATURES', { message: 'The table has no usable feature columns (mark at least one numeric or category column as a feature).' });
  }
  const width = columns.reduce((sum, c) => sum + (c.kind === 'numeric' ? 1 : c.categories.length), 0);
  if (width === 0) throw new MwError('MW_TABLE_NO_FEATURES', { message: 'The feature columns hold no values in the training rows.' });
  return { layout: { columns, width }, warnings };
}

function fitNumeric(column: Column & { kind: 'numeric' }, rows: Uint32Array): FeatureColumn {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  let binary = true;
  for (const r of rows) {
    if (column.missing[r] === 1) continue;
    const v = column.values[r]!;
    if (!Number.isFinite(v)) continue;
    if (v !== 0 && v !== 1) binary = false;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  if (n === 0) return { kind: 'numeric', name: column.name, center: 0, scale: 1 };
  // 0/1 indicators stay 0/1 (a missing one becomes its training mean, the expected indicator value).
  if (binary) return { kind: 'numeric', name: column.name, center: 0, scale: 1 };
  const std = Math.sqrt(m2 / n);
  return { kind: 'numeric', name: column.name, center: mean, scale: std > 1e-12 && Number.isFinite(std) ? std : 1 };
}

/**
 * Most one-hot inputs a category column gets (as LightGBM's max_cat_to_onehot bins): beyond it, only the
 * most frequent categories seen at least twice keep an input and the rest count as unseen, so a column of
 * 100,000 distinct values costs at most this many inputs instead of a matrix too large for memory.
 */
export const MAX_ONE_HOT_CATEGORIES = 255;

function fitCategorical(column: Column & { kind: 'categorical' }, rows: Uint32Array, warnings: ErrorInfo[]): FeatureColumn {
  const counts = new Int32Array(column.categories.length);
  for (const r of rows) {
    const code = column.codes[r]!;
    if (code >= 0) counts[code]!++;
  }
  const seen = column.categories.filter((_, code) => counts[code]! > 0);
  if (seen.length <= MAX_ONE_HOT_CATEGORIES) return { kind: 'one-hot', name: column.name, categories: seen };
  const frequent = Array.from(counts.keys())
    .filter((code) => counts[code]! >= 2)
    .sort((a, b) => counts[b]! - counts[a]! || a - b)
    .slice(0, MAX_ONE_HOT_CATEGORIES);
  const kept = new Set(frequent);
  warnings.push(new MwError('MW_TRAIN_MANY_CATEGORIES', {
    message: `"${column.name}" has ${seen.length} distinct values in the training rows; the model uses ${kept.size === 0 ? 'none of them (each occurs once, like an identifier)' : `the ${kept.size} most frequent and treats the others as unseen`}.`,
    location: { column: column.name },
    details: { distinct: seen.length, kept: kept.size },
  }).toInfo());
  return { kind: 'one-hot', name: column.name, categories: column.categories.filter((_, code) => kept.has(code)) };
}

/** The feature columns missing from a table, or present with the wrong kind (numbers vs categories). */
export function layoutMismatches(table: Table, layout: FeatureLayout): { name: string; expected: string; found: string | null }[] {
  const problems: { name: string; expected: string; found: string | null }[] = [];
  for (const spec of layout.columns) {
    const column = getColumn(table, spec.name);
    const expected = spec.kind === 'numeric' ? 'numbers' : 'categories';
    if (column === undefined) problems.push({ name: spec.name, expected, found: null });
    else if ((spec.kind === 'numeric') !== (column.kind === 'numeric')) problems.push({ name: spec.name, expected, found: column.type });
  }
  return problems;
}

/**
 * The input matrix for `rows` of a prepared table (all rows when omitted). The same function serves
 * training, evaluation and prediction, so the three cannot disagree.
 */
export function buildMatrix(table: Table, layout: FeatureLayout, rows?: Uint32Array): FeatureMatrix {
  const problems = layoutMismatches(table, layout);
  if (problems.length > 0) {
    throw new MwError('MW_PREDICT_SCHEMA_MISMATCH', {
      message: `The prepared data does not match the model's features: ${problems.map((p) => (p.found === null ? `"${p.name}" is missing` : `"${p.name}" holds ${p.found}, expected ${p.expected}`)).join('; ')}.`,
      location: { column: problems[0]!.name },
      details: { problems, expected: layout.columns.map((c) => c.name) },
    });
  }
  const n = rows?.length ?? table.rowCount;
  const width = layout.width;
  const data = new Float32Array(n * width);
  let offset = 0;
  for (const spec of layout.columns) {
    const column = getColumn(table, spec.name)!;
    if (spec.kind === 'numeric' && column.kind === 'numeric') {
      const { center, scale } = spec;
      const values = column.values;
      const missing = column.missing;
      for (let i = 0; i < n; i++) {
        const r = rows === undefined ? i : rows[i]!;
        const v = values[r]!;
        data[i * width + offset] = missing[r] === 1 || !Number.isFinite(v) ? 0 : (v - center) / scale;
      }
      offset += 1;
    } else if (spec.kind === 'one-hot' && column.kind === 'categorical') {
      const position = new Map(spec.categories.map((c, i) => [c, i]));
      const slot = Int32Array.from(column.categories, (name) => position.get(name) ?? -1);
      for (let i = 0; i < n; i++) {
        const r = rows === undefined ? i : rows[i]!;
        const code = column.codes[r]!;
        const s = code < 0 ? -1 : slot[code]!;
        if (s >= 0) data[i * width + offset + s] = 1;
      }
      offset += spec.categories.length;
    }
  }
  return { data, rows: n, cols: width };
}

/** Which prepared column each model input came from (one entry per matrix column). */
export function inputColumnNames(layout: FeatureLayout): string[] {
  return layout.columns.flatMap((c) => (c.kind === 'numeric' ? [c.name] : c.categories.map(() => c.name)));
}
