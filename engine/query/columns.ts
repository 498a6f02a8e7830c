/**
 * Column-level building blocks for answering data questions over a Table: row masks from filters,
 * group codes from one or two columns, quantiles, and cell values as users read them.
 * Everything works on the typed arrays directly (no per-row objects), so a million rows stay fast.
 */
import { MwError } from '../errors';
import type { CategoricalColumn, Column, NumericColumn, Table } from '../data/table';
import { parseDatePartKey, type DatePart, type Filter, type Scalar } from './intent';
import { formatValue } from './reading';

export function requireColumn(table: Table, name: string): Column {
  const c = table.columns.find((x) => x.name === name);
  if (c === undefined) {
    throw new MwError('MW_QUERY_UNKNOWN_COLUMN', { message: `There is no column “${name}” in this data.`, location: { column: name } });
  }
  return c;
}

export function requireNumeric(table: Table, name: string, what: string): NumericColumn {
  const c = requireColumn(table, name);
  if (c.kind !== 'numeric' || c.type === 'boolean') {
    throw new MwError('MW_QUERY_BAD_VALUE', { message: `${name} is not numeric, so its ${what} cannot be computed.`, location: { column: name } });
  }
  return c;
}

const TRUE_TEXT = new Set(['true', 'yes', 'y', 't', '1']);
const FALSE_TEXT = new Set(['false', 'no', 'n', 'f', '0']);

function numericOperand(column: NumericColumn, value: Scalar, filter: Filter): number {
  if (column.type === 'boolean') {
    if (typeof value === 'boolean') return value ? 1 : 0;
    const t = String(value).toLowerCase();
    if (TRUE_TEXT.has(t)) return 1;
    if (FALSE_TEXT.has(t)) return 0;
  } else if (column.type === 'datetime') {
    const ms = typeof value === 'number' ? value : Date.parse(String(value).length === 10 ? `${String(value)}T00:00:00Z` : String(value));
    if (Number.isFinite(ms)) return ms;
  } else if (typeof value === 'number' && Number.isFinite(value)) return value;
  else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw new MwError('MW_QUERY_BAD_VALUE', { message: `“${formatValue(value)}” is not a value of ${filter.column} (${describeColumnType(column)}).`, location: { column: filter.column } });
}

export function describeColumnType(c: Column): string {
  if (c.kind === 'categorical') return 'a category';
  return c.type === 'boolean' ? 'yes or no' : c.type === 'datetime' ? 'a date' : 'a number';
}

function categoryCode(column: CategoricalColumn, value: Scalar, filter: Filter): number {
  const text = String(value);
  const exact = column.categories.indexOf(text);
  if (exact >= 0) return exact;
  const lower = text.toLowerCase();
  const loose = column.categories.findIndex((c) => c.toLowerCase() === lower);
  if (loose >= 0) return loose;
  if (typeof value === 'number' || typeof value === 'string') return -2; // a value no row has: matches nothing
  throw new MwError('MW_QUERY_BAD_VALUE', { message: `“${formatValue(value)}” is not a value of ${filter.column}.`, location: { column: filter.column } });
}

