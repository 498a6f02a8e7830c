/**
 * Reference profiles for drift monitoring: what the training data looked like, per column, kept small and
 * JSON-serialisable so it travels with an exported model (reference.json) and `modelwright monitor MODEL_DIR
 * new.csv` needs no access to the training data. Numeric columns keep a seeded sample of at most
 * MAX_REFERENCE_VALUES values (all of them when there are fewer), sorted; categorical columns keep counts.
 *
 * A sample of raw training values is data: the exported model's README says so.
 */
import { z } from 'zod';
import { columnRoleSchema, columnTypeSchema, type Column, type Table } from '../data/table';
import { mulberry32 } from '../util/random';

export const MAX_REFERENCE_VALUES = 10_000;

export const numericProfileSchema = z.object({
  name: z.string(),
  kind: z.literal('numeric'),
  type: columnTypeSchema,
  /** A target column may be absent from new data; features may not. */
  role: columnRoleSchema,
  /** Rows in the reference, missing included. */
  rows: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  /** Sorted non-missing values (a seeded sample when `sampled`). */
  values: z.array(z.number()),
  sampled: z.boolean(),
  mean: z.number().nullable(),
});
export const categoricalProfileSchema = z.object({
  name: z.string(),
  kind: z.literal('categorical'),
  type: columnTypeSchema,
  role: columnRoleSchema,
  rows: z.number().int().nonnegative(),
  missing: z.number().int().nonnegative(),
  /** Category → rows. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
});
export const columnProfileSchema = z.discriminatedUnion('kind', [numericProfileSchema, categoricalProfileSchema]);
export type ColumnProfile = z.infer<typeof columnProfileSchema>;

export const REFERENCE_FORMAT = 'modelwright.reference';

export const referenceProfileSchema = z.object({
  format: z.literal(REFERENCE_FORMAT),
  version: z.literal(1),
  rows: z.number().int().nonnegative(),
  /** Where the reference rows came from (e.g. "train partition of houses.csv"). */
  description: z.string(),
  columns: z.array(columnProfileSchema),
  /** The model's predictions on the reference rows (value or label), for prediction drift. */
  prediction: columnProfileSchema.nullable(),
  /** Raw types of every model input, monitored or not (a date the model sees as a number is 'datetime' here). */
  inputTypes: z.record(z.string(), columnTypeSchema).default({}),
});
export type ReferenceProfile = z.output<typeof referenceProfileSchema>;

/** Column types drift is measured on; dates, free text and identifiers change by nature and are skipped. */
export function isMonitored(column: Pick<Column, 'type'>): boolean {
  return column.type !== 'datetime' && column.type !== 'text' && column.type !== 'identifier';
}

/** Profiles one column over the given rows. */
export function profileColumn(column: Column, rows: Uint32Array, options: { maxValues?: number; seed?: number } = {}): ColumnProfile {
  const max = options.maxValues ?? MAX_REFERENCE_VALUES;
  if (column.kind === 'numeric') {
    const values: number[] = [];
    let missing = 0;
    let sum = 0;
    for (const r of rows) {
      if (column.missing[r] === 1) missing++;
      else {
        const v = column.values[r] ?? 0;
        values.push(v);
        sum += v;
      }
    }
    const count = values.length;
    let kept = values;
    if (count > max) {
      // Partial Fisher–Yates: the first `max` positions become a uniform sample.
      const next = mulberry32(options.seed ?? 0x5eed);
      for (let i = 0; i < max; i++) {
        const j = i + Math.floor(next() * (count - i));
        [values[i], values[j]] = [values[j] ?? 0, values[i] ?? 0];
      }
      kept = values.slice(0, max);
    }
    kept.sort((a, b) => a - b);
    return { name: column.name, kind: 'numeric', type: column.type, role: column.role, rows: rows.length, missing, values: kept, sampled: count > max, mean: count === 0 ? null : sum / count };
  }
  const counts: Record<string, number> = {};
  let missing = 0;
  for (const r of rows) {
    const code = column.codes[r] ?? -1;
    if (code < 0) missing++;
    else {
      const label = column.categories[code] ?? '';
      counts[label] = (counts[label] ?? 0) + 1;
    }
  }
  return { name: column.name, kind: 'categorical', type: column.type, role: column.role, rows: rows.length, missing, counts };
}

/**
 * Profiles the monitored columns of a table: features and the target (ignored columns, dates, text and
 * identifiers are skipped), or exactly `columns` when given (e.g. a model's raw inputs).
 */
export function profileTable(table: Table, rows: Uint32Array, options: { columns?: readonly string[]; description?: string; prediction?: ColumnProfile | null } = {}): ReferenceProfile {
  const wanted = table.columns.filter((c) => (options.columns === undefined ? c.role !== 'ignored' : options.columns.includes(c.name)));
  const chosen = wanted.filter(isMonitored);
  return {
    inputTypes: Object.fromEntries(wanted.filter((c) => c.role !== 'target').map((c) => [c.name, c.type])),
    format: REFERENCE_FORMAT,
    version: 1,
    rows: rows.length,
    description: options.description ?? `${rows.length} reference rows`,
    columns: chosen.map((c) => profileColumn(c, rows)),
    prediction: options.prediction ?? null,
  };
}
