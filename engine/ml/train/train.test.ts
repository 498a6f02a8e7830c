import { beforeAll, describe, expect, it } from 'vitest';
import { MwError, type ErrorCode } from '../../errors';
import { Partition, type Table } from '../../data/table';
import { ensureBackend } from '../backend/select';
import type { BackendInfo } from '../backend/info';
import { tf } from '../backend/tf';
import { categorical, numeric, synthetic, table } from '../testing/tables';
import { buildMatrix } from './features';
import { trainModel, type TrainContext } from './fit';
import { trainParams, type TrainParams } from './params';
import type { NetworkEstimator } from './network';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await ensureBackend({ env: {} });
});

function context(extra: Partial<TrainContext> = {}): TrainContext {
  return { signal: new AbortController().signal, now: () => performance.now(), backend, ...extra };
}

function params(overrides: Partial<TrainParams> = {}): TrainParams {
  return trainParams.parse({ epochs: 30, batchSize: 16, ...overrides });
}

function accuracy(t: Table, proba: Float64Array, k: number, classes: readonly string[]): number {
  const target = t.columns.find((c) => c.role === 'target')!;
  if (target.kind !== 'categorical') throw new Error('categorical target expected');
  let correct = 0;
  for (let i = 0; i < t.rowCount; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c;
    if (classes[best] === target.categories[target.codes[i]!]) correct++;
  }
  return correct / t.rowCount;
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<MwError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(MwError);
    expect((e as MwError).code).toBe(code);
    return e as MwError;
  }
  throw new Error(`expected ${code}`);
}

