/**
 * Vega-Lite specifications for query answers: plain JSON with the data inline, so the renderer only
 * hands them to vega-embed. Field keys are fixed ("label", "value", …) and column names go into titles,
 * because a column name with a dot would otherwise read as a nested field.
 */
export type ChartSpec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Points drawn in a scatter plot at most (a deterministic stride sample beyond that). */
export const MAX_SCATTER_POINTS = 2000;

type Label = string | number | boolean | null;

function labelText(l: Label): string {
  return l === null ? '(missing)' : String(l);
}

/** One bar per group: `value` against `label`. */
export function barChart(title: string, xTitle: string, yTitle: string, bars: readonly { label: Label; value: number }[], sortByValue = false): ChartSpec {
  return {
    $schema: SCHEMA,
    title,
    data: { values: bars.map((b) => ({ label: labelText(b.label), value: b.value })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'label', type: 'nominal', title: xTitle, sort: sortByValue ? '-y' : null },
      y: { field: 'value', type: 'quantitative', title: yTitle },
    },
  };
}

/** Bars for two grouping columns: the second one as colour, side by side. */
export function groupedBarChart(title: string, xTitle: string, colorTitle: string, yTitle: string, bars: readonly { label: Label; group: Label; value: number }[]): ChartSpec {
  return {
    $schema: SCHEMA,
    title,
    data: { values: bars.map((b) => ({ label: labelText(b.label), group: labelText(b.group), value: b.value })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'label', type: 'nominal', title: xTitle, sort: null },
      xOffset: { field: 'group', type: 'nominal' },
      color: { field: 'group', type: 'nominal', title: colorTitle },
      y: { field: 'value', type: 'quantitative', title: yTitle },
    },
  };
}

/** A histogram from precomputed bins. */
export function histogramChart(title: string, column: string, bins: readonly { start: number; end: number; count: number }[], temporal: boolean): ChartSpec {
  const type = temporal ? 'temporal' : 'quantitative';
  return {
    $schema: SCHEMA,
    title,
    data: { values: bins.map((b) => ({ start: b.start, end: b.end, count: b.count })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'start', type, bin: { binned: true }, title: column },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: 'rows' },
    },
  };
}

/** A scatter plot of two numeric columns. */
export function scatterChart(title: string, a: string, b: string, points: readonly { x: number; y: number }[]): ChartSpec {
  return {
    $schema: SCHEMA,
    title,
    data: { values: points.map((p) => ({ x: p.x, y: p.y })) },
    mark: { type: 'point', opacity: 0.5, tooltip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: a, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: b, scale: { zero: false } },
    },
  };
}
