/**
 * Type inference over all rows, once the file has been read: turns each ColumnBuilder into a Column.
 *
 * - Numbers only → `integer` (no point or exponent anywhere) or `float`. A 0/1 column stays integer.
 * - `true/false/yes/no` (any case) → `boolean`.
 * - All distinct values dates of one family → `datetime` (see dates.ts).
 * - Other text: `identifier` when every value is distinct and has no spaces (or the column is named like
 *   an id: `id`, `user_id`, `userId`, and almost every value is distinct); `text` when more than half the
 *   values are distinct; otherwise `categorical`. Only columns of 20 or more values can be identifiers or
 *   text by distinctness, so a small table is not mistaken for free text.
 * Text and identifier columns get the role `ignored`, so they are not used as features by default.
 */
import { MwError } from '../../errors';
import type { ErrorInfo } from '../../errors';
import type { CategoricalColumn, Column, ColumnType, NumericColumn } from '../table';
import type { ColumnBuilder } from './builder';
import { parseDates } from './dates';

const MIN_ROWS_FOR_DISTINCTNESS = 20;
const ID_NAME = /^(?:id|Id|ID|.*[_\s.-](?:id|Id|ID)|.*[a-z0-9]Id|.*[a-z]ID)$/;
const TRUE_WORDS = new Set(['true', 'yes']);
const FALSE_WORDS = new Set(['false', 'no']);
const FORCED_TRUE = new Set(['true', 'yes', 't', 'y', '1']);
const FORCED_FALSE = new Set(['false', 'no', 'f', 'n', '0']);

export interface FinishContext {
  name: string;
  /** Rows read (the builders hold spare capacity beyond). */
  rows: number;
  override: ColumnType | undefined;
  decode: (bytes: Uint8Array) => string;
  warnings: ErrorInfo[];
}

export function finishColumn(b: ColumnBuilder, ctx: FinishContext): Column {
  if (b.mode === 'numeric') return finishNumeric(b, ctx);
  const dict = b.dict;
  const categories: string[] = [];
  if (dict !== null) for (let code = 0; code < dict.size; code++) categories.push(ctx.decode(dict.bytes(code)));
  const codes = trimInt(b.codes, ctx.rows);
  if (b.reformatted) {
    ctx.warnings.push(
      new MwError('MW_CSV_REFORMATTED', {
        message: `Column "${ctx.name}" first held numbers, then text; numbers before the first text value are shown in plain number form (e.g. 1.50 as 1.5).`,
        location: { column: ctx.name },
      }).toInfo(),
    );
  }
  return finishText(codes, categories, ctx);
}

function finishNumeric(b: ColumnBuilder, ctx: FinishContext): Column {
  const values = trimFloat(b.values, ctx.rows);
  const missing = new Uint8Array(ctx.rows);
  let present = ctx.rows;
  if (b.anyMissing) {
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== values[i]) {
        missing[i] = 1;
        present--;
      }
    }
  }
  let type: NumericColumn['type'] = present > 0 && b.integerSyntax ? 'integer' : 'float';
  if (ctx.override === 'integer' || ctx.override === 'float') type = ctx.override;
  if (type === 'integer' && ctx.override === 'integer') {
    let bad = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? 0;
      if (missing[i] === 0 && !Number.isInteger(v)) {
        values[i] = Number.NaN;
        missing[i] = 1;
        bad++;
      }
    }
    b.badValues += bad;
  }
  if (b.badValues > 0) {
    ctx.warnings.push(
      new MwError('MW_CSV_BAD_VALUES', {
        message: `${b.badValues} values of column "${ctx.name}" are not ${type === 'integer' ? 'whole numbers' : 'numbers'} and were read as missing.`,
        location: { column: ctx.name, ...(b.firstBadRow >= 0 ? { row: b.firstBadRow } : {}) },
        details: { count: b.badValues },
      }).toInfo(),
    );
  }
  if (ctx.override === undefined && type === 'integer' && ID_NAME.test(ctx.name) && present >= 2 && allDistinct(values, missing)) {
    return integersAsIdentifier(ctx.name, values, missing);
  }
  return { kind: 'numeric', name: ctx.name, role: 'feature', type, values, missing };
}

