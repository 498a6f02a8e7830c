/**
 * Filter Rows: each condition becomes a row mask computed from typed values; nothing is evaluated as code.
 * Values are parsed once per condition, by the column's type; a value that does not fit is MW_FILTER_BAD_VALUE.
 */
import { MwError } from '../../errors';
import { takeRows, type CategoricalColumn, type NumericColumn, type Table } from '../../data/table';
import { columnByName } from '../columns';
import { defineNode } from '../node';
import { portValue, requireInput } from '../values';
import { filterRowsSpec, type FilterCondition, type FilterRowsParams } from './spec';

/** 1 where the row meets the condition. */
type Mask = Uint8Array;

export function filterRows(table: Table, params: FilterRowsParams): Table {
  if (params.conditions.length === 0) return table;
  const n = table.rowCount;
  const masks = params.conditions.map((c, i) => conditionMask(table, c, `conditions.${i}`));
  const keep = new Uint8Array(n);
  let kept = 0;
  for (let r = 0; r < n; r++) {
    const ok = params.combine === 'all' ? masks.every((m) => m[r] === 1) : masks.some((m) => m[r] === 1);
    if (ok) {
      keep[r] = 1;
      kept++;
    }
  }
  const rows = new Uint32Array(kept);
  for (let r = 0, j = 0; r < n; r++) if (keep[r] === 1) rows[j++] = r;
  return takeRows(table, rows);
}

function conditionMask(table: Table, condition: FilterCondition, field: string): Mask {
  const column = columnByName(table, condition.column, `${field}.column`);
  const n = table.rowCount;
  const mask = new Uint8Array(n);
  if (condition.op === 'is missing' || condition.op === 'is not missing') {
    const want = condition.op === 'is missing' ? 1 : 0;
    for (let r = 0; r < n; r++) {
      const missing = column.kind === 'numeric' ? column.missing[r] === 1 : (column.codes[r] ?? -1) < 0;
      mask[r] = (missing ? 1 : 0) === want ? 1 : 0;
    }
    return mask;
  }
  if (column.kind === 'categorical') return categoryMask(column, condition, field, mask);
  return numericMask(column, condition, field, mask);
}

function rawValues(condition: FilterCondition): string[] {
  if (condition.op !== 'in') return [condition.value];
  return condition.values.length > 0 ? condition.values : condition.value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

function categoryMask(column: CategoricalColumn, condition: FilterCondition, field: string, mask: Mask): Mask {
  const values = rawValues(condition);
  let test: (category: string) => boolean;
  switch (condition.op) {
    case '=':
    case 'in': {
      const set = new Set(values);
      test = (c) => set.has(c);
      break;
    }
    case '!=':
      test = (c) => c !== condition.value;
      break;
    case 'contains': {
      const needle = condition.value.toLowerCase();
      test = (c) => c.toLowerCase().includes(needle);
      break;
    }
    default:
      throw badValue(`"${condition.op}" compares numbers or dates, but "${column.name}" holds ${column.type} values; use =, !=, contains or in.`, column.name, `${field}.op`);
  }
  const byCode = Uint8Array.from(column.categories, (c) => (test(c) ? 1 : 0));
  for (let r = 0; r < mask.length; r++) {
    const code = column.codes[r] ?? -1;
    mask[r] = code >= 0 ? (byCode[code] ?? 0) : 0;
  }
  return mask;
}

function numericMask(column: NumericColumn, condition: FilterCondition, field: string, mask: Mask): Mask {
  const op = condition.op;
  if (op === 'contains') throw badValue(`"contains" looks for text, but "${column.name}" holds ${column.type} values.`, column.name, `${field}.op`);
  if (column.type === 'boolean' && op !== '=' && op !== '!=' && op !== 'in') {
    throw badValue(`"${op}" does not apply to the yes/no column "${column.name}"; use = or !=.`, column.name, `${field}.op`);
  }
  const parsed = rawValues(condition).map((v) => parseForColumn(column, v, field));
  const x = parsed[0] ?? Number.NaN;
  const set = new Set(parsed);
  const compare: (v: number) => boolean =
    op === '=' ? (v) => v === x
    : op === '!=' ? (v) => v !== x
    : op === '<' ? (v) => v < x
    : op === '<=' ? (v) => v <= x
    : op === '>' ? (v) => v > x
    : op === '>=' ? (v) => v >= x
    : (v) => set.has(v);
  for (let r = 0; r < mask.length; r++) mask[r] = column.missing[r] !== 1 && compare(column.values[r] ?? Number.NaN) ? 1 : 0;
  return mask;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'f']);

function parseForColumn(column: NumericColumn, raw: string, field: string): number {
  const text = raw.trim();
  if (column.type === 'boolean') {
    const lower = text.toLowerCase();
    if (TRUE_WORDS.has(lower)) return 1;
    if (FALSE_WORDS.has(lower)) return 0;
    throw badValue(`"${raw}" is not a yes/no value for "${column.name}" (use yes/no or true/false).`, column.name, `${field}.value`);
  }
  if (column.type === 'datetime') {
    const ms = Date.parse(text);
    if (text === '' || !Number.isFinite(ms)) throw badValue(`"${raw}" is not a date for "${column.name}" (write it like 2024-05-01).`, column.name, `${field}.value`);
    return ms;
  }
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw badValue(`"${raw}" is not a number, but "${column.name}" holds numbers.`, column.name, `${field}.value`);
  return value;
}

function badValue(message: string, column: string, field: string): MwError {
  return new MwError('MW_FILTER_BAD_VALUE', { message, location: { column, field } });
}

export const filterRowsNode = defineNode(filterRowsSpec, async (inputs, params, ctx) => {
  const table = requireInput(inputs, 'table', 'Table');
  const out = filterRows(table, params);
  if (out.rowCount === 0 && table.rowCount > 0) {
    throw new MwError('MW_TABLE_EMPTY', { message: `No row of ${table.rowCount} meets the filter conditions.` });
  }
  ctx.emit({ type: 'log', level: 'info', message: `kept ${out.rowCount} of ${table.rowCount} rows` });
  return { table: portValue('Table', out) };
});
