/** Training curves: loss (and the chosen metric) per epoch, for train and validation rows. */
import { frame, type ChartSpec, seriesColors, type ChartOptions } from './theme';

export interface EpochPoint {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss?: number | undefined;
  readonly metric?: number | undefined;
  readonly valMetric?: number | undefined;
}

export interface LossCurveInput {
  readonly epochs: readonly EpochPoint[];
  /** Total epochs planned, so a live chart keeps its x-axis while training runs. */
  readonly totalEpochs?: number | undefined;
  /** Name of `metric` (e.g. "accuracy"); when set and present, a second panel shows it. */
  readonly metricName?: string | undefined;
}

interface Row { epoch: number; series: string; value: number }

function rows(points: readonly EpochPoint[], train: keyof EpochPoint, val: keyof EpochPoint): Row[] {
  const out: Row[] = [];
  for (const p of points) {
    const t = p[train];
    const v = p[val];
    if (typeof t === 'number' && Number.isFinite(t)) out.push({ epoch: p.epoch, series: 'train', value: t });
    if (typeof v === 'number' && Number.isFinite(v)) out.push({ epoch: p.epoch, series: 'validation', value: v });
  }
  return out;
}

/**
 * The x-axis end: room for half as many epochs again as have run (so a live chart is not squeezed into
 * the left edge of a 300-epoch axis when early stopping ends it at 40), never past the planned total.
 */
export function epochAxisMax(lastEpoch: number, totalEpochs: number | undefined): number | undefined {
  if (totalEpochs === undefined) return undefined;
  return Math.max(2, Math.min(totalEpochs, Math.max(10, Math.ceil(lastEpoch * 1.5))));
}

function panel(dataset: 'loss' | 'metric', values: Row[], title: string, totalEpochs: number | undefined, width: number | 'container', height: number) {
  const last = values.reduce((m, r) => Math.max(m, r.epoch), 1);
  const axisMax = epochAxisMax(last, totalEpochs);
  return {
    width,
    height,
    // Named so a live chart can swap in new rows without being drawn anew (renderer/src/results/chart-update.ts).
    data: { name: dataset, values },
    mark: { type: 'line' as const, point: values.length <= 40, tooltip: true, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'epoch', type: 'quantitative' as const, title: 'epoch',
        scale: axisMax === undefined ? { nice: false } : { domain: [1, axisMax], nice: false },
        axis: { tickMinStep: 1 },
      },
      y: { field: 'value', type: 'quantitative' as const, title, scale: { zero: false } },
      color: {
        field: 'series', type: 'nominal' as const, title: null,
        scale: { domain: ['train', 'validation'], range: [seriesColors[0], seriesColors[1]] },
      },
    },
  };
}

/** Loss per epoch, train and validation. */
export function lossCurveSpec(input: LossCurveInput, options: ChartOptions = {}): ChartSpec {
  const { width, height, ...top } = frame(options, { width: 320, height: 160 });
  return { ...top, ...panel('loss', rows(input.epochs, 'loss', 'valLoss'), 'loss', input.totalEpochs, width, height) };
}

/** The training metric per epoch (e.g. accuracy), or null when training reports none. */
export function metricCurveSpec(input: LossCurveInput, options: ChartOptions = {}): ChartSpec | null {
  const values = rows(input.epochs, 'metric', 'valMetric');
  if (input.metricName === undefined || values.length === 0) return null;
  const { width, height, ...top } = frame(options, { width: 320, height: 160 });
  return { ...top, ...panel('metric', values, input.metricName, input.totalEpochs, width, height) };
}

/** Loss and metric side by side (for reports; fixed widths, since concatenated views cannot fit a container). */
export function trainingCurvesSpec(input: LossCurveInput, options: ChartOptions & { width?: number } = {}): ChartSpec {
  const loss = lossCurveSpec(input, options);
  const metric = metricCurveSpec(input, options);
  if (metric === null) return loss;
  const { width, height, ...top } = frame(options, { width: 280, height: 160 });
  const strip = (spec: ChartSpec) => {
    const { $schema: _s, config: _c, autosize: _a, title: _t, ...rest } = spec;
    return { ...rest, width, height };
  };
  return { ...top, autosize: { type: 'pad' }, hconcat: [strip(loss), strip(metric)] };
}

/** One run's training history, for overlaying several runs on one chart. */
export interface RunCurves {
  /** e.g. "Run 3". */
  readonly label: string;
  readonly epochs: readonly EpochPoint[];
}

/**
 * Loss (or the training metric) per epoch of several runs on one chart, for comparing runs: one colour
 * per run, training rows solid and validation rows dashed. Null when no run has such a curve.
 */
export function overlaidCurvesSpec(runs: readonly RunCurves[], what: 'loss' | 'metric', options: ChartOptions & { readonly metricName?: string } = {}): ChartSpec | null {
  const values = runs.flatMap((run) => rows(run.epochs, what, what === 'loss' ? 'valLoss' : 'valMetric').map((row) => ({ ...row, run: run.label })));
  if (values.length === 0) return null;
  const { width, height, ...top } = frame(options, { width: 420, height: 200 });
  return {
    ...top,
    width,
    height,
    data: { values },
    mark: { type: 'line', tooltip: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', scale: { nice: false }, axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: what === 'loss' ? 'loss' : (options.metricName ?? 'metric'), scale: { zero: false } },
      color: { field: 'run', type: 'nominal', title: null, scale: { domain: runs.map((r) => r.label), range: [...seriesColors] } },
      strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: ['train', 'validation'], range: [[1, 0], [5, 3]] } },
    },
  };
}
