import { describe, expect, it } from 'vitest';
import { categorical, makeTable, numeric, runOnTable, testContext, thrownCode } from '../test-support';
import { applySelectColumns, fitSelectColumns, selectColumnsNode } from './execute';
import { selectColumnsParams } from './spec';

const table = makeTable([
  numeric('price', [1, 2, 3], 'feature', 'float'),
  numeric('sqft', [10, 20, 30]),
  categorical('city', ['a', 'b', 'a']),
  categorical('name', ['x', 'y', 'z'], 'feature', 'text'),
  categorical('id', ['1', '2', '3'], 'feature', 'identifier'),
]);
const roles = (t: typeof table) => Object.fromEntries(t.columns.map((c) => [c.name, c.role]));

describe('Select Columns', () => {
  it('by default makes every other non-text, non-identifier column a feature', async () => {
    const out = await runOnTable(selectColumnsNode, table, { target: 'price' });
    expect(roles(out)).toEqual({ price: 'target', sqft: 'feature', city: 'feature', name: 'ignored', id: 'ignored' });
  });

  it('honours explicit features and ignored columns', async () => {
    expect(roles(await runOnTable(selectColumnsNode, table, { target: 'price', features: ['city'] }))).toEqual({ price: 'target', sqft: 'ignored', city: 'feature', name: 'ignored', id: 'ignored' });
    expect(roles(await runOnTable(selectColumnsNode, table, { target: 'price', ignored: ['sqft'] }))).toEqual({ price: 'target', sqft: 'ignored', city: 'feature', name: 'ignored', id: 'ignored' });
  });

  it('warns when a text or identifier column is chosen as a feature', async () => {
    const ctx = testContext();
    const out = await runOnTable(selectColumnsNode, table, { target: 'price', features: ['sqft', 'id'] }, ctx);
    expect(roles(out)['id']).toBe('feature');
    expect(ctx.warnings.map((w) => [w.code, w.location.column])).toEqual([['MW_TRAIN_TEXT_FEATURE', 'id']]);
  });

  it('reports unknown columns and contradictory roles with the field', () => {
    const p = (x: object) => selectColumnsParams.parse(x);
    expect(thrownCode(() => fitSelectColumns(table, p({ target: 'nope' })))).toBe('MW_COLUMN_NOT_FOUND');
    expect(thrownCode(() => fitSelectColumns(table, p({ features: ['sqft', 'nope'] })))).toBe('MW_COLUMN_NOT_FOUND');
    expect(thrownCode(() => fitSelectColumns(table, p({ target: 'price', features: ['price'] })))).toBe('MW_NODE_INVALID_PARAMS');
    expect(thrownCode(() => fitSelectColumns(table, p({ target: 'price', ignored: ['price'] })))).toBe('MW_NODE_INVALID_PARAMS');
  });

  it('warns when no feature is left', () => {
    const { warnings } = fitSelectColumns(makeTable([numeric('y', [1])]), selectColumnsParams.parse({ target: 'y' }));
    expect(warnings.map((w) => w.code)).toEqual(['MW_TABLE_NO_FEATURES']);
  });

  it('records its roles in the recipe and replays them on new data without a target', async () => {
    const out = await runOnTable(selectColumnsNode, table, { target: 'price' });
    expect(out.recipe).toHaveLength(1);
    const step = out.recipe[0];
    expect(step?.kind).toBe('select-columns');
    const fresh = makeTable([categorical('city', ['c']), numeric('sqft', [5]), numeric('extra', [1])]);
    expect(roles(applySelectColumns(fresh, step?.state))).toEqual({ city: 'feature', sqft: 'feature', extra: 'ignored' });
    expect(thrownCode(() => applySelectColumns(makeTable([numeric('sqft', [5])]), step?.state))).toBe('MW_PREDICT_SCHEMA_MISMATCH');
  });

  it('shares column data with its input (roles only)', async () => {
    const out = await runOnTable(selectColumnsNode, table, { target: 'price' });
    const sqft = out.columns.find((c) => c.name === 'sqft');
    expect(sqft?.kind === 'numeric' && sqft.values).toBe((table.columns[1] as { values: Float64Array }).values);
  });

  it('puts the features first in the chosen order, then the target and ignored columns', async () => {
    const out = await runOnTable(selectColumnsNode, table, { target: 'price', features: ['city', 'sqft'] });
    expect(out.columns.map((c) => c.name)).toEqual(['city', 'sqft', 'price', 'name', 'id']);
  });
});
