/**
 * 95% confidence intervals for every metric the report shows, not only Evaluate's headline. With the Model
 * and a table connected, the report scores the same partitions again and bootstraps each metric (the
 * metrics library's percentile bootstrap, same seed and resamples as Evaluate). The recomputed values must
 * equal Evaluate's (to 1e-9): if they do not, the table is not the one Evaluate scored and no interval is
 * given rather than a wrong one.
 */
import { rowsIn, type Table } from '../data/table';
import { bootstrapInterval } from '../ml/metrics/bootstrap';
import { classificationStatistic, prepareClassification, scoresOfPrepared } from '../ml/metrics/classification';
import { prepareRegression, regressionScoresOfPrepared, regressionStatistic } from '../ml/metrics/regression';
import type { ConfidenceInterval, EvaluationPartition, MetricsResult } from '../ml/metrics/types';
import type { ModelBundle } from '../ml/model';
import { preparedFor, predictRows, truthFor } from '../ml/train/infer';

/** Row draws (rows × resamples × metrics) the report spends on intervals per partition, and the fewest resamples it uses. */
const WORK_BUDGET = 40_000_000;
const MIN_RESAMPLES = 200;

export type Intervals = Partial<Record<EvaluationPartition, Record<string, ConfidenceInterval | null>>>;

export interface IntervalOutcome {
  readonly intervals: Intervals;
  /** Why some or all intervals are missing, in plain words. */
  readonly notes: string[];
}

export interface IntervalOptions {
  readonly resamples: number;
  readonly seed: number;
  readonly metrics: readonly string[];
}

function close(a: number | null | undefined, b: number): boolean {
  if (a === null || a === undefined) return !Number.isFinite(b);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

/** Bootstrap intervals per holdout partition and metric; cross-validation keeps only Evaluate's headline CI. */
export function metricIntervals(metrics: MetricsResult, model: ModelBundle, input: Table, options: IntervalOptions): IntervalOutcome {
  const intervals: Intervals = {};
  const notes: string[] = [];
  const headline = metrics.headline;
  if (headline.ci !== null) intervals[headline.partition] = { [headline.metric]: headline.ci };
  if (metrics.protocol.kind === 'cross-validation') {
    notes.push('Under cross-validation only the headline metric has a confidence interval (computed by Evaluate).');
    return { intervals, notes };
  }
  if (model.task !== metrics.task) {
    notes.push('The connected model does not match the metrics (different task), so only the headline interval is shown.');
    return { intervals, notes };
  }
  const { table } = preparedFor(model, input);
  const bootstrap = { resamples: options.resamples, seed: options.seed };
  for (const partition of ['test', 'train', 'validation'] as const) {
    const expected = metrics.scores[partition];
    if (expected === undefined) continue;
    const rows = table.partition === null ? new Uint32Array(0) : rowsIn(table, partition);
    const truth = truthFor(model, table, rows);
    if (truth.rows.length === 0 || truth.rows.length !== metrics.rowCounts[partition]) {
      notes.push(`The connected table's ${partition} rows are not the ones Evaluate scored, so their metrics have no interval.`);
      continue;
    }
    const { output } = predictRows(model, table, truth.rows);
    let score: Record<string, number>;
    let statistic: (metric: string) => (w: Float64Array) => number;
    if (truth.kind === 'classes') {
      const prep = prepareClassification(truth.codes, output, model.classes.length);
      score = scoresOfPrepared(prep, undefined);
      statistic = (metric) => classificationStatistic(prep, metric);
    } else {
      const prep = prepareRegression(truth.values, output);
      score = regressionScoresOfPrepared(prep, undefined);
      statistic = (metric) => regressionStatistic(prep, metric);
    }
    const wanted = options.metrics.filter((m) => m in expected);
    if (!wanted.every((m) => close(expected[m], score[m] ?? Number.NaN))) {
      notes.push(`Scoring the connected model on the ${partition} rows does not reproduce Evaluate's values, so they have no interval.`);
      continue;
    }
    // Bootstrap cost grows with rows × resamples × metrics: on large partitions use fewer resamples.
    const resamples = Math.max(MIN_RESAMPLES, Math.min(options.resamples, Math.floor(WORK_BUDGET / Math.max(1, truth.rows.length * wanted.length))));
    if (resamples < options.resamples) notes.push(`The ${partition} intervals other than the headline's use ${resamples} bootstrap resamples (not ${options.resamples}) to keep the report quick on ${truth.rows.length} rows.`);
    const byMetric: Record<string, ConfidenceInterval | null> = { ...intervals[partition] };
    for (const metric of wanted) {
      if (partition === headline.partition && metric === headline.metric) continue;
      if (expected[metric] === null) {
        byMetric[metric] = null;
        continue;
      }
      const of = statistic(metric);
      byMetric[metric] = bootstrapInterval([truth.rows.length], (counts) => of(counts[0]!), { ...bootstrap, resamples });
    }
    intervals[partition] = byMetric;
  }
  return { intervals, notes };
}
