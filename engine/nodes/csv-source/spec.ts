import { z } from 'zod';
import { defineSpec } from '../spec';

export const csvSourceParams = z.object({
  path: z.string().default('').describe('The CSV file to read, relative to the project folder or absolute.').meta({ file: true }),
  delimiter: z.enum(['auto', ',', ';', '\t', '|']).default('auto').describe('The character between fields; "auto" detects comma, semicolon, tab or bar.'),
  skipBadRows: z.boolean().default(false).describe('Skip rows with the wrong number of fields or broken quotes (and say how many) instead of stopping.'),
});
export type CsvSourceParams = z.infer<typeof csvSourceParams>;

export const csvSourceSpec = defineSpec({
  kind: 'csv-source',
  version: 1,
  title: 'CSV Source',
  category: 'Data',
  icon: '▤',
  docs:
    'Reads a CSV file into a table and works out the type of each column: numbers, yes/no, dates, categories, free text ' +
    'or identifiers. Missing values such as empty cells, NA or null are recognised. The file is fingerprinted, so the ' +
    'graph reruns from here only when the file really changes.',
  inputs: [],
  outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
  params: csvSourceParams,
  summary: (p) => (p.path === '' ? 'no file chosen' : (p.path.split(/[\\/]/).pop() ?? p.path)),
  files: (p) => (p.path === '' ? [] : [p.path]),
});
