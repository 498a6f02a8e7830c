/** Feature importance: a sorted bar chart, with an error bar when the importance has a spread. */
import { frame, type ChartSpec, seriesColors, type ChartOptions } from './theme';

export interface FeatureImportance {
  readonly feature: string;
  readonly importance: number;
  /** Standard deviation across repeats (permutation importance), drawn as an error bar. */
  readonly std?: number | undefined;
}

export interface FeatureImportanceOptions extends ChartOptions {
  /** Show at most this many features (the most important). Default 15. */
  readonly top?: number;
}

export function featureImportanceSpec(items: readonly FeatureImportance[], options: FeatureImportanceOptions = {}): ChartSpec {
  const top = [...items].sort((a, b) => b.importance - a.importance).slice(0, options.top ?? 15);
  const values = top.map((i) => ({
    feature: i.feature,
    importance: i.importance,
    lo: i.importance - (i.std ?? 0),
    hi: i.importance + (i.std ?? 0),
  }));
  const withSpread = top.some((i) => i.std !== undefined && i.std > 0);
  const y = { field: 'feature', type: 'nominal' as const, sort: values.map((v) => v.feature), title: null };
  return {
    ...frame(options, { width: 300, height: Math.max(60, 20 * values.length) }),
    data: { values },
    layer: [
      {
        mark: { type: 'bar', color: seriesColors[0], tooltip: true },
        encoding: { y, x: { field: 'importance', type: 'quantitative', title: 'importance' } },
      },
      ...(withSpread
        ? [{
            mark: { type: 'rule' as const, color: '#344054' },
            encoding: { y, x: { field: 'lo', type: 'quantitative' as const }, x2: { field: 'hi' } },
          }]
        : []),
    ],
  };
}
