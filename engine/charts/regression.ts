/** Regression charts: predicted against actual, and residuals against predicted. */
import { frame, type ChartSpec, seriesColors, type ChartOptions } from './theme';

export interface RegressionPoint {
  readonly actual: number;
  readonly predicted: number;
}

export interface RegressionChartInput {
  readonly points: readonly RegressionPoint[];
  /** The target's name, used in axis titles ("actual price"). */
  readonly target: string;
}

function extent(points: readonly RegressionPoint[]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    lo = Math.min(lo, p.actual, p.predicted);
    hi = Math.max(hi, p.actual, p.predicted);
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

export function predictedVsActualSpec(input: RegressionChartInput, options: ChartOptions = {}): ChartSpec {
  const [lo, hi] = extent(input.points);
  return {
    ...frame(options, { width: 260, height: 260 }),
    layer: [
      {
        data: { values: [{ v: lo }, { v: hi }] },
        mark: { type: 'line', color: '#98A2B3', strokeDash: [4, 4], strokeWidth: 1 },
        encoding: { x: { field: 'v', type: 'quantitative' }, y: { field: 'v', type: 'quantitative' } },
      },
      {
        data: { values: input.points.map((p) => ({ actual: p.actual, predicted: p.predicted })) },
        mark: { type: 'circle', size: 18, opacity: 0.55, color: seriesColors[0], tooltip: true },
        encoding: {
          x: { field: 'actual', type: 'quantitative', title: `actual ${input.target}`, scale: { domain: [lo, hi], zero: false } },
          y: { field: 'predicted', type: 'quantitative', title: `predicted ${input.target}`, scale: { domain: [lo, hi], zero: false } },
        },
      },
    ],
  };
}

export function residualsSpec(input: RegressionChartInput, options: ChartOptions = {}): ChartSpec {
  const values = input.points.map((p) => ({ predicted: p.predicted, residual: p.actual - p.predicted }));
  return {
    ...frame(options, { width: 260, height: 200 }),
    layer: [
      {
        data: { values: [{ y: 0 }] },
        mark: { type: 'rule', color: '#98A2B3', strokeDash: [4, 4] },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'circle', size: 18, opacity: 0.55, color: seriesColors[3], tooltip: true },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', title: `predicted ${input.target}`, scale: { zero: false } },
          y: { field: 'residual', type: 'quantitative', title: 'actual − predicted' },
        },
      },
    ],
  };
}