function finishText(codes: Int32Array, categories: string[], ctx: FinishContext): Column {
  const n = codes.length;
  let present = 0;
  for (let i = 0; i < n; i++) if ((codes[i] ?? -1) >= 0) present++;
  const d = categories.length;
  const override = ctx.override;
  if (override === 'boolean' || (override === undefined && d > 0 && categories.every(isBooleanWord))) {
    const map = categories.map((c) => {
      const w = c.trim().toLowerCase();
      return FORCED_TRUE.has(w) ? 1 : FORCED_FALSE.has(w) ? 0 : Number.NaN;
    });
    return fromCodes(ctx, 'boolean', codes, map);
  }
  if (override === 'datetime') {
    const map = categories.map((c) => parseDates([c])?.[0] ?? Number.NaN);
    return fromCodes(ctx, 'datetime', codes, map);
  }
  if (override === undefined && d > 0) {
    const dates = parseDates(categories);
    if (dates !== null) return fromCodes(ctx, 'datetime', codes, Array.from(dates));
  }
  let type: CategoricalColumn['type'] = 'categorical';
  if (override === 'categorical' || override === 'text' || override === 'identifier') type = override;
  else if (present >= 2 && ID_NAME.test(ctx.name) && d >= 0.95 * present) type = 'identifier';
  else if (present >= MIN_ROWS_FOR_DISTINCTNESS && d === present) type = anySpace(categories) ? 'text' : 'identifier';
  else if (present >= MIN_ROWS_FOR_DISTINCTNESS && d > 0.5 * present) type = 'text';
  return { kind: 'categorical', name: ctx.name, role: type === 'categorical' ? 'feature' : 'ignored', type, codes, categories };
}

/** A numeric column from dictionary codes and a number per category (NaN: not valid → missing, counted). */
function fromCodes(ctx: FinishContext, type: 'boolean' | 'datetime', codes: Int32Array, map: number[]): NumericColumn {
  const values = new Float64Array(codes.length);
  const missing = new Uint8Array(codes.length);
  let bad = 0;
  let firstBad = -1;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] ?? -1;
    const v = code < 0 ? Number.NaN : (map[code] ?? Number.NaN);
    values[i] = v;
    if (v !== v) {
      missing[i] = 1;
      if (code >= 0) {
        bad++;
        if (firstBad < 0) firstBad = i;
      }
    }
  }
  if (bad > 0) {
    ctx.warnings.push(
      new MwError('MW_CSV_BAD_VALUES', {
        message: `${bad} values of column "${ctx.name}" are not ${type === 'boolean' ? 'yes/no values' : 'dates'} and were read as missing (first at data row ${firstBad + 1}).`,
        location: { column: ctx.name },
        details: { count: bad },
      }).toInfo(),
    );
  }
  return { kind: 'numeric', name: ctx.name, role: 'feature', type, values, missing };
}

function isBooleanWord(c: string): boolean {
  const w = c.toLowerCase();
  return TRUE_WORDS.has(w) || FALSE_WORDS.has(w);
}

function anySpace(categories: readonly string[]): boolean {
  const step = Math.max(1, Math.floor(categories.length / 1000));
  for (let i = 0; i < categories.length; i += step) if (/\s/.test(categories[i] ?? '')) return true;
  return false;
}

/** Whether the present values are all different: a bitmap over a dense range (ids usually are), else a hash set. */
function allDistinct(values: Float64Array, missing: Uint8Array): boolean {
  let min = Infinity;
  let max = -Infinity;
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    if (missing[i] === 1) continue;
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    present++;
  }
  if (max - min + 1 <= 8 * present + 1024) {
    const seen = new Uint8Array(max - min + 1);
    for (let i = 0; i < values.length; i++) {
      if (missing[i] === 1) continue;
      const k = (values[i] as number) - min;
      if (seen[k] === 1) return false;
      seen[k] = 1;
    }
    return true;
  }
  let size = 1024;
  while (size < present * 2) size *= 2;
  const keys = new Float64Array(size);
  const used = new Uint8Array(size);
  const mask = size - 1;
  for (let i = 0; i < values.length; i++) {
    if (missing[i] === 1) continue;
    const v = values[i] as number;
    // Integers below 2^53: mix the low and high 32-bit halves.
    let slot = Math.imul((v | 0) ^ Math.imul(Math.floor(v / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b) & mask;
    for (;;) {
      if (used[slot] === 0) {
        used[slot] = 1;
        keys[slot] = v;
        break;
      }
      if (keys[slot] === v) return false;
      slot = (slot + 1) & mask;
    }
  }
  return true;
}

function integersAsIdentifier(name: string, values: Float64Array, missing: Uint8Array): CategoricalColumn {
  const codes = new Int32Array(values.length);
  const categories: string[] = [];
  for (let i = 0; i < values.length; i++) {
    if (missing[i] === 1) {
      codes[i] = -1;
    } else {
      codes[i] = categories.length;
      categories.push(String(values[i]));
    }
  }
  return { kind: 'categorical', name, role: 'ignored', type: 'identifier', codes, categories };
}

/** Drops unused capacity: a view when the slack is small, a copy otherwise (so the slack is freed). */
function trimFloat(a: Float64Array, length: number): Float64Array {
  return a.length <= length * 1.25 ? a.subarray(0, length) : a.slice(0, length);
}

function trimInt(a: Int32Array, length: number): Int32Array {
  return a.length <= length * 1.25 ? a.subarray(0, length) : a.slice(0, length);
}
