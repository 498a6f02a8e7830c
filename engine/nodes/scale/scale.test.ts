import { describe, expect, it } from 'vitest';
import { Partition as P } from '../../data/table';
import { categorical, cells, makeTable, numeric, runOnTable, thrownCode } from '../test-support';
import { applyScale, fitScale, scaleNode } from './execute';
import { scaleParams } from './spec';

const { train: T, test: X } = P;
const params = (p: object = {}) => scaleParams.parse(p);

// Training values 1, 2, 3, 4, 10 (and a gap); the test row holds an extreme value.
function data(testValue = 1000) {
  return makeTable(
    [
      numeric('x', [1, 2, null, 3, 4, 10, testValue]),
      numeric('flag', [0, 1, 0, 1, 0, 1, 1], 'feature', 'boolean'),
      numeric('when', [0, 86_400_000, 0, 0, 0, 0, 0], 'feature', 'datetime'),
      categorical('city', ['a', 'b', 'a', 'b', 'a', 'b', 'a']),
      numeric('y', [1, 2, 3, 4, 5, 6, 7], 'target', 'float'),
    ],
    [T, T, T, T, T, T, X],
  );
}
const stateOf = (method: string, table = data()) => fitScale(table, params({ method, columns: ['x'] })).columns[0];

describe('Scale', () => {
  it('standardises with the training mean and population standard deviation', () => {
    // mean 4, population variance (9 + 4 + 1 + 0 + 36) / 5 = 10
    expect(stateOf('standard')).toEqual({ column: 'x', center: 4, scale: Math.sqrt(10) });
  });

  it('min-max scales to the training range', () => {
    expect(stateOf('min-max')).toEqual({ column: 'x', center: 1, scale: 9 });
  });

  it('robust-scales with the median and interquartile range (NumPy linear quantiles)', () => {
    // sorted 1 2 3 4 10: q25 = 2, median = 3, q75 = 4
    expect(stateOf('robust')).toEqual({ column: 'x', center: 3, scale: 2 });
  });

  it('learns nothing from the test rows (no leakage)', () => {
    for (const method of ['standard', 'min-max', 'robust']) expect(stateOf(method, data(-1e9))).toEqual(stateOf(method, data(1e9)));
  });

  it('applies the training statistics to every row and keeps gaps missing', async () => {
    const out = await runOnTable(scaleNode, data(), { method: 'min-max' });
    expect(cells(out, 'x')).toEqual([0, 1 / 9, null, 2 / 9, 3 / 9, 1, 111]);
    expect(out.columns.find((c) => c.name === 'x')?.type).toBe('float');
    expect(out.recipe.map((s) => s.kind)).toEqual(['scale']);
  });

  it('by default scales number and date features, not yes/no columns, categories or the target', () => {
    expect(fitScale(data(), params()).columns.map((c) => c.column)).toEqual(['x', 'when']);
  });

  it('only centres a column without spread, and leaves an all-missing column as it is', () => {
    const t = makeTable([numeric('c', [5, 5, 5]), numeric('m', [null, null, null])]);
    expect(fitScale(t, params()).columns).toEqual([
      { column: 'c', center: 5, scale: 1 },
      { column: 'm', center: 0, scale: 1 },
    ]);
  });

  it('refuses category columns and replays only on data with the column', () => {
    expect(thrownCode(() => fitScale(data(), params({ columns: ['city'] })))).toBe('MW_COLUMN_WRONG_TYPE');
    const state = fitScale(data(), params());
    expect(thrownCode(() => applyScale(makeTable({ x: [1] }), state))).toBe('MW_PREDICT_SCHEMA_MISMATCH');
    expect(cells(applyScale(makeTable({ x: [4], when: [0] }), state), 'x')).toEqual([0]);
  });
});
