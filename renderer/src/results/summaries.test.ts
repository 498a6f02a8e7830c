import { describe, expect, it } from 'vitest';
import { formatMetric, keyOutputLine, metricLabel, modelHistory } from './summaries';

describe('summary readers', () => {
  it('formats metrics at a readable precision', () => {
    expect(formatMetric(0.91234)).toBe('0.912');
    expect(formatMetric(0.07)).toBe('0.07');
    expect(formatMetric(150)).toBe('150');
    expect(formatMetric(21300.4)).toBe('21,300');
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(Number.NaN)).toBe('—');
  });

  it('names metrics as people say them', () => {
    expect(metricLabel('r2')).toBe('R²');
    expect(metricLabel('balancedAccuracy')).toBe('Balanced accuracy');
  });

  it('picks the key output line for a node face', () => {
    const table = { type: 'Table', rowCount: 2000, columns: [{}, {}], rows: [], partitions: { train: 1400, validation: 200, test: 400, none: 0 } };
    expect(keyOutputLine({ table })).toBe('2,000 rows × 2 columns · 1,400/200/400');
    const metrics = { type: 'Metrics', task: 'regression', scores: {}, headline: { metric: 'r2', partition: 'test', value: 0.91 } };
    expect(keyOutputLine({ metrics })).toBe('R² 0.91 on test');
    expect(keyOutputLine({ model: { type: 'Model' } })).toBe('Model ready');
    expect(keyOutputLine(undefined)).toBeUndefined();
  });

  it('reads a training history from a Model summary (cached Train steps)', () => {
    expect(modelHistory({ model: { type: 'Model' } })).toBeUndefined();
    const h = modelHistory({ model: { type: 'Model', metricName: 'accuracy', history: [{ loss: 1, valLoss: 2 }, { epoch: 2, loss: 0.5 }, 'junk'] } });
    expect(h?.epochs.map((e) => [e.epoch, e.loss])).toEqual([[1, 1], [2, 0.5]]);
    expect(h?.metricName).toBe('accuracy');
  });
});
