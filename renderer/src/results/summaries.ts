/**
 * Reading output summaries (engine/run/summaries.ts) on the canvas. Summaries arrive as JSON; these
 * guards check the discriminating fields before a panel trusts a shape, and fall back to "unknown".
 */
import type { TableSummary } from '../../../engine/run/summaries';
import type { MetricsResult } from '../../../engine/ml/metrics/types';
import type { DataFileSummary } from '../../../engine/host/contract';
import type { EpochPoint } from '../../../engine/charts';
import type { PredictionsSummary as EnginePredictionsSummary } from '../../../engine/ml/summary';

export type { TableSummary };
export type MetricsSummary = MetricsResult & { readonly type: 'Metrics' };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isTableSummary(v: unknown): v is TableSummary {
  return isRecord(v) && v['type'] === 'Table' && typeof v['rowCount'] === 'number' && Array.isArray(v['columns']) && Array.isArray(v['rows']);
}

export function isMetricsSummary(v: unknown): v is MetricsSummary {
  return isRecord(v) && v['type'] === 'Metrics' && (v['task'] === 'classification' || v['task'] === 'regression') && isRecord(v['headline']) && isRecord(v['scores']);
}

/** Predictions: the first rows of inputs plus prediction columns (engine/ml/summary.ts). */
export type PredictionsSummary = EnginePredictionsSummary;

export function isPredictionsSummary(v: unknown): v is PredictionsSummary {
  return isRecord(v) && v['type'] === 'Predictions' && typeof v['rowCount'] === 'number' && Array.isArray(v['columns']) && Array.isArray(v['rows']);
}

export function summaryType(v: unknown): string | undefined {
  return isRecord(v) && typeof v['type'] === 'string' ? v['type'] : undefined;
}

/** The table summary inside a data-file summary (what inspect/import returned). */
export function fileTable(file: DataFileSummary | undefined): TableSummary | undefined {
  return file?.table ?? undefined;
}

const integer = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return integer.format(n);
}

/** Metric names as people say them. */
const metricLabels: Record<string, string> = {
  accuracy: 'Accuracy',
  balancedAccuracy: 'Balanced accuracy',
  f1: 'F1',
  f1Macro: 'F1 (macro)',
  precision: 'Precision',
  recall: 'Recall',
  rocAuc: 'ROC AUC',
  logLoss: 'Log loss',
  r2: 'R²',
  rmse: 'RMSE',
  mae: 'MAE',
  mape: 'MAPE',
};

export function metricLabel(name: string): string {
  return metricLabels[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** A metric value at a readable precision: shares as 0.912, errors with 4 significant digits. */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return integer.format(Math.round(value));
  const text = value.toPrecision(Math.abs(value) < 1 ? 3 : 4);
  // Drop trailing zeros of the fraction only ("0.0700" → "0.07", "150.0" → "150"; never "21300" → "213").
  return text.includes('.') && !text.includes('e') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** The one line a node face shows for its main output ("2,000 rows × 7 columns", "R² 0.91 on test"). */
export function keyOutputLine(outputs: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (outputs === undefined) return undefined;
  for (const value of Object.values(outputs)) {
    if (isMetricsSummary(value)) {
      const h = value.headline;
      return `${metricLabel(h.metric)} ${formatMetric(h.value)} on ${h.partition === 'cv' ? 'cross-validation' : h.partition}`;
    }
  }
  for (const value of Object.values(outputs)) {
    if (isTableSummary(value)) {
      const p = value.partitions;
      const split = p === null ? '' : ` · ${formatCount(p.train)}/${formatCount(p.validation)}/${formatCount(p.test)}`;
      return `${formatCount(value.rowCount)} rows × ${value.columns.length} columns${split}`;
    }
    if (isPredictionsSummary(value)) return `${formatCount(value.rowCount)} predictions`;
  }
  const types = Object.values(outputs).map(summaryType).filter((t): t is string => t !== undefined);
  return types.length > 0 ? `${types.join(', ')} ready` : undefined;
}

/**
 * The training history a Model summary carries (`history`: per-epoch loss and metric), so a cached Train
 * step still shows its curves. Undefined when the summary has none.
 */
export function modelHistory(outputs: Readonly<Record<string, unknown>> | undefined): { epochs: EpochPoint[]; totalEpochs?: number; metricName?: string } | undefined {
  for (const value of Object.values(outputs ?? {})) {
    if (!isRecord(value) || value['type'] !== 'Model' || !Array.isArray(value['history'])) continue;
    const epochs = (value['history'] as unknown[]).flatMap((h, i): EpochPoint[] => {
      if (!isRecord(h) || typeof h['loss'] !== 'number') return [];
      const num = (k: string) => (typeof h[k] === 'number' ? h[k] : undefined);
      return [{ epoch: num('epoch') ?? i + 1, loss: h['loss'], valLoss: num('valLoss'), metric: num('metric'), valMetric: num('valMetric') }];
    });
    if (epochs.length === 0) return undefined;
    const metricName = typeof value['metricName'] === 'string' ? value['metricName'] : undefined;
    return { epochs, totalEpochs: epochs.length, ...(metricName === undefined ? {} : { metricName }) };
  }
  return undefined;
}
