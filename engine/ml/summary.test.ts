import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from './backend/select';
import type { ModelBundle } from './model';
import { buildRegressionResult } from './metrics/result';
import { trainModel } from './train/fit';
import { trainParams } from './train/params';
import { synthetic } from './testing/tables';
import { predictTable } from '../nodes/predict/execute';
import { metricsSummarySchema, modelSummarySchema, predictionsSummarySchema, summarizeMetrics, summarizeModel, summarizePredictions } from './summary';

let model: ModelBundle;
beforeAll(async () => {
  const backend = await ensureBackend({ env: {} });
  model = await trainModel(synthetic('binary', 30), trainParams.parse({ epochs: 4 }), { signal: new AbortController().signal, now: () => performance.now(), backend });
});

describe('summaries', () => {
  it('summarises a model as JSON that validates against its schema', () => {
    const s = summarizeModel(model);
    expect(modelSummarySchema.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(s.history).toHaveLength(model.history.length);
    expect(s.backend.name).toBe(model.metadata.backend.name);
  });

  it('summarises predictions and metrics', () => {
    const p = summarizePredictions(predictTable(model, synthetic('binary', 30), { probabilities: true }));
    expect(predictionsSummarySchema.parse(JSON.parse(JSON.stringify(p)))).toEqual(p);
    expect(p.rows).toHaveLength(30);
    expect(p.columns.slice(-3)).toEqual(['prediction', 'p(a)', 'p(b)']);
    const metrics = buildRegressionResult({ partitions: { test: { yTrue: Float64Array.of(1, 2, 3, 4), yPred: Float64Array.of(1.1, 2.2, 2.9, 4.1) } }, protocol: { kind: 'holdout' }, bootstrap: { resamples: 100 } });
    const m = summarizeMetrics(metrics);
    expect(metricsSummarySchema.parse(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });
});
