import { describe, expect, it } from 'vitest';
import { lossCurveSpec, metricCurveSpec, type EpochPoint } from '../../../engine/charts';
import { chartShape, planChartUpdate } from './chart-update';

const epochs = (n: number): EpochPoint[] => Array.from({ length: n }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1), valLoss: 1.1 / (i + 1), metric: i / n, valMetric: i / (n + 1) }));
const live = (n: number) => lossCurveSpec({ epochs: epochs(n), totalEpochs: 5 }, { width: 'container', height: 170, title: 'Loss' });

describe('planChartUpdate', () => {
  it('embeds when there is no view yet', () => {
    expect(planChartUpdate(null, live(1)).kind).toBe('embed');
  });

  it('swaps the rows of a live training chart whose shape is unchanged', () => {
    const first = planChartUpdate(null, live(1));
    const next = planChartUpdate(first.shape, live(3));
    expect(next.kind).toBe('update-data');
    if (next.kind !== 'update-data') return;
    expect(next.data.map((d) => d.name)).toEqual(['loss']);
    expect(next.data[0]?.values).toHaveLength(6); // train and validation rows of 3 epochs
  });

  it('embeds anew when the shape changes (another title, axis or mark)', () => {
    const first = planChartUpdate(null, live(2));
    const retitled = lossCurveSpec({ epochs: epochs(2), totalEpochs: 5 }, { width: 'container', height: 170, title: 'Loss (2)' });
    expect(planChartUpdate(first.shape, retitled).kind).toBe('embed');
    const longer = lossCurveSpec({ epochs: epochs(2), totalEpochs: 50 }, { width: 'container', height: 170, title: 'Loss' });
    expect(planChartUpdate(first.shape, longer).kind).toBe('embed');
  });

  it('keeps unnamed inline data in the shape, so new rows there mean a new embed', () => {
    const spec = (values: number[]) => ({ $schema: 'vega-lite', data: { values: values.map((x) => ({ x })) }, mark: 'bar' });
    const first = planChartUpdate(null, spec([1]));
    expect(planChartUpdate(first.shape, spec([1])).kind).toBe('update-data');
    expect(planChartUpdate(first.shape, spec([1, 2])).kind).toBe('embed');
  });

  it('finds named datasets inside nested views', () => {
    const spec = { $schema: 'vega-lite', hconcat: [{ data: { name: 'a', values: [1] }, mark: 'line' }, { data: { name: 'b', values: [2, 3] }, mark: 'line' }] };
    const { data, shape } = chartShape(spec);
    expect(data).toEqual([{ name: 'a', values: [1] }, { name: 'b', values: [2, 3] }]);
    expect(shape).not.toContain('values');
  });

  it('names the loss and metric datasets apart', () => {
    const metric = metricCurveSpec({ epochs: epochs(2), metricName: 'accuracy' });
    expect(metric).not.toBeNull();
    if (metric === null) return;
    expect(chartShape(metric).data.map((d) => d.name)).toEqual(['metric']);
  });
});
