import { describe, expect, it } from 'vitest';
import { Partition } from '../data/table';
import { categorical, makeTable, numeric } from '../nodes/test-support';
import { portValue } from '../nodes/values';
import type { ReportDocument } from '../report/document';
import { PREVIEW_ROWS, summarize, summarizeTable, tableSummarySchema } from './summaries';

const n = 120;
const table = {
  ...makeTable(
    [
      numeric('size', Array.from({ length: n }, (_, i) => (i === 1 ? null : i * 1.5))),
      categorical('city', Array.from({ length: n }, (_, i) => (i === 2 ? null : i % 2 === 0 ? 'a' : 'b'))),
      numeric('flag', Array.from({ length: n }, (_, i) => i % 2), 'feature', 'boolean'),
      numeric('when', Array.from({ length: n }, () => Date.UTC(2024, 4, 1)), 'feature', 'datetime'),
      numeric('y', Array.from({ length: n }, (_, i) => i), 'target', 'integer'),
    ],
    Array.from({ length: n }, (_, i) => (i < 80 ? Partition.train : i < 100 ? Partition.validation : Partition.test)),
  ),
  recipe: [{ kind: 'impute', nodeId: 'imp', state: { big: 'state stays in the engine' } }],
  sources: [{ path: 'data.csv', sha256: 'ab'.repeat(32), rows: n }],
};

describe('summaries', () => {
  it('summarises a table: schema with statistics, partition counts, first rows, recipe kinds', () => {
    const s = summarizeTable(table);
    expect(tableSummarySchema.parse(s)).toEqual(s);
    expect(s.rowCount).toBe(n);
    expect(s.columns.map((c) => [c.name, c.type, c.role])).toEqual([
      ['size', 'float', 'feature'],
      ['city', 'categorical', 'feature'],
      ['flag', 'boolean', 'feature'],
      ['when', 'datetime', 'feature'],
      ['y', 'integer', 'target'],
    ]);
    expect(s.columns[0]?.stats).toMatchObject({ missing: 1, count: n - 1 });
    expect(s.partitions).toEqual({ train: 80, validation: 20, test: 20, none: 0 });
    expect(s.rows).toHaveLength(PREVIEW_ROWS);
    expect(s.rows.slice(0, 3)).toEqual([
      [0, 'a', false, '2024-05-01T00:00:00.000Z', 0],
      [null, 'b', true, '2024-05-01T00:00:00.000Z', 1],
      [3, null, false, '2024-05-01T00:00:00.000Z', 2],
    ]);
    expect(s.recipe).toEqual([{ kind: 'impute', nodeId: 'imp' }]);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('has no partitions before a Split and fewer preview rows for small tables', () => {
    const s = summarizeTable(makeTable({ x: [1, 2] }));
    expect(s.partitions).toBeNull();
    expect(s.rows).toEqual([[1], [2]]);
  });

  it('reuses column statistics when only the role changed', () => {
    const before = summarizeTable(table).columns[0]?.stats;
    const renamed = { ...table, columns: table.columns.map((c) => (c.name === 'size' ? { ...c, role: 'ignored' as const } : c)) };
    const after = summarizeTable(renamed).columns[0]?.stats;
    expect(after).toEqual({ ...before, role: 'ignored' });
  });

  it('dispatches on the port type', () => {
    expect(summarize(portValue('Table', table))).toMatchObject({ type: 'Table', rowCount: n });
    const report: ReportDocument = { format: 'modelwright.report', version: 1, title: 'r', subtitle: '', author: '', audience: 'plain', createdAt: '', runId: 'run', sections: [], attachments: [] };
    expect(summarize(portValue('Report', report))).toEqual({ type: 'Report', title: 'r', sections: [], charts: 0, attachments: [] });
  });
});