describe('trainModel', () => {
  it('learns binary, multiclass and regression targets with the default network', async () => {
    for (const task of ['binary', 'multiclass'] as const) {
      const t = synthetic(task, 90);
      const model = await trainModel(t, params(), context());
      expect(model.task).toBe('classification');
      const k = model.classes.length;
      expect(accuracy(t, model.estimator.predict(buildMatrix(t, model.features)), k, model.classes)).toBeGreaterThan(0.9);
    }
    const t = synthetic('regression', 120);
    const model = await trainModel(t, params({ epochs: 60 }), context());
    expect(model.task).toBe('regression');
    expect(model.targetEncoding).toMatchObject({ kind: 'value' });
    // Target standardised for training, predictions mapped back to the original units (around 1000).
    const pred = model.estimator.predict(buildMatrix(t, model.features));
    const y = (t.columns[2] as { values: Float64Array }).values;
    let ss = 0;
    let st = 0;
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    for (let i = 0; i < y.length; i++) {
      ss += (y[i]! - pred[i]!) ** 2;
      st += (y[i]! - mean) ** 2;
    }
    expect(1 - ss / st).toBeGreaterThan(0.95);
  });

  it('trains linear and logistic regression (binary and multinomial)', async () => {
    const reg = await trainModel(synthetic('regression', 80), params({ model: 'linear', learningRate: 0.05, epochs: 40 }), context());
    expect(reg.kind).toBe('linear-regression');
    expect(reg.estimator.description).toMatch(/linear regression 2→1/);
    const bin = await trainModel(synthetic('binary', 60), params({ model: 'linear', learningRate: 0.05 }), context());
    expect(bin.kind).toBe('logistic-regression');
    const multi = await trainModel(synthetic('multiclass', 60), params({ model: 'linear', learningRate: 0.05 }), context());
    expect(multi.estimator.description).toMatch(/logistic regression 2→3/);
  });

  it('is reproducible: the same seed gives the same weights, another seed different ones', async () => {
    const t = synthetic('binary', 50);
    const p = params({ epochs: 5, dropout: 0.2 });
    const a = (await trainModel(t, p, context())).estimator as NetworkEstimator;
    const b = (await trainModel(t, p, context())).estimator as NetworkEstimator;
    const c = (await trainModel(t, { ...p, seed: 7 }, context())).estimator as NetworkEstimator;
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
    expect(Array.from(a.weights)).not.toEqual(Array.from(c.weights));
  });

  it('stops early on the validation partition and restores the best epoch', async () => {
    const t0 = synthetic('regression', 80);
    const partition = Uint8Array.from({ length: 80 }, (_, i) => (i % 5 === 0 ? Partition.validation : Partition.train));
    const t = { ...t0, partition };
    const model = await trainModel(t, params({ epochs: 400, patience: 3, learningRate: 0.01 }), context());
    const m = model.metadata;
    expect(m.validationSource).toBe('partition');
    expect(m.validationRows).toBe(16);
    expect(m.stoppedEarly).toBe(true);
    expect(m.epochsRun).toBe(m.bestEpoch + 3);
    const best = Math.min(...model.history.map((h) => h.valLoss!));
    expect(model.history[m.bestEpoch - 1]!.valLoss).toBe(best);
  });

  it('holds out training rows for early stopping when there is no validation partition', async () => {
    const model = await trainModel(synthetic('multiclass', 60), params({ epochs: 3 }), context());
    expect(model.metadata.validationSource).toBe('held-out');
    expect(model.metadata.validationRows).toBe(6);
    expect(model.metadata.trainRows).toBe(54);
  });

  it('emits one event per epoch with losses, metric, time and throughput', async () => {
    const events: { epoch: number; loss: number; valLoss: number | null; samplesPerSecond: number; metricName: string }[] = [];
    await trainModel(synthetic('binary', 40), params({ epochs: 4, earlyStopping: false }), context({ onEpoch: (e) => events.push(e) }));
    expect(events.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(events.every((e) => Number.isFinite(e.loss) && e.samplesPerSecond > 0 && e.metricName === 'accuracy')).toBe(true);
  });

  it('cancels within one batch', async () => {
    const controller = new AbortController();
    let batches = 0;
    const error = await expectCode(
      trainModel(synthetic('binary', 200), params({ epochs: 50, batchSize: 10 }), context({
        signal: controller.signal,
        yieldControl: async () => {
          batches++;
          if (batches === 7) controller.abort();
        },
      })),
      'MW_RUN_CANCELLED',
    );
    expect(batches).toBe(7);
    expect(error.details).toMatchObject({ epoch: 1, batch: 7 });
  });

  it('reports divergence at once, with the epoch and batch, for a learning rate of 1e6', async () => {
    let batches = 0;
    const error = await expectCode(
      trainModel(synthetic('regression', 200), params({ learningRate: 1e6, epochs: 1000, optimizer: 'sgd', batchSize: 10 }), context({
        yieldControl: async () => {
          batches++;
        },
      })),
      'MW_TRAIN_DIVERGED',
    );
    expect(batches).toBeLessThan(40);
    expect(error.details).toHaveProperty('epoch');
    expect(error.details).toHaveProperty('batch');
    expect(error.hint).toMatch(/learning rate/);
  });

  it('weights classes for imbalance when asked', async () => {
    const n = 120;
    const x = Array.from({ length: n }, (_, i) => (i < 100 ? Math.sin(i) : 1.5 + Math.sin(i) * 0.8));
    const y = Array.from({ length: n }, (_, i) => (i < 100 ? 'common' : 'rare'));
    const t = table([numeric('x', x), categorical('y', y, 'target')]);
    const plain = await trainModel(t, params({ epochs: 20 }), context());
    const balanced = await trainModel(t, params({ epochs: 20, classWeights: 'balanced' }), context());
    const rare = (model: typeof plain) => {
      const p = model.estimator.predict(buildMatrix(t, model.features));
      let s = 0;
      for (let i = 100; i < n; i++) s += p[i * 2 + model.classes.indexOf('rare')]!;
      return s / 20;
    };
    expect(rare(balanced)).toBeGreaterThan(rare(plain));
  });

  it('does not leak tensors over 100 train/predict cycles', async () => {
    const t = synthetic('multiclass', 12);
    const p = params({ epochs: 1, batchSize: 4, hiddenLayers: [4], dropout: 0.1 });
    const model0 = await trainModel(t, p, context());
    model0.estimator.predict(buildMatrix(t, model0.features));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const model = await trainModel(t, { ...p, seed: i }, context());
      model.estimator.predict(buildMatrix(t, model.features));
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('bad input', () => {
  it('refuses a target with one class in the training rows', async () => {
    const t = table([numeric('x', [1, 2, 3, 4]), categorical('y', ['a', 'a', 'a', 'a'], 'target')]);
    await expectCode(trainModel(t, params(), context()), 'MW_TRAIN_ONE_CLASS');
  });

  it('trains with a class that appears once, and warns', async () => {
    const warnings: string[] = [];
    const x = Array.from({ length: 30 }, (_, i) => i % 2);
    const y = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'once' : i % 2 === 0 ? 'even' : 'odd'));
    const model = await trainModel(table([numeric('x', x), categorical('y', y, 'target')]), params({ epochs: 3 }), context({ warn: (w) => warnings.push(w.message) }));
    expect(model.classes).toContain('once');
    expect(warnings.join(' ')).toMatch(/once/);
  });

  it('trains with an all-missing column and a constant column', async () => {
    const base = synthetic('binary', 40);
    const t = { ...base, columns: [numeric('empty', Array.from({ length: 40 }, () => null)), numeric('constant', Array.from({ length: 40 }, () => 5)), ...base.columns] };
    const model = await trainModel(t, params({ epochs: 10 }), context());
    const p = model.estimator.predict(buildMatrix(t, model.features));
    expect(p.every(Number.isFinite)).toBe(true);
    expect(accuracy(t, p, 2, model.classes)).toBeGreaterThan(0.8);
  });

  it('refuses a table without feature columns', async () => {
    const t = table([numeric('x', [1, 2, 3, 4], 'ignored'), categorical('y', ['a', 'b', 'a', 'b'], 'target')]);
    await expectCode(trainModel(t, params(), context()), 'MW_TABLE_NO_FEATURES');
    const textOnly = table([categorical('id', ['r1', 'r2', 'r3', 'r4'], 'feature', 'identifier'), categorical('y', ['a', 'b', 'a', 'b'], 'target')]);
    await expectCode(trainModel(textOnly, params(), context()), 'MW_TABLE_NO_FEATURES');
  });

  it('warns about a text or identifier column used as a feature and leaves it out', async () => {
    const base = synthetic('binary', 30);
    const ids = categorical('id', Array.from({ length: 30 }, (_, i) => `row-${i}`), 'feature', 'identifier');
    const warnings: string[] = [];
    const model = await trainModel({ ...base, columns: [ids, ...base.columns] }, params({ epochs: 2 }), context({ warn: (w) => warnings.push(w.code) }));
    expect(warnings).toContain('MW_TRAIN_TEXT_FEATURE');
    expect(model.features.columns.map((c) => c.name)).not.toContain('id');
  });

  it('refuses 0 epochs with a coded error', async () => {
    await expectCode(trainModel(synthetic('binary', 10), params({ epochs: 0 }), context()), 'MW_TRAIN_ZERO_EPOCHS');
  });
});
