import { describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import { trainGradientBoosting, trainGradientBoostingAsync } from './gbm';
import { GbmModel } from './gbm-model';
import { accuracy, gaussian, rSquared, synthetic } from './test-fixtures';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof MwError ? error.code : `not coded: ${String(error)}`;
  }
  return undefined;
}

const xor = (row: Float64Array): number => (row[0]! * row[1]! > 0 ? 1 : 0);

describe('gradient boosting learns', () => {
  it('an XOR-like binary problem', () => {
    const train = synthetic(2000, 4, 1, xor);
    const test = synthetic(1000, 4, 2, xor);
    const model = trainGradientBoosting({ ...train }, { objective: 'binary', numTrees: 60, maxLeaves: 8 });
    expect(accuracy(model.predict(test.x, test.rows), test.y)).toBeGreaterThan(0.95);
    const proba = model.predictProba(test.x, test.rows);
    expect(proba.length).toBe(2 * test.rows);
    for (let r = 0; r < test.rows; r++) expect(proba[2 * r]! + proba[2 * r + 1]!).toBeCloseTo(1, 12);
    // The informative features carry the split gain.
    const gain = model.featureImportance('gain');
    expect(Math.min(gain[0]!, gain[1]!)).toBeGreaterThan(10 * Math.max(gain[2]!, gain[3]!));
    expect(model.featureImportance('split')[0]).toBeGreaterThan(0);
  });

  it('a linear-ish regression', () => {
    const label = (row: Float64Array, rng: { next(): number }): number => 3 * row[0]! - 2 * row[1]! + 0.5 * Math.sin(3 * row[2]!) + 0.1 * (rng.next() - 0.5);
    const train = synthetic(1500, 5, 3, label);
    const test = synthetic(500, 5, 4, label);
    const model = trainGradientBoosting({ ...train }, { objective: 'regression', numTrees: 100, learningRate: 0.2, maxLeaves: 15 });
    expect(rSquared(model.predict(test.x, test.rows), test.y)).toBeGreaterThan(0.97);
    expect(() => model.predictProba(test.x, test.rows)).toThrow(MwError);
  });

  it('a multiclass problem with one tree per class and round', () => {
    const label = (row: Float64Array): number => (row[0]! > 0.3 ? 2 : row[1]! > 0 ? 1 : 0);
    const train = synthetic(1500, 3, 5, label);
    const test = synthetic(500, 3, 6, label);
    const model = trainGradientBoosting({ ...train }, { objective: 'multiclass', numTrees: 30, maxLeaves: 4 });
    expect(model.trees.length).toBe(90);
    expect(model.numOutputs).toBe(3);
    expect(accuracy(model.predict(test.x, test.rows), test.y)).toBeGreaterThan(0.95);
    const proba = model.predictProba(test.x, test.rows);
    for (let r = 0; r < test.rows; r++) expect(proba[3 * r]! + proba[3 * r + 1]! + proba[3 * r + 2]!).toBeCloseTo(1, 12);
  });

  it('respects max leaves and max depth', () => {
    const train = synthetic(2000, 4, 7, xor);
    const leafwise = trainGradientBoosting({ ...train }, { objective: 'binary', numTrees: 5, maxLeaves: 5, minDataInLeaf: 5 });
    expect(leafwise.trees.every((t) => t.numLeaves <= 5)).toBe(true);
    expect(leafwise.trees.some((t) => t.numLeaves === 5)).toBe(true);
    const shallow = trainGradientBoosting({ ...train }, { objective: 'binary', numTrees: 5, maxLeaves: 64, maxDepth: 2, growth: 'depthwise' });
    expect(shallow.trees.every((t) => t.depth <= 2 && t.numLeaves <= 4)).toBe(true);
  });
});

