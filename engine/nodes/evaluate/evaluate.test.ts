import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { takeRows, type Table } from '../../data/table';
import { ensureBackend } from '../../ml/backend/select';
import type { BackendInfo } from '../../ml/backend/info';
import type { ModelBundle } from '../../ml/model';
import { trainModel } from '../../ml/train/fit';
import { trainParams } from '../../ml/train/params';
import { prepareTable, readTable, recordingContext } from '../../ml/testing/pipeline';
import { evaluateModel } from './execute';
import { evaluateSpec } from './spec';

const irisCsv = readFileSync(fileURLToPath(new URL('../../../examples/iris.csv', import.meta.url)), 'utf8');
let backend: BackendInfo;
let raw: Table;
beforeAll(async () => {
  backend = await ensureBackend({ env: {} });
  raw = await readTable(irisCsv);
});

const ctx = () => ({ signal: new AbortController().signal, now: () => performance.now(), backend });

describe('Evaluate', () => {
  it('scores the test and train partitions, with a bootstrap interval on the headline', async () => {
    const prepared = await prepareTable(raw, { target: 'species', split: { test: 0.2, validation: 0.1, seed: 3 }, encode: false });
    const model = await trainModel(prepared, trainParams.parse({ epochs: 60 }), ctx());
    const metrics = await evaluateModel(model, prepared, evaluateSpec.params.parse({ resamples: 200 }), recordingContext());
    expect(metrics.protocol).toEqual({ kind: 'holdout' });
    expect(metrics.rowCounts.test).toBe(30);
    expect(metrics.rowCounts.train).toBe(105);
    expect(metrics.headline.metric).toBe('accuracy');
    expect(metrics.headline.partition).toBe('test');
    expect(metrics.headline.value).toBeGreaterThan(0.85);
    expect(metrics.headline.ci!.lower).toBeLessThanOrEqual(metrics.headline.value!);
    expect(metrics.headline.ci!.upper).toBeGreaterThanOrEqual(metrics.headline.value!);
    expect(metrics.scores.train?.accuracy).toBeGreaterThan(0.85);
    if (metrics.task !== 'classification') throw new Error('classification expected');
    expect(metrics.curves.confusionMatrix).toHaveLength(3);
  });

  it('says so and uses k-fold cross-validation without a Split upstream', async () => {
    const prepared = await prepareTable(raw, { target: 'species', split: null, encode: false });
    const model = await trainModel(prepared, trainParams.parse({ epochs: 25 }), ctx());
    const c = recordingContext();
    const metrics = await evaluateModel(model, prepared, evaluateSpec.params.parse({ folds: 3, resamples: 100 }), c);
    expect(metrics.protocol).toEqual({ kind: 'cross-validation', folds: 3 });
    expect(metrics.rowCounts.cv).toBe(150);
    expect(metrics.foldScores).toHaveLength(3);
    expect(metrics.headline.partition).toBe('cv');
    expect(metrics.headline.value).toBeGreaterThan(0.8);
    expect(metrics.notes.join(' ')).toMatch(/cross-validation/);
    expect(metrics.notes.join(' ')).toMatch(/refit on each fold's training rows/);
    expect(metrics.notes.join(' ')).not.toMatch(/optimistic/);
    expect(c.events.filter((e) => e.type === 'progress')).toHaveLength(3);
  });

  it("refits the upstream preprocessing on each fold's training rows before retraining the model", async () => {
    const prepared = await prepareTable(raw, { target: 'species', split: null, encode: false });
    const model = await trainModel(prepared, trainParams.parse({ epochs: 3 }), ctx());
    const seen: { table: Table; rows: Uint32Array }[] = [];
    // The retraining itself is not under test: record what it is given and score with the trained model.
    const spy: ModelBundle = { ...model, refit: (table, rows) => { seen.push({ table, rows }); return Promise.resolve(model); } };
    const metrics = await evaluateModel(spy, prepared, evaluateSpec.params.parse({ folds: 3, resamples: 100 }), recordingContext());
    expect(seen).toHaveLength(3);
    for (const { table, rows } of seen) {
      expect(table.rowCount).toBe(150);
      // Each fold's preprocessing equals the nodes fitted on that fold's training rows alone …
      const alone = await prepareTable(takeRows(raw, rows), { target: 'species', split: null, encode: false });
      expect(table.recipe.map((s) => s.state)).toEqual(alone.recipe.map((s) => s.state));
      // … which differs from the statistics fitted on all rows (the leak the refit removes).
      expect(table.recipe.at(-1)?.state).not.toEqual(prepared.recipe.at(-1)?.state);
    }
    expect(metrics.notes.join(' ')).toMatch(/refit on each fold/);
  });

  it('falls back to the fitted-once preprocessing, and says so, when the recipe lacks the params to refit', async () => {
    const prepared = await prepareTable(raw, { target: 'species', split: null, encode: false });
    const model = await trainModel(prepared, trainParams.parse({ epochs: 3 }), ctx());
    const recipe = model.recipe.map((s) => ({ kind: s.kind, nodeId: s.nodeId, state: s.state }));
    const seen: Table[] = [];
    const old: ModelBundle = { ...model, recipe, refit: (table) => { seen.push(table); return Promise.resolve(old); } };
    const metrics = await evaluateModel(old, { ...prepared, recipe }, evaluateSpec.params.parse({ folds: 3, resamples: 100 }), recordingContext());
    expect(seen.every((t) => t.recipe === recipe)).toBe(true);
    expect(metrics.notes.join(' ')).toMatch(/optimistic/);
  });

  it('scores raw rows by replaying the model recipe', async () => {
    const prepared = await prepareTable(raw, { target: 'species', split: { test: 0.2, validation: 0, seed: 3 } });
    const model = await trainModel(prepared, trainParams.parse({ epochs: 5 }), ctx());
    const rawWithPartition = { ...raw, partition: prepared.partition };
    const metrics = await evaluateModel(model, rawWithPartition, evaluateSpec.params.parse({ resamples: 100 }), recordingContext());
    const direct = await evaluateModel(model, prepared, evaluateSpec.params.parse({ resamples: 100 }), recordingContext());
    expect(metrics.scores.test).toEqual(direct.scores.test);
    expect(metrics.notes.join(' ')).toMatch(/preprocessing/);
  });
});
