import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { overlaidCurvesSpec, type ChartSpec } from './index';

async function renderSvg(spec: ChartSpec): Promise<string> {
  const warnings: string[] = [];
  const compiled = compile(spec as unknown as TopLevelSpec, { logger: { warn: (...m: unknown[]) => { warnings.push(m.join(' ')); return undefined; } } as never });
  const view = new View(parse(compiled.spec, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
  const svg = await view.toSVG();
  view.finalize();
  expect(warnings).toEqual([]);
  return svg;
}

describe('overlaid training curves (comparing runs)', () => {
  const run = (label: string, scale: number, withVal = true) => ({
    label,
    epochs: [1, 2, 3].map((epoch) => ({ epoch, loss: scale / epoch, ...(withVal ? { valLoss: (scale * 1.2) / epoch } : {}), metric: 0.5 + epoch / 10 })),
  });

  it('draws a line per run and partition, coloured by run, validation dashed', async () => {
    const spec = overlaidCurvesSpec([run('Run 1', 1), run('Run 2', 2, false)], 'loss');
    expect(spec).not.toBeNull();
    if (spec === null) return;
    const values = (spec['data'] as { values: { run: string; series: string }[] }).values;
    expect(new Set(values.map((v) => `${v.run}/${v.series}`))).toEqual(new Set(['Run 1/train', 'Run 1/validation', 'Run 2/train']));
    const svg = await renderSvg(spec);
    expect(svg).toContain('Run 1');
    expect(svg).toContain('Run 2');
  });

  it('shows the metric under its name, and is null when no run has the curve', async () => {
    const metric = overlaidCurvesSpec([run('Run 1', 1)], 'metric', { metricName: 'accuracy' });
    expect(metric).not.toBeNull();
    if (metric !== null) expect(await renderSvg(metric)).toContain('accuracy');
    expect(overlaidCurvesSpec([{ label: 'Run 1', epochs: [] }], 'loss')).toBeNull();
  });
});