describe('missing values', () => {
  it('learn a default direction when missingness is informative', () => {
    // y = 1 exactly when feature 0 is missing; otherwise feature 0 carries no signal.
    const data = synthetic(1000, 2, 8, (row, rng) => {
      if (rng.next() < 0.3) {
        row[0] = NaN;
        return 1;
      }
      return 0;
    });
    const model = trainGradientBoosting({ ...data }, { objective: 'binary', numTrees: 20, maxLeaves: 4, learningRate: 0.5 });
    const probe = Float64Array.of(NaN, 0.5, 0.2, 0.5, -0.7, 0.5);
    const p = model.predictProba(probe, 3);
    expect(p[1]).toBeGreaterThan(0.95);
    expect(p[3]).toBeLessThan(0.05);
    expect(p[5]).toBeLessThan(0.05);
    // The root separates missing from present values of feature 0.
    const root = model.trees[0]!;
    expect(root.feature[0]).toBe(0);
    expect(root.leafOf(probe, 0)).not.toBe(root.leafOf(probe, 2));
    expect(root.leafOf(probe, 2)).toBe(root.leafOf(probe, 4));
  });

  it('send missing values to the larger side when training had none', () => {
    const data = synthetic(1000, 1, 9, (row) => (row[0]! > 0.6 ? 1 : 0));
    const model = trainGradientBoosting({ ...data }, { objective: 'binary', numTrees: 1, maxLeaves: 2, learningRate: 1 });
    const tree = model.trees[0]!;
    // Most rows are <= 0.6 (left), so NaN goes left, like those rows.
    expect(tree.missingLeft[0]).toBe(1);
    const [nan, low] = model.predictRaw(Float64Array.of(NaN, -0.5), 2);
    expect(nan).toBe(low);
  });

  it('train on all-missing features as a constant model', () => {
    const rows = 200;
    const x = new Float64Array(rows * 3).fill(NaN);
    const y = Float64Array.from({ length: rows }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const model = trainGradientBoosting({ x, rows, cols: 3, y }, { objective: 'binary', numTrees: 10 });
    expect(model.trees.every((t) => t.numNodes === 1)).toBe(true);
    const p = model.predictProba(Float64Array.of(1, 2, 3), 1);
    // Each leaf is one Newton step toward the prior: log-odds start at the prior and stay there.
    expect(p[1]).toBeCloseTo(0.25, 6);
  });
});

describe('categorical features', () => {
  const label = (row: Float64Array, rng: { int(n: number): number }): number => {
    const code = rng.int(10);
    row[0] = code;
    return code === 1 || code === 3 || code === 7 ? 1 : 0;
  };

  it('split a set of categories from the rest', () => {
    const train = synthetic(2000, 2, 10, label);
    const model = trainGradientBoosting(
      { ...train, categorical: [true, false] },
      { objective: 'binary', numTrees: 1, maxLeaves: 2, learningRate: 1, minDataPerGroup: 10, catSmooth: 1 },
    );
    const tree = model.trees[0]!;
    expect(tree.feature[0]).toBe(0);
    const codes = Array.from(tree.catCodes.subarray(tree.catStart[0]!, tree.catStart[0]! + tree.catCount[0]!));
    const left = new Set(codes);
    // One side holds exactly {1, 3, 7}.
    const positive = [1, 3, 7].every((c) => left.has(c)) && codes.length === 3;
    const negative = [0, 2, 4, 5, 6, 8, 9].every((c) => left.has(c)) && codes.length === 7;
    expect(positive || negative).toBe(true);
    const test = synthetic(500, 2, 11, label);
    expect(accuracy(model.predict(test.x, test.rows), test.y)).toBe(1);
    // Unseen and missing codes go right.
    const raw = model.predictRaw(Float64Array.of(42, 0, NaN, 0, -1, 0), 3);
    expect(raw[0]).toBe(raw[1]);
    expect(raw[1]).toBe(raw[2]);
  });

  it('isolate one category with one-vs-rest when there are few', () => {
    const train = synthetic(1000, 1, 12, (row, rng) => {
      row[0] = rng.int(3);
      return row[0] === 2 ? 1 : 0;
    });
    const model = trainGradientBoosting({ ...train, categorical: [true] }, { objective: 'binary', numTrees: 3, maxLeaves: 2 });
    const tree = model.trees[0]!;
    expect(tree.catCount[0]).toBe(1);
    expect(tree.catCodes[tree.catStart[0]!]).toBe(2);
  });

  it('cap a column with 100,000 distinct codes', () => {
    const rows = 100_000;
    const x = new Float64Array(rows * 2);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      x[2 * r] = r; // every code distinct: nothing to learn from it
      x[2 * r + 1] = (r * 7919) % 1000;
      y[r] = x[2 * r + 1]! > 500 ? 1 : 0;
    }
    const model = trainGradientBoosting({ x, rows, cols: 2, y, categorical: [true, false] }, { objective: 'binary', numTrees: 2, maxLeaves: 8 });
    for (const tree of model.trees) expect(tree.catCodes.length).toBeLessThanOrEqual(7 * 255);
    expect(model.featureImportance('gain')[1]).toBeGreaterThan(model.featureImportance('gain')[0]!);
  });

  it('refuse codes that are not integers', () => {
    const x = Float64Array.of(0.5, 1, 2, 3);
    const y = Float64Array.of(0, 1, 0, 1);
    expect(codeOf(() => trainGradientBoosting({ x, rows: 4, cols: 1, y, categorical: [true] }, { objective: 'binary' }))).toBe('MW_COLUMN_WRONG_TYPE');
  });
});

