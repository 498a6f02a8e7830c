import { describe, expect, it } from 'vitest';
import { sourceColumns } from '../../data/recipe';
import { Partition as P } from '../../data/table';
import { categorical, cells, makeTable, numeric, runOnTable, thrownCode } from '../test-support';
import { applyEncode, encodeNode, fitEncode, OTHER_BUCKET } from './execute';
import { encodeParams } from './spec';

const { train: T, test: X } = P;
const params = (p: object = {}) => encodeParams.parse(p);

function cities(testCities: (string | null)[] = ['Paris', 'Rome']) {
  return makeTable(
    [
      numeric('sqft', [1, 2, 3, 4, 5, 6, 7, 8]),
      categorical('city', ['b', 'a', 'b', 'c', null, 'b', ...testCities]),
      categorical('id', ['1', '2', '3', '4', '5', '6', '7', '8'], 'ignored', 'identifier'),
      numeric('price', [1, 2, 3, 4, 5, 6, 7, 8], 'target', 'float'),
    ],
    [T, T, T, T, T, T, X, X],
  );
}

describe('Encode', () => {
  it('one-hot encodes category features in place, with an "(other)" column', async () => {
    const out = await runOnTable(encodeNode, cities(), {});
    expect(out.columns.map((c) => c.name)).toEqual(['sqft', 'city=a', 'city=b', 'city=c', `city=${OTHER_BUCKET}`, 'id', 'price']);
    expect(cells(out, 'city=b')).toEqual([1, 0, 1, 0, 0, 1, 0, 0]);
    // A missing category sets no column; categories never seen in training rows go to "(other)".
    expect(cells(out, `city=${OTHER_BUCKET}`)).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
    expect(out.columns[1]).toMatchObject({ kind: 'numeric', type: 'boolean', role: 'feature' });
    expect(out.recipe.map((s) => s.kind)).toEqual(['encode']);
  });

  it('keeps the most frequent training categories up to the cap', () => {
    const state = fitEncode(cities(), params({ maxCategories: 1 }));
    expect(state.columns[0]?.categories).toEqual(['b']);
    const out = applyEncode(cities(), state);
    expect(cells(out, `city=${OTHER_BUCKET}`)).toEqual([0, 1, 0, 1, 0, 0, 1, 1]);
  });

  it('learns categories from the training rows only (no leakage)', () => {
    const a = fitEncode(cities(['Paris', 'Rome']), params());
    const b = fitEncode(cities(['a', 'zzz']), params());
    expect(b).toEqual(a);
    expect(a.columns[0]?.categories).toEqual(['a', 'b', 'c']);
  });

  it('maps categories unseen at prediction time to "(other)"', () => {
    const state = fitEncode(cities(), params());
    const fresh = makeTable([categorical('city', ['new', 'c', null]), numeric('sqft', [1, 2, 3])]);
    const out = applyEncode(fresh, state);
    expect(cells(out, `city=${OTHER_BUCKET}`)).toEqual([1, 0, 0]);
    expect(cells(out, 'city=c')).toEqual([0, 1, 0]);
  });

  it('ordinal-encodes alphabetically with "(other)" last and missing kept missing', () => {
    const state = fitEncode(cities(), params({ method: 'ordinal' }));
    const out = applyEncode(cities(), state);
    expect(cells(out, 'city')).toEqual([1, 0, 1, 2, null, 1, 3, 3]);
    expect(out.columns[1]).toMatchObject({ kind: 'numeric', type: 'integer' });
  });

  it('records the source of every output column so importance can fold them back', () => {
    const out = applyEncode(cities(), fitEncode(cities(), params()));
    const step = { kind: 'encode', nodeId: 'e', state: fitEncode(cities(), params()) };
    expect(Object.fromEntries(sourceColumns([step]))).toEqual({ 'city=a': 'city', 'city=b': 'city', 'city=c': 'city', [`city=${OTHER_BUCKET}`]: 'city' });
    expect(out.columns).toHaveLength(7);
  });

  it('refuses number columns and makes output names unique', () => {
    expect(thrownCode(() => fitEncode(cities(), params({ columns: ['sqft'] })))).toBe('MW_COLUMN_WRONG_TYPE');
    const clash = makeTable([categorical('c', ['x', 'y']), numeric('c=x', [1, 2])]);
    const state = fitEncode(clash, params());
    expect(state.columns[0]?.outputs).toEqual(['c=x (2)', 'c=y', `c=${OTHER_BUCKET}`]);
    expect(thrownCode(() => applyEncode(makeTable([numeric('city', [1])]), fitEncode(cities(), params())))).toBe('MW_PREDICT_SCHEMA_MISMATCH');
  });
});
