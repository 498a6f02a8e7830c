/** Distribution charts: pre-binned numeric histograms and category counts (summaries carry the bins). */
import { frame, type ChartSpec, seriesColors, type ChartOptions } from './theme';

export interface HistogramBin {
  /** Lower edge (inclusive). */
  readonly x0: number;
  /** Upper edge (exclusive, inclusive for the last bin). */
  readonly x1: number;
  readonly count: number;
}

export interface HistogramInput {
  readonly bins: readonly HistogramBin[];
  /** The column's name, used as the x-axis title. */
  readonly field: string;
}

export interface CategoryCount {
  readonly value: string;
  readonly count: number;
}

export interface CategoryCountsInput {
  readonly counts: readonly CategoryCount[];
  readonly field: string;
}

/** Options for the tiny inline version shown beside column stats: no axes, no padding. */
export interface SparkOptions extends ChartOptions {
  readonly spark?: boolean;
}

export function histogramSpec(input: HistogramInput, options: SparkOptions = {}): ChartSpec {
  const spark = options.spark === true;
  const values = input.bins.map((b) => ({ x0: b.x0, x1: b.x1, count: b.count }));
  return {
    ...frame(options, spark ? { width: 120, height: 28 } : { width: 320, height: 160 }),
    ...(spark ? { padding: 0 } : {}),
    data: { values },
    mark: { type: 'bar', color: seriesColors[0], binSpacing: 1, ...(spark ? {} : { tooltip: true }) },
    encoding: {
      x: { field: 'x0', type: 'quantitative', bin: { binned: true }, title: input.field, ...(spark ? { axis: null } : {}) },
      x2: { field: 'x1' },
      y: { field: 'count', type: 'quantitative', title: 'rows', ...(spark ? { axis: null } : {}) },
    },
  };
}

export function categoryCountsSpec(input: CategoryCountsInput, options: SparkOptions = {}): ChartSpec {
  const spark = options.spark === true;
  const values = input.counts.map((c) => ({ value: c.value, count: c.count }));
  if (spark) {
    return {
      ...frame(options, { width: 120, height: 28 }),
      padding: 0,
      data: { values },
      mark: { type: 'bar', color: seriesColors[2] },
      encoding: {
        x: { field: 'value', type: 'nominal', sort: '-y', axis: null },
        y: { field: 'count', type: 'quantitative', axis: null },
      },
    };
  }
  return {
    ...frame(options, { width: 320, height: Math.max(60, 18 * values.length) }),
    data: { values },
    mark: { type: 'bar', color: seriesColors[2], tooltip: true },
    encoding: {
      y: { field: 'value', type: 'nominal', sort: '-x', title: input.field },
      x: { field: 'count', type: 'quantitative', title: 'rows' },
    },
  };
}
