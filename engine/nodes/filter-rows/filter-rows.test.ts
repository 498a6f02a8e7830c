import { describe, expect, it } from 'vitest';
import { Partition as P } from '../../data/table';
import { categorical, cells, makeTable, numeric, rejectedCode, runOnTable, testContext, thrownCode } from '../test-support';
import { filterRows, filterRowsNode } from './execute';
import { filterRowsParams } from './spec';

const table = makeTable(
  [
    numeric('price', [100, 200, null, 400, 500]),
    categorical('city', ['Lakeside', 'Riverton', 'Lakeside', null, 'Springfield']),
    numeric('garage', [1, 0, 1, 0, null], 'feature', 'boolean'),
    numeric('listed', [Date.UTC(2024, 0, 1), Date.UTC(2024, 5, 1), Date.UTC(2025, 0, 1), null, Date.UTC(2023, 0, 1)], 'feature', 'datetime'),
  ],
  [P.train, P.test, P.train, P.validation, P.train],
);
type Condition = { column: string; op: string; value?: string; values?: string[] };
const keep = (conditions: Condition[], combine: 'all' | 'any' = 'all') => cells(filterRows(table, filterRowsParams.parse({ conditions, combine })), 'price');

describe('Filter Rows', () => {
  it('compares numbers; a missing value never meets a comparison', () => {
    expect(keep([{ column: 'price', op: '>', value: '150' }])).toEqual([200, 400, 500]);
    expect(keep([{ column: 'price', op: '<=', value: ' 200 ' }])).toEqual([100, 200]);
    expect(keep([{ column: 'price', op: '!=', value: '100' }])).toEqual([200, 400, 500]);
    expect(keep([{ column: 'price', op: 'in', value: '100, 500' }])).toEqual([100, 500]);
    expect(keep([{ column: 'price', op: 'is missing' }])).toEqual([null]);
  });

  it('matches categories by =, !=, in and contains (case-insensitive)', () => {
    expect(keep([{ column: 'city', op: '=', value: 'Lakeside' }])).toEqual([100, null]);
    expect(keep([{ column: 'city', op: '!=', value: 'Lakeside' }])).toEqual([200, 500]);
    expect(keep([{ column: 'city', op: 'in', values: ['Riverton', 'Springfield'] }])).toEqual([200, 500]);
    expect(keep([{ column: 'city', op: 'contains', value: 'SIDE' }])).toEqual([100, null]);
    expect(keep([{ column: 'city', op: 'is not missing' }])).toEqual([100, 200, null, 500]);
  });

  it('reads yes/no and date values by the column type', () => {
    expect(keep([{ column: 'garage', op: '=', value: 'yes' }])).toEqual([100, null]);
    expect(keep([{ column: 'listed', op: '>=', value: '2024-06-01' }])).toEqual([200, null]);
  });

  it('combines conditions with all or any', () => {
    const conditions = [
      { column: 'city', op: '=', value: 'Lakeside' },
      { column: 'price', op: '>', value: '300' },
    ];
    expect(keep(conditions, 'all')).toEqual([]);
    expect(keep(conditions, 'any')).toEqual([100, null, 400, 500]);
  });

  it('keeps each row with its partition, and everything without conditions', () => {
    const out = filterRows(table, filterRowsParams.parse({ conditions: [{ column: 'price', op: '>=', value: '200' }] }));
    expect(Array.from(out.partition ?? [])).toEqual([P.test, P.validation, P.train]);
    expect(filterRows(table, filterRowsParams.parse({}))).toBe(table);
  });

  it('refuses values and operators that do not fit the column', () => {
    const bad = (c: Condition) => thrownCode(() => filterRows(table, filterRowsParams.parse({ conditions: [c] })));
    expect(bad({ column: 'price', op: '>', value: 'cheap' })).toBe('MW_FILTER_BAD_VALUE');
    expect(bad({ column: 'price', op: '=', value: '' })).toBe('MW_FILTER_BAD_VALUE');
    expect(bad({ column: 'price', op: 'contains', value: '1' })).toBe('MW_FILTER_BAD_VALUE');
    expect(bad({ column: 'city', op: '<', value: 'M' })).toBe('MW_FILTER_BAD_VALUE');
    expect(bad({ column: 'garage', op: '=', value: 'maybe' })).toBe('MW_FILTER_BAD_VALUE');
    expect(bad({ column: 'garage', op: '>', value: '0' })).toBe('MW_FILTER_BAD_VALUE');
    expect(bad({ column: 'listed', op: '<', value: 'last tuesday' })).toBe('MW_FILTER_BAD_VALUE');
    expect(bad({ column: 'nope', op: '=', value: '1' })).toBe('MW_COLUMN_NOT_FOUND');
  });

  it('fails with MW_TABLE_EMPTY when no row is left, and logs how many were kept', async () => {
    expect(await rejectedCode(runOnTable(filterRowsNode, table, { conditions: [{ column: 'price', op: '>', value: '1e9' }] }))).toBe('MW_TABLE_EMPTY');
    const ctx = testContext();
    await runOnTable(filterRowsNode, table, { conditions: [{ column: 'price', op: '>', value: '150' }] }, ctx);
    expect(ctx.events).toContainEqual({ type: 'log', level: 'info', message: 'kept 3 of 5 rows' });
  });
});
