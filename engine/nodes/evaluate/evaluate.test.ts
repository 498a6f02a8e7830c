import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Table } from '../../data/table';
import { ensureBackend } from '../../ml/backend/select';
import type { BackendInfo } from '../../ml/backend/info';
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
    expect(metrics.notes.join(' ')).toMatch(/optimistic/);
    expect(c.events.filter((e) => e.type === 'progress')).toHaveLength(3);
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
