import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MwError } from '../../errors';
import { createNodeFileAccess } from '../../io/node-files';
import { exportC } from '../../export/tinyml/index';
import { evaluateModel } from '../../nodes/evaluate/execute';
import { evaluateSpec } from '../../nodes/evaluate/spec';
import { explainModel } from '../../nodes/explain/execute';
import { explainSpec } from '../../nodes/explain/spec';
import { predictTable } from '../../nodes/predict/execute';
import { predictSpec } from '../../nodes/predict/spec';
import { ensureBackend } from '../backend/select';
import type { BackendInfo } from '../backend/info';
import { loadModel, saveModel } from '../model-files/index';
import { summarizeModel } from '../summary';
import { prepareTable, recordingContext } from '../testing/pipeline';
import { categorical, gaussian, numeric, synthetic, table } from '../testing/tables';
import { ForestModel, GbmModel } from '../trees/index';
import type { EpochEvent } from './loop';
import { buildMatrix } from './features';
import { trainParams, type TrainParams } from './params';
import { trainTreeModel, TreeEstimator } from './tree-estimator';

let backend: BackendInfo;
let dir: string;
beforeAll(async () => {
  backend = await ensureBackend({ env: {} });
  dir = await mkdtemp(join(tmpdir(), 'mw-trees-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ctx = (extra: { onEpoch?: (e: EpochEvent) => void; signal?: AbortSignal; warn?: (w: { code: string }) => void } = {}) => ({
  signal: extra.signal ?? new AbortController().signal,
  now: () => performance.now(),
  backend,
  ...(extra.onEpoch === undefined ? {} : { onEpoch: extra.onEpoch }),
  ...(extra.warn === undefined ? {} : { warn: extra.warn }),
});
const params = (p: Partial<TrainParams>): TrainParams => trainParams.parse(p);

/** Three columns: a category that matters, a number that matters and noise; a numeric target. */
async function mixed(n: number, target: 'classes' | 'values') {
  const noise = gaussian(3);
  const colour = Array.from({ length: n }, (_, i) => ['red', 'green', 'blue'][i % 3]!);
  const size = Array.from({ length: n }, () => noise());
  const junk = Array.from({ length: n }, () => noise());
  const y = Array.from({ length: n }, (_, i) => 5 * (i % 3) + 2 * size[i]! + 0.1 * noise());
  const raw = table([
    categorical('colour', colour), numeric('size', size), numeric('junk', junk),
    target === 'values' ? numeric('y', y) : categorical('y', y.map((v) => (v < 2 ? 'low' : v < 7 ? 'mid' : 'high'))),
  ]);
  return { raw, prepared: await prepareTable(raw, { target: 'y', split: { test: 0.25, validation: 0.15, seed: 1 } }) };
}

describe('tree models on the Train node', () => {
  it('boosts with early stopping on the validation partition, streams epochs per N trees and reports split-gain importance', async () => {
    const { prepared } = await mixed(240, 'classes');
    const events: EpochEvent[] = [];
    const model = await trainTreeModel(prepared, params({ model: 'gradient-boosting', trees: 400, patience: 5, minSamplesLeaf: 5 }), ctx({ onEpoch: (e) => events.push(e) }));
    expect(model.kind).toBe('gradient-boosting');
    expect(model.estimator).toBeInstanceOf(TreeEstimator);
    expect((model.estimator as TreeEstimator).model).toBeInstanceOf(GbmModel);
    expect(model.metadata.validationSource).toBe('partition');
    expect(model.metadata.stoppedEarly).toBe(true);
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThanOrEqual(100);
    expect(events.every((e) => e.epoch % 4 === 0 && e.epochs === 400 && e.valLoss !== null)).toBe(true);
    expect(model.history).toHaveLength(events.length);
    const importance = model.metadata.importance!;
    expect(importance.map((i) => i.feature).slice(0, 2).sort()).toEqual(['colour', 'size']);
    expect(importance.reduce((s, i) => s + i.gain, 0)).toBeCloseTo(1, 9);
    expect(summarizeModel(model).importance).toEqual(importance);
    const p = model.estimator.predict(buildMatrix(prepared, model.features));
    expect(p.length).toBe(prepared.rowCount * 3);
    for (let r = 0; r < prepared.rowCount; r++) expect(p[3 * r]! + p[3 * r + 1]! + p[3 * r + 2]!).toBeCloseTo(1, 9);
  });

  it('saves and loads boosting and forest models that predict identically, and refits after loading', async () => {
    const { prepared: clf } = await mixed(120, 'classes');
    const { prepared: reg } = await mixed(120, 'values');
    const models = [
      await trainTreeModel(clf, params({ model: 'gradient-boosting', trees: 15, minSamplesLeaf: 3 }), ctx()),
      await trainTreeModel(reg, params({ model: 'random-forest', trees: 8 }), ctx()),
      await trainTreeModel(reg, params({ model: 'gradient-boosting', trees: 10, maxDepth: 3, treeL2: 1, featureFraction: 0.7, rowFraction: 0.8 }), ctx()),
    ];
    const files = createNodeFileAccess(dir);
    for (const [i, model] of models.entries()) {
      const t = i === 0 ? clf : reg;
      await saveModel(model, `m${i}`, files);
      const loaded = await loadModel(`m${i}`, files);
      expect(loaded.kind).toBe(model.kind);
      expect(Array.from(loaded.estimator.predict(buildMatrix(t, loaded.features)))).toEqual(Array.from(model.estimator.predict(buildMatrix(t, model.features))));
      expect(loaded.metadata).toEqual(model.metadata);
      const refit = await loaded.refit!(t, Uint32Array.from({ length: 60 }, (_, r) => r), { signal: new AbortController().signal, now: () => performance.now() });
      expect(refit.kind).toBe(model.kind);
    }
    expect((models[1]!.estimator as TreeEstimator).model).toBeInstanceOf(ForestModel);
    // Regression predictions come back in target units.
    const values = models[1]!.estimator.predict(buildMatrix(reg, models[1]!.features));
    expect(Math.max(...values)).toBeGreaterThan(5);
  });

  it('works with Predict, Evaluate (test rows and cross-validation by refit) and Explain', async () => {
    const { raw, prepared } = await mixed(150, 'values');
    const model = await trainTreeModel(prepared, params({ model: 'random-forest', trees: 20 }), ctx());
    const predictions = predictTable(model, raw, predictSpec.params.parse({}));
    expect(predictions.table.rowCount).toBe(150);
    const metrics = await evaluateModel(model, prepared, evaluateSpec.params.parse({ resamples: 100 }), recordingContext());
    expect(metrics.headline.metric).toBe('r2');
    expect(metrics.headline.value).toBeGreaterThan(0.6);
    const unsplit = await prepareTable(raw, { target: 'y', split: null });
    const cvModel = await trainTreeModel(unsplit, params({ model: 'gradient-boosting', trees: 20, earlyStopping: false }), ctx());
    const cv = await evaluateModel(cvModel, unsplit, evaluateSpec.params.parse({ folds: 3, resamples: 100 }), recordingContext());
    expect(cv.protocol).toEqual({ kind: 'cross-validation', folds: 3 });
    const explained = await explainModel(model, prepared, explainSpec.params.parse({ repeats: 2 }), recordingContext());
    expect(explained.importances.map((i) => i.column).slice(0, 2).sort()).toEqual(['colour', 'size']);
  });

  it('exports to C (TinyML) as trained by the Train node, for both kinds', async () => {
    const { prepared } = await mixed(90, 'values');
    for (const model of ['gradient-boosting', 'random-forest'] as const) {
      const m = await trainTreeModel(prepared, params({ model, trees: 4, maxLeaves: 8 }), ctx());
      const out = exportC(m, { name: 'trees' });
      expect(out.target.kind).toBe('trees');
    }
  });

  it('stops with MW_RUN_CANCELLED when the run is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(trainTreeModel(synthetic('binary', 60), params({ model: 'gradient-boosting', trees: 5 }), ctx({ signal: controller.signal }))).rejects.toSatisfy((e: unknown) => e instanceof MwError && e.code === 'MW_RUN_CANCELLED');
  });
});

describe('tree models on bad input', () => {
  it('trains on a single row (regression) and refuses a single-row classifier with a coded error', async () => {
    const one = table([numeric('x', [1]), numeric('y', [3.5], 'target')]);
    const model = await trainTreeModel(one, params({ model: 'gradient-boosting', trees: 3 }), ctx());
    expect(Array.from(model.estimator.predict(buildMatrix(one, model.features)))).toEqual([3.5]);
    const forest = await trainTreeModel(one, params({ model: 'random-forest', trees: 3 }), ctx());
    expect(forest.estimator.predict(buildMatrix(one, forest.features))[0]).toBeCloseTo(3.5, 9);
    const oneClass = table([numeric('x', [1]), categorical('y', ['a'], 'target')]);
    await expect(trainTreeModel(oneClass, params({ model: 'gradient-boosting', trees: 3 }), ctx())).rejects.toBeInstanceOf(MwError);
  });

  it('trains on features that are all missing (it predicts the base rate)', async () => {
    const n = 40;
    const t = table([numeric('x', Array.from({ length: n }, () => null)), numeric('y', Array.from({ length: n }, (_, i) => i % 2), 'target', 'integer')]);
    for (const model of ['gradient-boosting', 'random-forest'] as const) {
      const m = await trainTreeModel(t, params({ model, trees: 3 }), ctx());
      const p = m.estimator.predict(buildMatrix(t, m.features));
      expect(new Set(Array.from({ length: n }, (_, r) => p[2 * r + 1]!.toFixed(12))).size).toBe(1);
    }
  });

  it('keeps a 100,000-distinct category column affordable: no one-hot explosion, a coded warning', async () => {
    const n = 100_000;
    const id = Array.from({ length: n }, (_, i) => `id-${i}`);
    const x = Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const y = x.map((v) => (v > 500 ? 1 : 0));
    const t = table([categorical('id', id), numeric('x', x), numeric('y', y, 'target', 'integer')]);
    const warnings: string[] = [];
    const model = await trainTreeModel(t, params({ model: 'gradient-boosting', trees: 3, earlyStopping: false }), ctx({ warn: (w) => warnings.push(w.code) }));
    expect(warnings).toContain('MW_TRAIN_MANY_CATEGORIES');
    expect(model.features.width).toBe(1);
  });

  it('refuses depth 0 with a coded error naming the field', async () => {
    expect(trainParams.safeParse({ model: 'gradient-boosting', maxDepth: 0 }).success).toBe(false);
    const bypass = { ...params({ model: 'random-forest', trees: 2 }), maxDepth: 0 };
    await expect(trainTreeModel(synthetic('binary', 30), bypass, ctx())).rejects.toSatisfy((e: unknown) => e instanceof MwError && e.code === 'MW_NODE_INVALID_PARAMS' && e.location.field === 'maxDepth');
  });
});
