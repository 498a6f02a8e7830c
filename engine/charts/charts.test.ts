import { describe, expect, it } from 'vitest';
import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';
import {
  calibrationSpec, categoryCountsSpec, confusionMatrixSpec, featureImportanceSpec, histogramSpec, lossCurveSpec,
  predictedVsActualSpec, prCurveSpec, residualsSpec, rocCurveSpec, metricCurveSpec, trainingCurvesSpec, epochAxisMax, type ChartSpec,
} from './index';

/** Compiles with vega-lite and renders with vega's headless View in interpreter mode (no eval, as under CSP). */
async function renderSvg(spec: ChartSpec): Promise<string> {
  const warnings: string[] = [];
  const compiled = compile(spec as unknown as TopLevelSpec, { logger: { warn: (...m: unknown[]) => { warnings.push(m.join(' ')); return undefined; } } as never });
  const view = new View(parse(compiled.spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
  const svg = await view.toSVG();
  view.finalize();
  expect(warnings).toEqual([]);
  return svg;
}

const reg = { target: 'price', points: [{ actual: 100, predicted: 110 }, { actual: 200, predicted: 190 }, { actual: 300, predicted: 320 }] };

describe('chart specs', () => {
  it('histogram renders a bar per bin, and a spark version without axes', async () => {
    const input = { field: 'sqft', bins: [{ x0: 0, x1: 10, count: 3 }, { x0: 10, x1: 20, count: 5 }] };
    const svg = await renderSvg(histogramSpec(input, { title: 'sqft' }));
    expect(svg).toContain('<svg');
    expect(svg).toContain('sqft');
    const spark = histogramSpec(input, { spark: true });
    expect(JSON.stringify(spark)).toContain('"axis":null');
    await renderSvg(spark);
  });

  it('category counts sort by count', async () => {
    const spec = categoryCountsSpec({ field: 'city', counts: [{ value: 'Lakeside', count: 10 }, { value: 'Hill', count: 4 }] });
    const svg = await renderSvg(spec);
    expect(svg).toContain('Lakeside');
    await renderSvg(categoryCountsSpec({ field: 'city', counts: [{ value: 'a', count: 1 }] }, { spark: true }));
  });

  it('loss curve shows train and validation, and a metric panel when there is one', async () => {
    const epochs = [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch, valLoss: 1.2 / epoch, metric: 0.5 + epoch / 10, valMetric: 0.4 + epoch / 10 }));
    const single = lossCurveSpec({ epochs, totalEpochs: 10 });
    const svg = await renderSvg(single);
    expect(svg).toContain('validation');
    expect(metricCurveSpec({ epochs, totalEpochs: 10 })).toBeNull();
    const metric = metricCurveSpec({ epochs, metricName: 'accuracy' });
    expect(metric).not.toBeNull();
    if (metric !== null) expect(await renderSvg(metric)).toContain('accuracy');
    expect(trainingCurvesSpec({ epochs, totalEpochs: 10 })).not.toHaveProperty('hconcat');
    const both = trainingCurvesSpec({ epochs, totalEpochs: 10, metricName: 'accuracy' });
    expect(both).toHaveProperty('hconcat');
    expect(await renderSvg(both)).toContain('accuracy');
    // An empty history (training just started) still renders.
    await renderSvg(lossCurveSpec({ epochs: [] }));
  });

  it('the live epoch axis grows with the run but never past the planned epochs', () => {
    expect(epochAxisMax(3, 300)).toBe(10);
    expect(epochAxisMax(40, 300)).toBe(60);
    expect(epochAxisMax(290, 300)).toBe(300);
    expect(epochAxisMax(5, undefined)).toBeUndefined();
  });

  it('confusion matrix has one cell per pair with counts as text', async () => {
    const spec = confusionMatrixSpec({ labels: ['a', 'b'], matrix: [[5, 1], [2, 7]] });
    const values = (spec['data'] as { values: { count: number; share: number }[] }).values;
    expect(values.map((v) => v.count)).toEqual([5, 1, 2, 7]);
    expect(values[0]?.share).toBeCloseTo(5 / 6, 12);
    const svg = await renderSvg(spec);
    expect(svg).toContain('>7<');
  });

  it('ROC has the chance diagonal; PR does not', async () => {
    const series = [{ label: 'yes', area: 0.9, points: [{ x: 0, y: 0 }, { x: 0.1, y: 0.8 }, { x: 1, y: 1 }] }];
    const roc = rocCurveSpec(series);
    expect((roc['layer'] as unknown[]).length).toBe(2);
    expect(await renderSvg(roc)).toContain('yes (0.900)');
    const pr = prCurveSpec(series);
    expect((pr['layer'] as unknown[]).length).toBe(1);
    await renderSvg(pr);
    await renderSvg(calibrationSpec([{ predicted: 0.2, observed: 0.25, count: 10 }, { predicted: 0.8, observed: 0.7, count: 12 }]));
  });

  it('regression charts compute residuals as actual − predicted', async () => {
    const spec = residualsSpec(reg);
    const layer = (spec['layer'] as { data: { values: { residual?: number }[] } }[])[1];
    expect(layer?.data.values.map((v) => v.residual)).toEqual([-10, 10, -20]);
    await renderSvg(spec);
    expect(await renderSvg(predictedVsActualSpec(reg))).toContain('actual price');
    await renderSvg(predictedVsActualSpec({ target: 'y', points: [] }));
  });

  it('feature importance keeps the top N, most important first, with error bars when spread is known', async () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ feature: `f${i}`, importance: i, std: 0.5 }));
    const spec = featureImportanceSpec(items, { top: 5 });
    const values = (spec['data'] as { values: { feature: string }[] }).values;
    expect(values.map((v) => v.feature)).toEqual(['f19', 'f18', 'f17', 'f16', 'f15']);
    expect((spec['layer'] as unknown[]).length).toBe(2);
    await renderSvg(spec);
    expect((featureImportanceSpec([{ feature: 'a', importance: 1 }])['layer'] as unknown[]).length).toBe(1);
  });

  it('specs are plain JSON with no remote references', () => {
    const spec = histogramSpec({ field: 'x', bins: [] });
    const text = JSON.stringify(spec);
    expect(JSON.parse(text)).toEqual(spec);
    expect(text.replace(spec.$schema, '')).not.toMatch(/https?:/);
  });
});