/** Applies one filter to `mask` in place (rows failing it become 0). Missing values fail every comparison. */
function applyFilter(table: Table, filter: Filter, mask: Uint8Array): void {
  const column = requireColumn(table, filter.column);
  const n = table.rowCount;
  if (filter.op === 'missing' || filter.op === 'present') {
    const want = filter.op === 'missing' ? 1 : 0;
    if (column.kind === 'numeric') for (let i = 0; i < n; i++) mask[i] = (mask[i] ?? 0) & ((column.missing[i] ?? 0) === want ? 1 : 0);
    else for (let i = 0; i < n; i++) mask[i] = (mask[i] ?? 0) & (((column.codes[i] ?? -1) < 0 ? 1 : 0) === want ? 1 : 0);
    return;
  }
  const values = Array.isArray(filter.value) ? filter.value : filter.value === null ? [] : [filter.value];
  if (values.length === 0) throw new MwError('MW_QUERY_BAD_VALUE', { message: `The condition on ${filter.column} has no value.`, location: { column: filter.column } });
  if (column.kind === 'categorical') {
    if (filter.op !== 'eq' && filter.op !== 'ne' && filter.op !== 'in') {
      throw new MwError('MW_QUERY_BAD_VALUE', { message: `${filter.column} is a category; it can only be equal or not equal to a value.`, location: { column: filter.column } });
    }
    const codes = new Set(values.map((v) => categoryCode(column, v, filter)));
    const keep = filter.op !== 'ne';
    for (let i = 0; i < n; i++) {
      const code = column.codes[i] ?? -1;
      const hit = code >= 0 && codes.has(code);
      if (code < 0 || hit !== keep) mask[i] = 0;
    }
    return;
  }
  const operands = values.map((v) => numericOperand(column, v, filter));
  const x = operands[0] ?? Number.NaN;
  const v = column.values;
  const miss = column.missing;
  switch (filter.op) {
    case 'eq':
      for (let i = 0; i < n; i++) if (miss[i] === 1 || v[i] !== x) mask[i] = 0;
      break;
    case 'ne':
      for (let i = 0; i < n; i++) if (miss[i] === 1 || v[i] === x) mask[i] = 0;
      break;
    case 'gt':
      for (let i = 0; i < n; i++) if (miss[i] === 1 || !((v[i] ?? Number.NaN) > x)) mask[i] = 0;
      break;
    case 'gte':
      for (let i = 0; i < n; i++) if (miss[i] === 1 || !((v[i] ?? Number.NaN) >= x)) mask[i] = 0;
      break;
    case 'lt':
      for (let i = 0; i < n; i++) if (miss[i] === 1 || !((v[i] ?? Number.NaN) < x)) mask[i] = 0;
      break;
    case 'lte':
      for (let i = 0; i < n; i++) if (miss[i] === 1 || !((v[i] ?? Number.NaN) <= x)) mask[i] = 0;
      break;
    case 'in': {
      const set = new Set(operands);
      for (let i = 0; i < n; i++) if (miss[i] === 1 || !set.has(v[i] ?? Number.NaN)) mask[i] = 0;
      break;
    }
  }
}

/** The rows matching every filter, in table order. */
export function matchingRows(table: Table, filters: readonly Filter[]): Uint32Array {
  const n = table.rowCount;
  if (filters.length === 0) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const mask = new Uint8Array(n).fill(1);
  for (const f of filters) applyFilter(table, f, mask);
  let count = 0;
  for (let i = 0; i < n; i++) count += mask[i] ?? 0;
  const rows = new Uint32Array(count);
  let j = 0;
  for (let i = 0; i < n; i++) if (mask[i] === 1) rows[j++] = i;
  return rows;
}

export type Cell = number | string | boolean | null;

/** A cell as users read it (booleans as true/false, dates as YYYY-MM-DD or full ISO). */
export function cell(column: Column, row: number): Cell {
  if (column.kind === 'categorical') {
    const code = column.codes[row] ?? -1;
    return code < 0 ? null : (column.categories[code] ?? null);
  }
  if (column.missing[row] === 1) return null;
  const v = column.values[row] ?? Number.NaN;
  if (column.type === 'boolean') return v === 1;
  if (column.type === 'datetime') return isoDate(v);
  return v;
}

export function isoDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

export interface Grouping {
  /** Group index per row of `rows` (−1 = a grouping value is missing; such rows are left out). */
  readonly codes: Int32Array;
  /** One label per group column per group. */
  readonly labels: readonly (readonly Cell[])[];
  readonly count: number;
}

