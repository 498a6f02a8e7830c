/**
 * Shared look of every chart, in the app and in reports: one font, one palette (Okabe–Ito, colour-blind
 * safe, the same as the port colours), quiet axes. Pure data: a Vega-Lite `config` block.
 */

/** Okabe–Ito palette, ordered so the first two series (train, validation) contrast well. */
export const seriesColors = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'] as const;

export const chartFont = 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif';

export type ChartWidth = number | 'container';

/** Options every builder accepts: size and an optional title. */
export interface ChartOptions {
  readonly width?: ChartWidth;
  readonly height?: number;
  readonly title?: string;
}

export const chartConfig = {
  font: chartFont,
  background: null,
  view: { stroke: null },
  axis: {
    labelColor: '#475467',
    titleColor: '#344054',
    titleFontWeight: 500,
    labelFontSize: 10,
    titleFontSize: 11,
    gridColor: '#EAECF0',
    domainColor: '#D0D5DD',
    tickColor: '#D0D5DD',
  },
  legend: { labelColor: '#475467', titleColor: '#344054', labelFontSize: 10, titleFontSize: 11, orient: 'bottom' },
  title: { color: '#101828', fontSize: 12, fontWeight: 600, anchor: 'start' },
  range: { category: [...seriesColors] },
} as const;

/**
 * A Vega-Lite spec as plain JSON. Vega-Lite's own TypeScript types do not accept literal specs under
 * `exactOptionalPropertyTypes`, so the tests check every builder's output by compiling it with vega-lite
 * and rendering it with vega instead.
 */
export type ChartSpec = Readonly<Record<string, unknown>> & { readonly $schema: string };

/** Common top-level fields: schema URL (a string only, never fetched), size, title, config. */
export function frame(options: ChartOptions, defaults: { width: number; height: number }): ChartSpec & { width: ChartWidth; height: number } {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: options.width ?? defaults.width,
    height: options.height ?? defaults.height,
    ...(options.title === undefined ? {} : { title: options.title }),
    autosize: { type: 'fit', contains: 'padding' },
    config: chartConfig,
  };
}
