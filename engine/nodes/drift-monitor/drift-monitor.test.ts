import { describe, expect, it } from 'vitest';
import { Partition } from '../../data/table';
import { fakeModel } from '../../runstore/test-support';
import { categorical, makeTable, numeric, rejectedCode, testContext } from '../test-support';
import { portValue } from '../values';
import { driftMonitorNode } from './execute';
import { driftMonitorParams } from './spec';

const n = 400;
const wave = (i: number) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453);
const reference = makeTable(
  [numeric('x', Array.from({ length: n }, (_, i) => wave(i) * 10)), categorical('c', Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b'))), numeric('extra', Array.from({ length: n }, () => 1))],
  Array.from({ length: n }, (_, i) => (i % 4 === 0 ? Partition.test : Partition.train)),
);
const same = makeTable([numeric('x', Array.from({ length: n }, (_, i) => wave(i + 1000) * 10)), categorical('c', Array.from({ length: n }, (_, i) => (i % 3 === 1 ? 'a' : 'b')))]);
const shifted = makeTable([numeric('x', Array.from({ length: n }, (_, i) => wave(i + 1000) * 10 + 4)), categorical('c', Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'a' : 'c')))]);

async function run(current: typeof same, params: unknown = {}, withModel = false) {
  const ctx = testContext();
  const inputs = { reference: portValue('Table', reference), current: portValue('Table', current), ...(withModel ? { model: portValue('Model', { ...fakeModel(1), target: 'c' }) } : {}) };
  const out = await driftMonitorNode.execute(inputs, driftMonitorParams.parse(params), ctx);
  const table = out['drift'];
  if (table?.type !== 'Table') throw new Error('no table');
  return { ctx, table: table.value };
}

describe('drift monitor node', () => {
  it('uses the reference train rows and reports one row per column', async () => {
    const { ctx, table } = await run(same, {}, true);
    // The model's input x, its target c ("extra" is not a model column), and the model's predictions.
    expect(table.rowCount).toBe(3);
    const kind = table.columns.find((c) => c.name === 'kind');
    expect(kind?.kind === 'categorical' && Array.from(kind.codes, (code) => kind.categories[code])).toEqual(['numeric', 'categorical', 'prediction']);
    expect(ctx.warnings).toEqual([]);
    expect(ctx.events.some((e) => e.type === 'log' && /No drift/.test(e.message))).toBe(true);
  });

  it('warns MW_DRIFT_DETECTED when retraining is suggested', async () => {
    const { ctx } = await run(shifted, {}, true);
    expect(ctx.warnings.map((w) => w.code)).toEqual(['MW_DRIFT_DETECTED']);
    expect(ctx.warnings[0]?.message).toMatch(/^Retraining suggested/);
  });

  it('can fail the run instead, for scheduled jobs', async () => {
    expect(await rejectedCode(run(shifted, { failWhenRetrainingSuggested: true }, true))).toBe('MW_DRIFT_DETECTED');
  });

  it('says which columns are missing', async () => {
    expect(await rejectedCode(run(makeTable([numeric('y', [1, 2])])))).toBe('MW_DRIFT_COLUMNS');
  });
});
