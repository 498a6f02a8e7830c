import { z } from 'zod';
import { defineSpec } from '../spec';

export const encodeParams = z.object({
  method: z
    .enum(['one-hot', 'ordinal'])
    .default('one-hot')
    .describe('One-hot: a 0/1 column per category ("city=Lakeside"). Ordinal: one column of numbers 0, 1, 2… in alphabetical order.'),
  columns: z.array(z.string()).default([]).describe('Category columns to encode. Empty: every category feature column.').meta({ columns: true }),
  maxCategories: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(20)
    .describe('Keep at most this many of the most frequent categories per column; the rest share the "(other)" bucket.'),
});
export type EncodeParams = z.infer<typeof encodeParams>;

export const encodeSpec = defineSpec({
  kind: 'encode',
  version: 1,
  title: 'Encode categories',
  category: 'Transform',
  icon: '#',
  docs:
    'Turns category columns into numbers a model can use. One-hot encoding makes a 0/1 column per category, named ' +
    '"<column>=<category>"; ordinal encoding numbers the categories. The categories are learned from the training rows; ' +
    'rare ones beyond the cap, and categories first seen in new data at prediction time, go to an "(other)" bucket.',
  inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  params: encodeParams,
  summary: (p) => `${p.method}, up to ${p.maxCategories} categories, ${p.columns.length === 0 ? 'all category features' : `${p.columns.length} column${p.columns.length === 1 ? '' : 's'}`}`,
});
