/**
 * Answers questions about the latest model from what its run produced: the Evaluate node's Metrics
 * (scores per partition, headline with confidence interval, confusion matrix, residuals) and, when an
 * Explain node ran, permutation importances. No model → MW_QUERY_NO_MODEL.
 */
import { MwError } from '../errors';
import { metricInfo } from '../ml/metrics/catalog';
import type { MetricsResult } from '../ml/metrics/types';
import { barChart } from './charts';
import type { Answer, ModelQuestionIntent } from './intent';
import { formatNumber } from './text';

/** One input column's permutation importance (mean drop of the headline score, and its spread). */
export interface FeatureImportance {
  readonly feature: string;
  readonly mean: number;
  readonly std?: number;
}

export interface ModelEvidence {
  readonly metrics: MetricsResult | null;
  readonly importance?: readonly FeatureImportance[] | null;
}

/** Metric names a question may use, to the catalog's names (first one present wins). */
const METRIC_ALIASES: Readonly<Record<string, readonly string[]>> = {
  r2: ['r2'],
  rmse: ['rmse'],
  mae: ['mae'],
  auc: ['roc_auc', 'roc_auc_ovr_macro'],
  f1: ['f1', 'f1_macro'],
  precision: ['precision', 'precision_macro'],
  recall: ['recall', 'recall_macro'],
  accuracy: ['accuracy'],
};

function label(metric: string): string {
  return metricInfo(metric)?.label ?? metric;
}

function noModel(message: string): MwError {
  return new MwError('MW_QUERY_NO_MODEL', { message });
}

function requireMetrics(evidence: ModelEvidence): MetricsResult {
  if (evidence.metrics === null) throw noModel('No evaluated model yet: run a graph with a Train and an Evaluate node first.');
  return evidence.metrics;
}

function value(v: number | null | undefined): string {
  return v === null || v === undefined ? 'not defined' : formatNumber(Math.round(v * 10_000) / 10_000);
}

function accuracy(intent: ModelQuestionIntent, m: MetricsResult): Answer {
  const partition = m.headline.partition;
  const scores = m.scores[partition] ?? {};
  const asked = intent.metric === undefined ? undefined : (METRIC_ALIASES[intent.metric] ?? [intent.metric]).find((n) => n in scores);
  const metric = asked ?? m.headline.metric;
  const v = scores[metric];
  const ci = metric === m.headline.metric ? m.headline.ci : null;
  const where = m.protocol.kind === 'holdout' ? `on the ${partition} rows` : `by ${m.protocol.folds}-fold cross-validation`;
  const partitions = Object.keys(m.scores);
  const names = [...new Set(partitions.flatMap((p) => Object.keys(m.scores[p as keyof typeof m.scores] ?? {})))];
  return {
    reading: intent.reading,
    sentence:
      `${label(metric)} ${where}: ${value(v)}` +
      (ci === null ? '' : ` (95% interval ${value(ci.lower)} to ${value(ci.upper)})`) +
      (intent.metric !== undefined && asked === undefined ? ` — ${intent.metric} is not among this model's metrics, so the headline is shown` : '') +
      '.',
    table: { columns: ['metric', ...partitions], rows: names.map((n) => [label(n), ...partitions.map((p) => m.scores[p as keyof typeof m.scores]?.[n] ?? null)]) },
    notes: [...m.notes],
  };
}

function overfitting(intent: ModelQuestionIntent, m: MetricsResult): Answer {
  const metric = m.headline.metric;
  const train = m.scores.train?.[metric];
  const test = m.scores.test?.[metric];
  if (train === undefined || train === null || test === undefined || test === null) {
    return {
      reading: intent.reading,
      sentence: `Over-fitting cannot be judged here: there are no training and test scores to compare (the evaluation used ${m.protocol.kind === 'holdout' ? 'a hold-out without both parts' : 'cross-validation'}).`,
      notes: ['Add a Split node upstream of Train so Evaluate can score both the training and the test rows.'],
    };
  }
  const higher = metricInfo(metric)?.higherIsBetter ?? true;
  const gap = higher ? train - test : test - train;
  const relative = gap / Math.max(Math.abs(higher ? train : test), 1e-12);
  const verdict = relative > 0.1 ? 'likely over-fitting: it does much better on the rows it learned from' : relative > 0.03 ? 'some over-fitting' : 'no clear sign of over-fitting';
  return {
    reading: intent.reading,
    sentence: `${label(metric)} is ${value(train)} on the training rows and ${value(test)} on the test rows: ${verdict}.`,
    table: { columns: ['partition', label(metric)], rows: [['train', train], ['test', test]] },
    chart: barChart(`${label(metric)}: train vs test`, 'partition', label(metric), [{ label: 'train', value: train }, { label: 'test', value: test }]),
    notes: relative > 0.1 ? ['Try a smaller network, more L2 or dropout, early stopping, or more data.'] : [],
  };
}