describe('reproducibility and saving', () => {
  const train = synthetic(1500, 6, 13, (row, rng) => (row[0]! + row[1]! * row[2]! + 0.3 * gaussian(rng) > 0 ? 1 : 0));
  const params = { objective: 'binary', numTrees: 25, baggingFraction: 0.7, featureFraction: 0.5, seed: 7 } as const;

  it('gives the same model for the same seed and another for another seed', () => {
    const a = JSON.stringify(trainGradientBoosting({ ...train }, params));
    const b = JSON.stringify(trainGradientBoosting({ ...train }, params));
    const c = JSON.stringify(trainGradientBoosting({ ...train }, { ...params, seed: 8 }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('the async variant trains the same model', async () => {
    const sync = JSON.stringify(trainGradientBoosting({ ...train }, params));
    const async = JSON.stringify(await trainGradientBoostingAsync({ ...train }, params));
    expect(async).toBe(sync);
  });

  it('round-trips through JSON with identical predictions', () => {
    const x = train.x.slice();
    x[0] = Infinity; // infinite values give infinite thresholds, which JSON cannot hold as numbers
    x[6] = -Infinity;
    x[12] = NaN;
    const categorical = [false, false, false, false, false, true];
    for (let r = 0; r < train.rows; r++) x[r * 6 + 5] = r % 13;
    const model = trainGradientBoosting({ x, rows: train.rows, cols: 6, y: train.y, categorical }, { ...params, minDataPerGroup: 10 });
    const text = JSON.stringify(model.toJSON());
    const loaded = GbmModel.fromJSON(JSON.parse(text));
    expect(JSON.stringify(loaded.toJSON())).toBe(text);
    const probe = Float64Array.of(...x.subarray(0, 600), Infinity, -Infinity, NaN, 0, 0, 99);
    const rows = probe.length / 6;
    const before = model.predictRaw(probe, rows);
    const after = loaded.predictRaw(probe, rows);
    for (let i = 0; i < before.length; i++) expect(Object.is(before[i], after[i])).toBe(true);
  });

  it('refuses a damaged model file', () => {
    const json = trainGradientBoosting({ ...train }, { objective: 'binary', numTrees: 2 }).toJSON();
    expect(codeOf(() => GbmModel.fromJSON({ ...json, rounds: 3 }))).toBe('MW_MODEL_FILE_INVALID');
    expect(codeOf(() => GbmModel.fromJSON({ format: 'something else' }))).toBe('MW_MODEL_FILE_INVALID');
    const tree = json.trees[0]!;
    const cyclic = { ...json, trees: [{ ...tree, left: tree.left.map((l) => (l > 0 ? 0 : l)) }, json.trees[1]!] };
    expect(codeOf(() => GbmModel.fromJSON(cyclic))).toBe('MW_MODEL_FILE_INVALID');
  });
});

describe('training scores', () => {
  it('match predictions on the training rows (binned routing equals raw routing, bagged rows included)', () => {
    const data = synthetic(1200, 4, 18, (row, rng) => {
      if (rng.next() < 0.2) row[1] = NaN;
      row[3] = rng.int(12);
      return row[0]! + (row[3]! % 3) * 0.4 + 0.3 * gaussian(rng) > 0.4 ? 1 : 0;
    });
    let last = NaN;
    const model = trainGradientBoosting(
      { ...data, categorical: [false, false, false, true] },
      { objective: 'binary', numTrees: 15, baggingFraction: 0.6, featureFraction: 0.75, minDataPerGroup: 20 },
      { onIteration: (_, trainLoss) => { last = trainLoss; } },
    );
    const p = model.predictProba(data.x, data.rows);
    let loss = 0;
    for (let r = 0; r < data.rows; r++) loss -= Math.log(p[2 * r + data.y[r]!]!);
    expect(loss / data.rows).toBeCloseTo(last, 10);
  });
});

describe('early stopping', () => {
  it('stops when the validation loss stops improving and keeps the best round', () => {
    const noisy = (row: Float64Array, rng: { next(): number }): number => (row[0]! + 0.8 * gaussian(rng as never) > 0 ? 1 : 0);
    const train = synthetic(800, 5, 14, noisy);
    const valid = synthetic(400, 5, 15, noisy);
    const seen: number[] = [];
    const model = trainGradientBoosting(
      { ...train, valid: { x: valid.x, rows: valid.rows, y: valid.y } },
      { objective: 'binary', numTrees: 500, learningRate: 0.3, maxLeaves: 31, minDataInLeaf: 5, earlyStoppingRounds: 10 },
      { onIteration: (i, trainLoss, validLoss) => {
        expect(Number.isFinite(trainLoss) && validLoss !== undefined && Number.isFinite(validLoss)).toBe(true);
        seen.push(i);
      } },
    );
    const best = model.bestIteration!;
    expect(model.rounds).toBe(best + 1);
    expect(model.rounds).toBeLessThan(500);
    expect(model.history.valid.length).toBe(best + 1 + 10);
    expect(seen).toEqual(model.history.valid.map((_, i) => i));
    expect(Math.min(...model.history.valid)).toBe(model.history.valid[best]);
    // The kept model's validation loss is the best one.
    const p = model.predictProba(valid.x, valid.rows);
    let loss = 0;
    for (let r = 0; r < valid.rows; r++) loss -= Math.log(p[2 * r + valid.y[r]!]!);
    expect(loss / valid.rows).toBeCloseTo(model.history.valid[best]!, 9);
  });
});

describe('bad input', () => {
  it('a single-row regression table predicts its target', () => {
    const model = trainGradientBoosting({ x: Float64Array.of(1, 2), rows: 1, cols: 2, y: Float64Array.of(5) }, { objective: 'regression', numTrees: 3 });
    expect(model.predict(Float64Array.of(0, 0), 1)[0]).toBe(5);
  });

  it('a single-row classification table has one class', () => {
    expect(codeOf(() => trainGradientBoosting({ x: Float64Array.of(1), rows: 1, cols: 1, y: Float64Array.of(1) }, { objective: 'binary' }))).toBe('MW_TRAIN_ONE_CLASS');
  });

  it('depth 0 and other invalid parameters are coded errors naming the field', () => {
    const data = synthetic(50, 2, 16, xor);
    let error: unknown;
    try {
      trainGradientBoosting({ ...data }, { objective: 'binary', maxDepth: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MwError);
    expect((error as MwError).code).toBe('MW_NODE_INVALID_PARAMS');
    expect((error as MwError).location.field).toBe('maxDepth');
    expect(codeOf(() => trainGradientBoosting({ ...data }, { objective: 'binary', learningRate: 0 }))).toBe('MW_NODE_INVALID_PARAMS');
    expect(codeOf(() => trainGradientBoosting({ ...data }, { objective: 'binary', numTrees: 10, typo: 1 } as never))).toBe('MW_NODE_INVALID_PARAMS');
  });

  it('labels and shapes are checked', () => {
    const x = Float64Array.of(1, 2, 3);
    expect(codeOf(() => trainGradientBoosting({ x, rows: 3, cols: 1, y: Float64Array.of(0, 1, 2) }, { objective: 'binary' }))).toBe('MW_TRAIN_BAD_TARGET');
    expect(codeOf(() => trainGradientBoosting({ x, rows: 3, cols: 1, y: Float64Array.of(0, 1, NaN) }, { objective: 'regression' }))).toBe('MW_TRAIN_BAD_TARGET');
    expect(codeOf(() => trainGradientBoosting({ x, rows: 3, cols: 1, y: Float64Array.of(0, 1, 4) }, { objective: 'multiclass', }))).toBeUndefined();
    expect(codeOf(() => trainGradientBoosting({ x, rows: 3, cols: 1, y: Float64Array.of(0, 1) }, { objective: 'regression' }))).toBe('MW_INTERNAL');
    expect(codeOf(() => trainGradientBoosting({ x: new Float64Array(0), rows: 0, cols: 1, y: new Float64Array(0) }, { objective: 'regression' }))).toBe('MW_TRAIN_NO_ROWS');
    const model = trainGradientBoosting({ x, rows: 3, cols: 1, y: Float64Array.of(0, 1, 1) }, { objective: 'binary', numTrees: 1 });
    expect(codeOf(() => model.predict(Float64Array.of(1, 2, 3), 2))).toBe('MW_PREDICT_SCHEMA_MISMATCH');
  });

  it('a cancelled run stops with MW_RUN_CANCELLED', () => {
    const data = synthetic(200, 2, 17, xor);
    const controller = new AbortController();
    const hooks = { signal: controller.signal, onIteration: (i: number) => { if (i === 2) controller.abort(); } };
    expect(codeOf(() => trainGradientBoosting({ ...data }, { objective: 'binary', numTrees: 50 }, hooks))).toBe('MW_RUN_CANCELLED');
  });
});
