/** Classification charts: confusion matrix, ROC and precision–recall curves, calibration. */
import { frame, type ChartSpec, seriesColors, type ChartOptions } from './theme';

export interface ConfusionMatrixInput {
  /** Class labels; `matrix[i][j]` counts rows of actual class i predicted as class j. */
  readonly labels: readonly string[];
  readonly matrix: readonly (readonly number[])[];
}

export function confusionMatrixSpec(input: ConfusionMatrixInput, options: ChartOptions = {}): ChartSpec {
  const values: { actual: string; predicted: string; count: number; share: number }[] = [];
  input.matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, j) => {
      values.push({ actual: input.labels[i] ?? String(i), predicted: input.labels[j] ?? String(j), count, share: total === 0 ? 0 : count / total });
    });
  });
  const side = Math.max(120, Math.min(360, 48 * input.labels.length));
  const order = [...input.labels];
  return {
    ...frame(options, { width: side, height: side }),
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: order, title: 'predicted', axis: { labelAngle: order.some((l) => l.length > 6) ? -35 : 0 } },
      y: { field: 'actual', type: 'nominal', sort: order, title: 'actual' },
    },
    layer: [
      {
        mark: { type: 'rect', tooltip: true },
        encoding: {
          color: { field: 'share', type: 'quantitative', title: 'share of actual', scale: { scheme: 'blues', domain: [0, 1] }, legend: null },
        },
      },
      {
        mark: { type: 'text', fontSize: 12 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.share > 0.5', value: 'white' }, value: '#101828' },
        },
      },
    ],
  };
}

export interface CurvePoint { readonly x: number; readonly y: number }

export interface CurveSeries {
  /** Which class (one-vs-rest) or "micro"/"macro"; for binary problems one series. */
  readonly label: string;
  readonly points: readonly CurvePoint[];
  /** Area under the curve, shown in the legend. */
  readonly area?: number | undefined;
}

function curveSpec(series: readonly CurveSeries[], axes: { x: string; y: string; diagonal: boolean }, options: ChartOptions): ChartSpec {
  const values = series.flatMap((s) => {
    const name = s.area === undefined ? s.label : `${s.label} (${s.area.toFixed(3)})`;
    return s.points.map((p, order) => ({ series: name, x: p.x, y: p.y, order }));
  });
  const layers: Record<string, unknown>[] = [
    {
      data: { values },
      mark: { type: 'line', strokeWidth: 2, interpolate: axes.diagonal ? 'step-after' : 'linear', tooltip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: axes.x, scale: { domain: [0, 1] } },
        y: { field: 'y', type: 'quantitative', title: axes.y, scale: { domain: [0, 1] } },
        color: { field: 'series', type: 'nominal', title: null, scale: { range: [...seriesColors] }, legend: { columns: 2, labelLimit: 120 } },
        order: { field: 'order', type: 'quantitative' },
      },
    },
  ];
  if (axes.diagonal) {
    layers.unshift({
      data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
      mark: { type: 'line', color: '#98A2B3', strokeDash: [4, 4], strokeWidth: 1 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    });
  }
  return { ...frame(options, { width: 240, height: 240 }), layer: layers };
}

/** ROC: x = false positive rate, y = true positive rate, with the chance diagonal. */
export function rocCurveSpec(series: readonly CurveSeries[], options: ChartOptions = {}): ChartSpec {
  return curveSpec(series, { x: 'false positive rate', y: 'true positive rate', diagonal: true }, options);
}

/** Precision–recall: x = recall, y = precision. */
export function prCurveSpec(series: readonly CurveSeries[], options: ChartOptions = {}): ChartSpec {
  return curveSpec(series, { x: 'recall', y: 'precision', diagonal: false }, options);
}

export interface CalibrationBin {
  /** Mean predicted probability in the bin. */
  readonly predicted: number;
  /** Observed share of positives in the bin. */
  readonly observed: number;
  readonly count: number;
}

/** Reliability diagram: observed frequency against mean predicted probability, diagonal = perfect. */
export function calibrationSpec(bins: readonly CalibrationBin[], options: ChartOptions = {}): ChartSpec {
  return {
    ...frame(options, { width: 240, height: 240 }),
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', color: '#98A2B3', strokeDash: [4, 4], strokeWidth: 1 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: bins.map((b) => ({ ...b })) },
        mark: { type: 'line', point: true, color: seriesColors[0], tooltip: true },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', title: 'mean predicted probability', scale: { domain: [0, 1] } },
          y: { field: 'observed', type: 'quantitative', title: 'observed frequency', scale: { domain: [0, 1] } },
        },
      },
    ],
  };
}
