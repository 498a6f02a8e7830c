import { describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import { featuresPerSplit, trainRandomForest, trainRandomForestAsync } from './forest';
import { ForestModel } from './forest-model';
import { accuracy, gaussian, rSquared, synthetic } from './test-fixtures';

const xor = (row: Float64Array): number => (row[0]! * row[1]! > 0 ? 1 : 0);

describe('random forest', () => {
  it('classifies an XOR-like problem, and its out-of-bag score estimates test accuracy', () => {
    const noisyXor = (row: Float64Array, rng: { next(): number }): number => (rng.next() < 0.1 ? 1 - xor(row) : xor(row));
    const train = synthetic(1000, 4, 1, noisyXor);
    const test = synthetic(1000, 4, 2, noisyXor);
    const model = trainRandomForest({ ...train }, { task: 'classification', numTrees: 30, maxFeatures: 'all', minDataInLeaf: 3 });
    const testAccuracy = accuracy(model.predict(test.x, test.rows), test.y);
    expect(testAccuracy).toBeGreaterThan(0.84);
    expect(model.oobScore).not.toBeNull();
    expect(Math.abs(model.oobScore! - testAccuracy)).toBeLessThan(0.04);
    const proba = model.predictProba(test.x, test.rows);
    for (let r = 0; r < 20; r++) expect(proba[2 * r]! + proba[2 * r + 1]!).toBeCloseTo(1, 12);
    const gain = model.featureImportance('gain');
    expect(Math.min(gain[0]!, gain[1]!)).toBeGreaterThan(Math.max(gain[2]!, gain[3]!));
  });

  it('averages class distributions for several classes', () => {
    const label = (row: Float64Array): number => (row[0]! > 0.3 ? 2 : row[1]! > 0 ? 1 : 0);
    const train = synthetic(800, 3, 3, label);
    const test = synthetic(400, 3, 4, label);
    const model = trainRandomForest({ ...train }, { task: 'classification', numTrees: 20 });
    expect(model.trees[0]!.outputs).toBe(3);
    expect(accuracy(model.predict(test.x, test.rows), test.y)).toBeGreaterThan(0.93);
    const proba = model.predictProba(test.x, test.rows);
    for (let r = 0; r < test.rows; r++) expect(proba[3 * r]! + proba[3 * r + 1]! + proba[3 * r + 2]!).toBeCloseTo(1, 12);
  });

  it('regresses with leaf means, with an out-of-bag R²', () => {
    const label = (row: Float64Array, rng: { next(): number }): number => 1000 + 300 * row[0]! - 200 * Math.abs(row[1]!) + 20 * gaussian(rng as never);
    const train = synthetic(800, 4, 5, label);
    const test = synthetic(500, 4, 6, label);
    const model = trainRandomForest({ ...train }, { task: 'regression', numTrees: 20, minDataInLeaf: 2 });
    const r2 = rSquared(model.predict(test.x, test.rows), test.y);
    expect(r2).toBeGreaterThan(0.9);
    expect(Math.abs(model.oobScore! - r2)).toBeLessThan(0.05);
    expect(() => model.predictProba(test.x, test.rows)).toThrow(MwError);
  });

  it('fully grown single trees without bootstrap fit the training rows', () => {
    const train = synthetic(300, 3, 7, xor);
    const model = trainRandomForest({ ...train }, { task: 'classification', numTrees: 1, bootstrap: false, maxFeatures: 'all' });
    expect(accuracy(model.predict(train.x, train.rows), train.y)).toBe(1);
    expect(model.oobScore).toBeNull();
    const shallow = trainRandomForest({ ...train }, { task: 'classification', numTrees: 3, maxDepth: 2, maxLeaves: 3 });
    expect(shallow.trees.every((t) => t.depth <= 2 && t.numLeaves <= 3)).toBe(true);
  });

  it('tries sqrt(d) features per split for classification and all for regression by default', () => {
    expect(featuresPerSplit('auto', true, 20)).toBe(4);
    expect(featuresPerSplit('auto', false, 20)).toBe(20);
    expect(featuresPerSplit('third', false, 20)).toBe(6);
    expect(featuresPerSplit('log2', true, 20)).toBe(4);
    expect(featuresPerSplit(0.01, true, 20)).toBe(1);
  });

  it('is deterministic for a seed and round-trips through JSON', async () => {
    const train = synthetic(600, 5, 8, (row, rng) => (row[0]! + 0.5 * gaussian(rng) > 0 ? 1 : 0));
    train.x[3] = NaN;
    const params = { task: 'classification', numTrees: 10, seed: 3 } as const;
    const a = trainRandomForest({ ...train }, params);
    const b = await trainRandomForestAsync({ ...train }, params);
    const text = JSON.stringify(a.toJSON());
    expect(JSON.stringify(b.toJSON())).toBe(text);
    expect(JSON.stringify(trainRandomForest({ ...train }, { ...params, seed: 4 }).toJSON())).not.toBe(text);
    const loaded = ForestModel.fromJSON(JSON.parse(text));
    const before = a.predictProba(train.x, train.rows);
    const after = loaded.predictProba(train.x, train.rows);
    for (let i = 0; i < before.length; i++) expect(Object.is(before[i], after[i])).toBe(true);
    expect(loaded.oobScore).toBe(a.oobScore);
  });

  it('splits categorical features and copes with a single row', () => {
    const train = synthetic(600, 2, 9, (row, rng) => {
      row[0] = rng.int(8);
      return row[0] === 2 || row[0] === 5 ? 1 : 0;
    });
    const model = trainRandomForest({ ...train, categorical: [true, false] }, { task: 'classification', numTrees: 5, maxFeatures: 'all', minDataPerGroup: 5 });
    expect(accuracy(model.predict(train.x, train.rows), train.y)).toBe(1);
    const single = trainRandomForest({ x: Float64Array.of(1, 2), rows: 1, cols: 2, y: Float64Array.of(7) }, { task: 'regression', numTrees: 3 });
    expect(single.predict(Float64Array.of(0, 0), 1)[0]).toBe(7);
  });
});
