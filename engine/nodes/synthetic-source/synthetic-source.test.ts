import { describe, expect, it } from 'vitest';
import { makeTable, rejectedCode, runOnTable, testContext } from '../test-support';
import { syntheticSourceNode } from './execute';
import { syntheticSourceParams } from './spec';

async function generate(params: unknown) {
  const ctx = testContext();
  const out = await syntheticSourceNode.execute({}, syntheticSourceParams.parse(params), ctx);
  const table = out['table'];
  if (table?.type !== 'Table') throw new Error('no table');
  return { table: table.value, ctx };
}

describe('synthetic data node', () => {
  it('generates a classification problem by default, with its target set', async () => {
    const { table, ctx } = await generate({});
    expect(table.rowCount).toBe(1000);
    expect(table.columns.map((c) => c.name)).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'target']);
    expect(table.columns.at(-1)?.role).toBe('target');
    expect(ctx.events.some((e) => e.type === 'log' && /x1…x3 informative/.test(e.message))).toBe(true);
  });

  it('generates regression problems', async () => {
    const { table } = await generate({ mode: 'regression', rows: 50, features: 2, informative: 1 });
    expect(table.columns.at(-1)).toMatchObject({ name: 'target', kind: 'numeric', role: 'target' });
  });

  it('makes a twin of the connected table and says it is not a privacy guarantee', async () => {
    const source = makeTable({ a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], b: ['x', 'y', 'x', 'y', 'x', 'y', 'x', 'x', 'y', 'x'] });
    const ctx = testContext();
    const twin = await runOnTable(syntheticSourceNode, source, { mode: 'twin', rows: 30 }, ctx);
    expect(twin.rowCount).toBe(30);
    expect(ctx.events.some((e) => e.type === 'log' && /not a privacy guarantee/.test(e.message))).toBe(true);
  });

  it('twin mode without a table, and settings that do not fit, are coded errors', async () => {
    expect(await rejectedCode(generate({ mode: 'twin' }))).toBe('MW_NODE_MISSING_INPUT');
    expect(await rejectedCode(generate({ features: 2, informative: 3 }))).toBe('MW_SYNTH_INVALID');
  });
});