/** Codes for one column over the given rows, with labels in a natural order (numbers ascending, text A–Z). */
function columnCodes(column: Column, rows: Uint32Array): { codes: Int32Array; labels: Cell[] } {
  const codes = new Int32Array(rows.length);
  if (column.kind === 'categorical') {
    const present = new Uint8Array(column.categories.length);
    for (let i = 0; i < rows.length; i++) {
      const c = column.codes[rows[i] ?? 0] ?? -1;
      if (c >= 0) present[c] = 1;
    }
    const order = column.categories.map((_, i) => i).filter((i) => present[i] === 1);
    order.sort((a, b) => (column.categories[a] ?? '').localeCompare(column.categories[b] ?? ''));
    const remap = new Int32Array(column.categories.length).fill(-1);
    order.forEach((c, i) => {
      remap[c] = i;
    });
    for (let i = 0; i < rows.length; i++) {
      const c = column.codes[rows[i] ?? 0] ?? -1;
      codes[i] = c < 0 ? -1 : (remap[c] ?? -1);
    }
    return { codes, labels: order.map((c) => column.categories[c] ?? null) };
  }
  const fast = smallIntegerCodes(column, rows);
  if (fast !== null) return fast;
  const seen = new Map<number, number>();
  const distinct: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    if (column.missing[r] === 1) {
      codes[i] = -1;
      continue;
    }
    const v = column.values[r] ?? Number.NaN;
    let c = seen.get(v);
    if (c === undefined) {
      c = distinct.length;
      distinct.push(v);
      seen.set(v, c);
    }
    codes[i] = c;
  }
  const order = distinct.map((_, i) => i).sort((a, b) => (distinct[a] ?? 0) - (distinct[b] ?? 0));
  const remap = new Int32Array(distinct.length);
  order.forEach((c, i) => {
    remap[c] = i;
  });
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] ?? -1;
    if (c >= 0) codes[i] = remap[c] ?? -1;
  }
  const labels = order.map((c): Cell => {
    const v = distinct[c] ?? Number.NaN;
    if (column.type === 'boolean') return v === 1;
    if (column.type === 'datetime') return isoDate(v);
    return v;
  });
  return { codes, labels };
}

/**
 * Booleans and small whole numbers (e.g. bedrooms) index an array directly instead of a hash map.
 * Returns null when the column holds other values.
 */
function smallIntegerCodes(column: NumericColumn, rows: Uint32Array): { codes: Int32Array; labels: Cell[] } | null {
  if (column.type === 'datetime') return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    if (column.missing[r] === 1) continue;
    const v = column.values[r] ?? Number.NaN;
    if (!Number.isInteger(v)) return null;
    if (v < min) min = v;
    if (v > max) max = v;
    if (max - min > 65_536) return null;
  }
  if (min > max) return { codes: new Int32Array(rows.length).fill(-1), labels: [] };
  const span = max - min + 1;
  const present = new Uint8Array(span);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    if (column.missing[r] !== 1) present[(column.values[r] ?? 0) - min] = 1;
  }
  const remap = new Int32Array(span).fill(-1);
  const labels: Cell[] = [];
  for (let v = 0; v < span; v++) {
    if (present[v] !== 1) continue;
    remap[v] = labels.length;
    labels.push(column.type === 'boolean' ? v + min === 1 : v + min);
  }
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    codes[i] = column.missing[r] === 1 ? -1 : (remap[(column.values[r] ?? 0) - min] ?? -1);
  }
  return { codes, labels };
}

/** Groups the given rows by up to two columns. */
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Codes of a grouping key: a column, or a part of a date column ("month of listed"). */
function keyCodes(table: Table, key: string, rows: Uint32Array): { codes: Int32Array; labels: Cell[] } {
  const direct = table.columns.find((x) => x.name === key);
  const parsed = direct === undefined ? parseDatePartKey(key) : null;
  if (parsed === null) return columnCodes(direct ?? requireColumn(table, key), rows);
  const column = requireColumn(table, parsed.column);
  if (column.kind !== 'numeric' || column.type !== 'datetime') {
    throw new MwError('MW_QUERY_BAD_VALUE', { message: `${parsed.column} is not a date column, so it has no ${parsed.part}.`, location: { column: parsed.column } });
  }
  return datePartCodes(column, parsed.part, rows);
}

