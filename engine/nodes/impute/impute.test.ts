import { describe, expect, it } from 'vitest';
import { Partition as P } from '../../data/table';
import { categorical, cells, makeTable, numeric, runOnTable, testContext, thrownCode } from '../test-support';
import { applyImpute, fitImpute, imputeNode } from './execute';
import { imputeParams } from './spec';

const { train: T, test: X } = P;
const params = (p: object = {}) => imputeParams.parse(p);

// Rows 0–4 are training rows, rows 5–6 test rows with extreme values that must not leak into the fill.
function houses(testSqft: (number | null)[] = [1e6, null]) {
  return makeTable(
    [
      numeric('sqft', [100, null, 300, 400, 1000, ...testSqft]),
      categorical('city', ['a', 'b', 'b', null, 'a', 'zzz', 'zzz']),
      numeric('garage', [1, 1, 0, null, 1, 0, 0], 'feature', 'boolean'),
      numeric('price', [1, 2, null, 4, 5, 6, 7], 'target', 'float'),
    ],
    [T, T, T, T, T, X, X],
  );
}

describe('Impute', () => {
  it('fills numbers with the mean, median or mode of the training rows', () => {
    const fill = (strategy: string) => fitImpute(houses(), params({ strategy, columns: ['sqft'] })).state.fills[0]?.value;
    expect(fill('mean')).toBe(450);
    expect(fill('median')).toBe(350);
    expect(fitImpute(makeTable([numeric('n', [1, 2, 2, 3, 3, null])]), params({ strategy: 'most-frequent' })).state.fills[0]?.value).toBe(2);
    expect(fill('constant')).toBe(0);
    const out = applyImpute(houses(), fitImpute(houses(), params({ columns: ['sqft'] })).state);
    expect(cells(out, 'sqft')).toEqual([100, 450, 300, 400, 1000, 1e6, 450]);
  });

  it('fills categories with the most frequent training category (ties alphabetical) or the constant text', () => {
    const mode = applyImpute(houses(), fitImpute(houses(), params({ columns: ['city'] })).state);
    expect(cells(mode, 'city')[3]).toBe('a');
    const constant = applyImpute(houses(), fitImpute(houses(), params({ strategy: 'constant', columns: ['city'], fillText: 'unknown' })).state);
    expect(cells(constant, 'city')[3]).toBe('unknown');
  });

  it('keeps yes/no columns 0/1 and turns integer columns with a fractional fill into floats', () => {
    const table = makeTable([numeric('flag', [1, 1, 0, null], 'feature', 'boolean'), numeric('n', [1, 2, null, 2], 'feature', 'integer')]);
    const out = applyImpute(table, fitImpute(table, params()).state);
    expect(cells(out, 'flag')).toEqual([1, 1, 0, 1]);
    expect(out.columns[1]?.type).toBe('float');
    expect(cells(out, 'n')[2]).toBeCloseTo(5 / 3, 12);
  });

  it('defaults to every feature column and leaves the target alone', () => {
    const { state } = fitImpute(houses(), params());
    expect(state.fills.map((f) => f.column)).toEqual(['sqft', 'city', 'garage']);
    expect(cells(applyImpute(houses(), state), 'price')[2]).toBeNull();
  });

  it('adds a missing indicator right after each column with gaps in the training rows', () => {
    const { state } = fitImpute(houses(), params({ addIndicator: true }));
    const out = applyImpute(houses(), state);
    expect(out.columns.map((c) => c.name)).toEqual(['sqft', 'sqft_missing', 'city', 'city_missing', 'garage', 'garage_missing', 'price']);
    expect(cells(out, 'sqft_missing')).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(out.columns[1]).toMatchObject({ type: 'boolean', role: 'feature' });
    // A gap only in a test row is filled, but does not earn an indicator column (that would be learned from test rows).
    const testOnly = makeTable([numeric('n', [1, 2, null])], [T, T, X]);
    const fitted = fitImpute(testOnly, params({ addIndicator: true })).state;
    expect(fitted.indicators).toEqual([]);
    expect(cells(applyImpute(testOnly, fitted), 'n')).toEqual([1, 2, 1.5]);
  });

  it('learns nothing from the test rows (no leakage)', () => {
    const a = fitImpute(houses([1e6, null]), params({ strategy: 'median' })).state;
    const b = fitImpute(houses([-5, 12345]), params({ strategy: 'median' })).state;
    const c = fitImpute(makeTable(houses().columns.map((col) => (col.name === 'city' ? categorical('city', ['a', 'b', 'b', null, 'a', 'q', 'q']) : col)), [T, T, T, T, T, X, X]), params({ strategy: 'median' })).state;
    expect(b.fills).toEqual(a.fills);
    expect(c.fills).toEqual(a.fills);
  });

  it('warns and uses the constant when a column has no training values', async () => {
    const table = makeTable([numeric('empty', [null, null, 5])], [T, T, X]);
    const ctx = testContext();
    const out = await runOnTable(imputeNode, table, { fillNumber: -1 }, ctx);
    expect(ctx.warnings.map((w) => w.code)).toEqual(['MW_IMPUTE_ALL_MISSING']);
    expect(cells(out, 'empty')).toEqual([-1, -1, 5]);
    expect(out.recipe.map((s) => s.kind)).toEqual(['impute']);
  });

  it('replays on new data and reports a missing or retyped column', () => {
    const { state } = fitImpute(houses(), params());
    const fresh = makeTable([numeric('sqft', [null]), categorical('city', [null]), numeric('garage', [null], 'feature', 'boolean')]);
    const out = applyImpute(fresh, state);
    expect([cells(out, 'sqft')[0], cells(out, 'city')[0], cells(out, 'garage')[0]]).toEqual([450, 'a', 1]);
    expect(thrownCode(() => applyImpute(makeTable([numeric('sqft', [1])]), state))).toBe('MW_PREDICT_SCHEMA_MISMATCH');
    const retyped = makeTable([categorical('sqft', [null]), categorical('city', ['a']), numeric('garage', [1], 'feature', 'boolean')]);
    expect(thrownCode(() => applyImpute(retyped, state))).toBe('MW_PREDICT_SCHEMA_MISMATCH');
    expect(thrownCode(() => fitImpute(houses(), params({ columns: ['nope'] })))).toBe('MW_COLUMN_NOT_FOUND');
  });
});