function confusion(intent: ModelQuestionIntent, m: MetricsResult): Answer {
  if (m.task !== 'classification') {
    throw new MwError('MW_QUERY_BAD_VALUE', { message: 'A confusion matrix is for classification models; this model predicts numbers. Ask where it makes its biggest errors instead.' });
  }
  const { classes } = m;
  const matrix = m.curves.confusionMatrix;
  let worst: { t: string; p: string; n: number } | null = null;
  matrix.forEach((row, i) =>
    row.forEach((n, j) => {
      if (i !== j && n > 0 && (worst === null || n > worst.n)) worst = { t: classes[i] ?? String(i), p: classes[j] ?? String(j), n };
    }),
  );
  const found = worst as { t: string; p: string; n: number } | null;
  return {
    reading: intent.reading,
    sentence: found === null ? `No mistakes on the ${m.curves.partition} rows.` : `The most common mistake on the ${m.curves.partition} rows: ${found.t} predicted as ${found.p} (${found.n} row${found.n === 1 ? '' : 's'}).`,
    table: { columns: ['true \\ predicted', ...classes], rows: matrix.map((row, i) => [classes[i] ?? String(i), ...row]) },
    notes: [],
  };
}

function biggestErrors(intent: ModelQuestionIntent, m: MetricsResult): Answer {
  if (m.task === 'classification') {
    const answer = confusion(intent, m);
    return { ...answer, notes: ['Mistakes are counted per pair of true and predicted class.'] };
  }
  const points = [...m.curves.residuals].sort((a, b) => Math.abs(b.residual) - Math.abs(a.residual)).slice(0, 10);
  const top = points[0];
  return {
    reading: intent.reading,
    sentence: top === undefined ? 'No residuals were recorded.' : `The largest error among the sampled ${m.curves.partition} rows: predicted ${formatNumber(top.predicted)}, off by ${formatNumber(top.residual)}.`,
    table: { columns: ['predicted', 'actual − predicted'], rows: points.map((p) => [p.predicted, p.residual]) },
    notes: m.curves.rows > m.curves.residuals.length ? [`From a sample of ${m.curves.residuals.length} of ${m.curves.rows} rows.`] : [],
  };
}

function importance(intent: ModelQuestionIntent, evidence: ModelEvidence): Answer {
  const list = evidence.importance;
  if (list === undefined || list === null || list.length === 0) {
    if (evidence.metrics === null) throw noModel('No model has been trained yet: run a graph with a Train node first.');
    throw noModel('No feature importance has been computed for this model yet: add an Explain node after Train and run it.');
  }
  const sorted = [...list].sort((a, b) => b.mean - a.mean);
  const top = sorted.slice(0, 3).map((f) => f.feature);
  return {
    reading: intent.reading,
    sentence: `The inputs that matter most: ${top.join(', ')} (permutation importance: how much the score drops when a column is shuffled).`,
    table: { columns: ['column', 'importance', 'spread'], rows: sorted.map((f) => [f.feature, f.mean, f.std ?? null]) },
    chart: barChart('Permutation importance', 'column', 'score drop', sorted.map((f) => ({ label: f.feature, value: f.mean })), true),
    notes: [],
  };
}

/** Answers a model question from the latest run's evidence. */
export function answerModelQuestion(intent: ModelQuestionIntent, evidence: ModelEvidence): Answer {
  switch (intent.topic) {
    case 'importance':
      return importance(intent, evidence);
    case 'accuracy':
      return accuracy(intent, requireMetrics(evidence));
    case 'overfitting':
      return overfitting(intent, requireMetrics(evidence));
    case 'confusion':
      return confusion(intent, requireMetrics(evidence));
    case 'biggest-errors':
      return biggestErrors(intent, requireMetrics(evidence));
  }
}
