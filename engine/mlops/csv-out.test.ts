import { describe, expect, it } from 'vitest';
import { readCsvText } from '../data/csv/index';
import { tableCsvChunks, tableToCsv } from './csv-out';

describe('prediction CSV output', () => {
  it('writes text that a spreadsheet would run as a formula inert, and numbers as numbers', async () => {
    const { table } = await readCsvText('city,price\n"=HYPERLINK(""https://x.test"",""click"")",-3.5\n+SUM(A1),2\n@cmd,\nLakeside,1e21\n');
    expect(tableToCsv(table).split('\n')).toEqual(['city,price', `"'=HYPERLINK(""https://x.test"",""click"")",-3.5`, `"'+SUM(A1)",2`, `"'@cmd",`, 'Lakeside,1e+21', '']);
  });

  it('streams in chunks that join to the same text', async () => {
    const { table } = await readCsvText(`a,b\n${Array.from({ length: 25 }, (_, i) => `${i},x${i}`).join('\n')}\n`);
    const chunks = [...tableCsvChunks(table, 10)];
    expect(chunks).toHaveLength(4);
    expect(chunks.join('')).toBe(tableToCsv(table));
  });
});
