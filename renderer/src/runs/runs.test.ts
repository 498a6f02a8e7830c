import { describe, expect, it } from 'vitest';
import type { RunComparison } from '../../../engine/runstore/schema';
import { parseTags } from '../services/runs';
import { comparisonCharts } from './CompareView';
import { formatDelta, formatDuration, formatParamValue } from './format';
import { gateVerdict } from './gate';

describe('runs view helpers', () => {
  it('writes deltas with their direction', () => {
    expect(formatDelta(0.012, true)).toEqual({ text: '+0.012', tone: 'better' });
    expect(formatDelta(0.012, false)).toEqual({ text: '+0.012', tone: 'worse' });
    expect(formatDelta(-3200, false)).toEqual({ text: '−3,200', tone: 'better' });
    expect(formatDelta(0, true)).toEqual({ text: '±0', tone: 'same' });
    expect(formatDelta(null, true).tone).toBe('unknown');
    expect(formatDelta(1, null).tone).toBe('unknown');
  });

  it('writes durations and parameter values', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatParamValue(undefined)).toBe('—');
    expect(formatParamValue('median')).toBe('median');
    expect(formatParamValue(0.1 + 0.2)).toBe('0.3');
    expect(formatParamValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
  });

  it('reads tags typed with commas', () => {
    expect(parseTags(' best,  two   words ,best,, ')).toEqual(['best', 'two words']);
  });

  it('says whether a gate passed, and which conditions failed', () => {
    expect(gateVerdict('train', 'done', undefined)).toBeNull();
    expect(gateVerdict('gate', 'cached', undefined)).toEqual({ passed: true, failed: [] });
    expect(gateVerdict('gate', 'stale', undefined)).toBeNull();
    const error = {
      code: 'MW_GATE_FAILED' as const, message: 'm', hint: 'h', location: { nodeId: 'gate' },
      details: { conditions: [{ label: 'test r2 ≥ 0.9', actual: 0.8512, passed: false }, { label: 'test rmse ≤ 30000', actual: 21000, passed: true }] },
    };
    expect(gateVerdict('gate', 'failed', error)).toEqual({ passed: false, failed: ['test r2 ≥ 0.9 (got 0.851)'] });
    expect(gateVerdict('gate', 'failed', { ...error, code: 'MW_GATE_UNKNOWN_METRIC' })).toBeNull();
  });

  it('overlays the training curves of compared runs', () => {
    const epochs = [{ epoch: 1, loss: 2, valLoss: 2.5, metric: null, valMetric: null, ms: 3 }, { epoch: 2, loss: 1, valLoss: 1.5, metric: null, valMetric: null, ms: 3 }];
    const comparison: RunComparison = {
      runs: [{ id: 'a', number: 1, name: 'g', status: 'succeeded', startedAt: '' }, { id: 'b', number: 2, name: 'g', status: 'succeeded', startedAt: '' }],
      params: [], inputs: [], metrics: [],
      history: [{ runId: 'a', nodeId: 'train', epochs }, { runId: 'b', nodeId: 'train', epochs }],
    };
    const charts = comparisonCharts(comparison);
    expect(charts.map((c) => c.id)).toEqual(['loss']);
    expect(JSON.stringify(charts[0]?.spec)).toContain('"Run 2"');
    expect(comparisonCharts({ ...comparison, history: [] })).toEqual([]);
  });
});
