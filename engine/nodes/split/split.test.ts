import { describe, expect, it } from 'vitest';
import { Partition, type Table } from '../../data/table';
import { categorical, makeTable, numeric, runOnTable, testContext, thrownCode, rejectedCode } from '../test-support';
import { assignPartitions, shareOut, splitNode } from './execute';
import { splitParams } from './spec';

const params = (p: object = {}) => splitParams.parse(p);

function counts(partition: Uint8Array | null, rows?: number[]): Record<string, number> {
  const out = { train: 0, validation: 0, test: 0 };
  const idx = rows ?? Array.from({ length: partition?.length ?? 0 }, (_, i) => i);
  for (const i of idx) {
    const p = partition?.[i];
    if (p === Partition.train) out.train++;
    else if (p === Partition.validation) out.validation++;
    else if (p === Partition.test) out.test++;
  }
  return out;
}

function withTarget(labels: (string | null)[]): Table {
  return makeTable([numeric('x', labels.map((_, i) => i)), categorical('y', labels, 'target', 'categorical')]);
}

describe('Split', () => {
  it('gives exact sizes, copies no column and is repeatable by seed', async () => {
    const table = makeTable({ x: Array.from({ length: 1000 }, (_, i) => i) });
    const out = await runOnTable(splitNode, table, { stratify: false });
    expect(counts(out.partition)).toEqual({ train: 700, validation: 100, test: 200 });
    expect(out.columns).toBe(table.columns);
    const again = await runOnTable(splitNode, table, { stratify: false });
    expect(again.partition).toEqual(out.partition);
    const other = await runOnTable(splitNode, table, { stratify: false, seed: 7 });
    expect(other.partition).not.toEqual(out.partition);
  });

  it('keeps class proportions when stratified', () => {
    const labels = [...Array(600).fill('a'), ...Array(300).fill('b'), ...Array(100).fill('c')] as string[];
    const { partition } = assignPartitions(withTarget(labels), params());
    const rowsOf = (label: string) => labels.flatMap((l, i) => (l === label ? [i] : []));
    expect(counts(partition, rowsOf('a'))).toEqual({ train: 420, validation: 60, test: 120 });
    expect(counts(partition, rowsOf('b'))).toEqual({ train: 210, validation: 30, test: 60 });
    expect(counts(partition, rowsOf('c'))).toEqual({ train: 70, validation: 10, test: 20 });
  });

  it('sends a class with a single row to train with a warning instead of failing', async () => {
    const labels = [...Array(50).fill('a'), ...Array(49).fill('b'), 'lonely'] as string[];
    const ctx = testContext();
    const out = await runOnTable(splitNode, withTarget(labels), {}, ctx);
    expect(ctx.warnings.map((w) => w.code)).toEqual(['MW_SPLIT_CLASS_TOO_SMALL']);
    expect(ctx.warnings[0]?.details?.['classes']).toEqual(['lonely']);
    expect(out.partition?.[99]).toBe(Partition.train);
    expect(counts(out.partition)).toEqual({ train: 70, validation: 10, test: 20 });
  });

  it('splits at random, with a warning, when most classes have a single row', () => {
    const { partition, warnings } = assignPartitions(withTarget(Array.from({ length: 50 }, (_, i) => `id${i}`)), params());
    expect(warnings.map((w) => w.code)).toEqual(['MW_SPLIT_CLASS_TOO_SMALL']);
    expect(counts(partition)).toEqual({ train: 35, validation: 5, test: 10 });
  });

  it('does not crash on a single-class target', () => {
    const { partition, warnings } = assignPartitions(withTarget(Array(10).fill('only') as string[]), params());
    expect(warnings).toEqual([]);
    expect(counts(partition)).toEqual({ train: 7, validation: 1, test: 2 });
  });

  it('splits at random (and says why) for a continuous target, and warns without a target', async () => {
    const continuous = makeTable([numeric('x', [1, 2, 3, 4, 5]), numeric('y', [0.1, 0.2, 0.3, 0.4, 0.5], 'target', 'float')]);
    const ctx = testContext();
    await runOnTable(splitNode, continuous, {}, ctx);
    expect(ctx.warnings).toEqual([]);
    expect(ctx.events.some((e) => e.type === 'log' && e.message.includes('continuous'))).toBe(true);
    const noTarget = testContext();
    await runOnTable(splitNode, makeTable({ x: [1, 2, 3, 4, 5] }), {}, noTarget);
    expect(noTarget.warnings.map((w) => w.code)).toEqual(['MW_TABLE_NO_TARGET']);
  });

  it('stratifies integer and boolean targets with few values; missing targets form their own group', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i < 80 ? 0 : 1));
    const t = makeTable([numeric('x', y), numeric('y', y, 'target', 'boolean')]);
    const { partition } = assignPartitions(t, params({ validation: 0 }));
    expect(counts(partition, y.flatMap((v, i) => (v === 1 ? [i] : [])))).toEqual({ train: 16, validation: 0, test: 4 });
    const labels = [...Array(10).fill('a'), ...Array(10).fill(null)] as (string | null)[];
    const split = assignPartitions(withTarget(labels), params({ validation: 0, test: 0.5 }));
    expect(counts(split.partition, Array.from({ length: 10 }, (_, i) => i + 10))).toEqual({ train: 5, validation: 0, test: 5 });
  });

  it('refuses fractions that leave no training rows, and empty tables', async () => {
    expect(thrownCode(() => assignPartitions(makeTable({ x: [1, 2] }), params({ test: 0.6, validation: 0.4 })))).toBe('MW_SPLIT_FRACTIONS');
    expect(thrownCode(() => assignPartitions(makeTable({ x: [] }), params()))).toBe('MW_TABLE_EMPTY');
    expect(splitParams.safeParse({ test: 0 }).success).toBe(false);
    expect(await rejectedCode(runOnTable(splitNode, makeTable({ x: [1] }), {}))).toBeUndefined();
  });

  it('shares rows out by largest remainder within capacities', () => {
    expect(shareOut([5, 5, 5], 0.2, [4, 4, 4])).toEqual([1, 1, 1]);
    expect(shareOut([3, 3, 4], 0.5, [2, 2, 3])).toEqual([2, 1, 2]);
    expect(shareOut([2], 0.9, [1])).toEqual([1]);
  });
});