/** Year (YYYY), calendar month (YYYY-MM) or weekday (Mon…Sun) of each row's date, in UTC, in time order. */
function datePartCodes(column: NumericColumn, part: DatePart, rows: Uint32Array): { codes: Int32Array; labels: Cell[] } {
  const keys = new Float64Array(rows.length);
  const seen = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    const ms = column.values[r] ?? Number.NaN;
    if (column.missing[r] === 1 || !Number.isFinite(ms)) {
      keys[i] = Number.NaN;
      continue;
    }
    const d = new Date(ms);
    const key = part === 'year' ? d.getUTCFullYear() : part === 'month' ? d.getUTCFullYear() * 12 + d.getUTCMonth() : (d.getUTCDay() + 6) % 7;
    keys[i] = key;
    seen.add(key);
  }
  const sorted = [...seen].sort((a, b) => a - b);
  const code = new Map(sorted.map((k, i) => [k, i]));
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) codes[i] = code.get(keys[i] ?? Number.NaN) ?? -1;
  const labels = sorted.map((k): Cell => {
    if (part === 'year') return String(k);
    if (part === 'weekday') return WEEKDAYS[k] ?? null;
    return `${String(Math.floor(k / 12)).padStart(4, '0')}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
  return { codes, labels };
}

export function groupRows(table: Table, rows: Uint32Array, by: readonly string[]): Grouping {
  if (by.length === 0) return { codes: new Int32Array(rows.length), labels: [[]], count: 1 };
  const parts = by.map((name) => keyCodes(table, name, rows));
  const first = parts[0]!;
  if (parts.length === 1) return { codes: first.codes, labels: first.labels.map((l) => [l]), count: first.labels.length };
  const second = parts[1]!;
  const n2 = second.labels.length;
  // Combined code c1 * n2 + c2, then compacted to the combinations that occur.
  const combined = new Map<number, number>();
  const keys: number[] = [];
  const codes = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const a = first.codes[i] ?? -1;
    const b = second.codes[i] ?? -1;
    if (a < 0 || b < 0) {
      codes[i] = -1;
      continue;
    }
    const key = a * n2 + b;
    let c = combined.get(key);
    if (c === undefined) {
      c = keys.length;
      keys.push(key);
      combined.set(key, c);
    }
    codes[i] = c;
  }
  const order = keys.map((_, i) => i).sort((x, y) => (keys[x] ?? 0) - (keys[y] ?? 0));
  const remap = new Int32Array(keys.length);
  order.forEach((c, i) => {
    remap[c] = i;
  });
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] ?? -1;
    if (c >= 0) codes[i] = remap[c] ?? -1;
  }
  const labels = order.map((c) => {
    const key = keys[c] ?? 0;
    return [first.labels[Math.floor(key / n2)] ?? null, second.labels[key % n2] ?? null];
  });
  return { codes, labels, count: keys.length };
}

/**
 * Puts the k-th smallest value of `a[lo..hi]` at index k, smaller ones before it and larger ones after
 * (Hoare partitioning with a median-of-three pivot): linear time on average, no full sort needed.
 */
export function selectInPlace(a: Float64Array, k: number, lo0 = 0, hi0 = a.length - 1): number {
  let lo = lo0;
  let hi = hi0;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const x = a[lo] ?? 0;
    const y = a[mid] ?? 0;
    const z = a[hi] ?? 0;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] ?? 0) < pivot) i++;
      while ((a[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = a[i] ?? 0;
        a[i] = a[j] ?? 0;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] ?? Number.NaN;
}

/**
 * Quantiles (linear interpolation, NumPy's default "type 7") of `values[lo..hi)`, reordering that range
 * in place. `qs` must be ascending. Each order statistic is selected within the part left by the previous one.
 */
export function quantilesInPlace(values: Float64Array, qs: readonly number[], lo = 0, hi = values.length): number[] {
  const n = hi - lo;
  if (n === 0) return qs.map(() => Number.NaN);
  let from = lo;
  return qs.map((q) => {
    const pos = (n - 1) * q;
    const k = lo + Math.floor(pos);
    const frac = pos - Math.floor(pos);
    const a = selectInPlace(values, k, from, hi - 1);
    from = k;
    if (frac === 0 || k + 1 >= hi) return a;
    // The next order statistic is the smallest value after k.
    let b = Number.POSITIVE_INFINITY;
    for (let i = k + 1; i < hi; i++) {
      const v = values[i] ?? Number.POSITIVE_INFINITY;
      if (v < b) b = v;
    }
    return a + (b - a) * frac;
  });
}

/** Quantile of sorted values with linear interpolation (NumPy's default, "type 7"). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const frac = pos - lo;
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return frac === 0 ? a : a + (b - a) * frac;
}

/** The present values of a numeric column over the rows, in row order. */
export function presentValues(column: NumericColumn, rows: Uint32Array): Float64Array {
  let count = 0;
  for (let i = 0; i < rows.length; i++) if (column.missing[rows[i] ?? 0] !== 1) count++;
  const out = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    if (column.missing[r] !== 1) out[j++] = column.values[r] ?? Number.NaN;
  }
  return out;
}

export function isMissingAt(column: Column, row: number): boolean {
  return column.kind === 'numeric' ? column.missing[row] === 1 : (column.codes[row] ?? -1) < 0;
}
