import { z } from 'zod';
import { defineSpec } from '../spec';

export const filterOperators = ['=', '!=', '<', '<=', '>', '>=', 'contains', 'is missing', 'is not missing', 'in'] as const;
export type FilterOperator = (typeof filterOperators)[number];

export const filterConditionSchema = z.object({
  column: z.string().default('').describe('The column to test.').meta({ column: true }),
  op: z.enum(filterOperators).default('=').describe('How to compare. "contains" is for category and text columns; "in" matches any of the listed values.'),
  value: z.string().default('').describe('The value to compare with (a number for number columns, yes/no or true/false for yes/no columns, a date like 2024-05-01 for dates).'),
  values: z.array(z.string()).default([]).describe('For "in": the values to match (or list them in "value", separated by commas).'),
});
export type FilterCondition = z.infer<typeof filterConditionSchema>;

export const filterRowsParams = z.object({
  conditions: z.array(filterConditionSchema).default([]).describe('Conditions on column values. No conditions keeps every row.'),
  combine: z.enum(['all', 'any']).default('all').describe('Keep rows that meet all conditions, or any of them.'),
});
export type FilterRowsParams = z.infer<typeof filterRowsParams>;

function describe(c: FilterCondition): string {
  if (c.op === 'is missing' || c.op === 'is not missing') return `${c.column} ${c.op}`;
  if (c.op === 'in') return `${c.column} in [${(c.values.length > 0 ? c.values : [c.value]).join(', ')}]`;
  return `${c.column} ${c.op} ${c.value}`;
}

export const filterRowsSpec = defineSpec({
  kind: 'filter-rows',
  version: 1,
  title: 'Filter Rows',
  category: 'Data',
  icon: '▽',
  docs:
    'Keeps only the rows that meet conditions such as "price > 100000" or "city in Lakeside, Riverton". Conditions compare a ' +
    'column with a value; combine them so that all, or any, must hold. A missing value never meets a comparison; use ' +
    '"is missing" or "is not missing" to pick rows by their gaps. Rows keep their split part when filtered after a Split.',
  inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  params: filterRowsParams,
  summary: (p) => (p.conditions.length === 0 ? 'keep all rows' : p.conditions.map(describe).join(p.combine === 'all' ? ' and ' : ' or ')),
});
