/**
 * Numbers as people read them in a report: fixed English formatting (a report must read the same on every
 * machine, so no locale from the environment), amounts in the target's units, shares as percentages.
 */
import { metricInfo } from '../ml/metrics/catalog';

const grouped = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 3 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Currency symbols go before the number ("$21,300"); other units after it ("4.2 kg"). */
function isPrefixUnit(unit: string): boolean {
  return /^\p{Sc}$/u.test(unit) || /^[A-Z]{3}$/.test(unit);
}

/** A number to three significant digits with thousands separators: 21300, 0.0123, 1.23e+9 stays readable. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return grouped.format(value);
}

export function formatInteger(value: number): string {
  return integer.format(value);
}

/** An amount in the target's units: "$21,300", "4.21 kg", or the bare number without a unit. */
export function formatAmount(value: number | null | undefined, unit: string): string {
  const text = formatNumber(value === null || value === undefined ? value : Math.abs(value));
  if (text === '—') return text;
  const sign = value !== null && value !== undefined && value < 0 ? '−' : '';
  if (unit === '') return `${sign}${text}`;
  if (isPrefixUnit(unit)) return `${sign}${unit.length === 3 ? `${unit} ` : unit}${text}`;
  return `${sign}${text} ${unit}`;
}

/** A share in [0, 1] as a percentage with one decimal: 0.9561 → "95.6%". */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

/** Metrics read as shares (shown as percentages in plain text). */
const SHARE_METRICS = new Set(['accuracy', 'balanced_accuracy', 'precision', 'recall', 'precision_macro', 'recall_macro', 'precision_weighted', 'recall_weighted']);

export function isShareMetric(metric: string): boolean {
  return SHARE_METRICS.has(metric);
}

/** Metrics in the target's units (regression errors). */
const UNIT_METRICS = new Set(['mae', 'rmse', 'median_ae']);

/**
 * A metric value for tables: 4 decimals for scores in [−1, 1]-ish ranges (accuracy 0.9561, R² 0.8734),
 * the target's units for errors, a percentage for MAPE.
 */
export function formatMetric(metric: string, value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (UNIT_METRICS.has(metric)) return formatAmount(value, unit);
  if (metric === 'mape') return formatPercent(value);
  return value.toFixed(4);
}

export function metricLabel(metric: string): string {
  return metricInfo(metric)?.label ?? metric;
}

/** The metric's name inside a sentence: "accuracy", "R²", "ROC AUC". */
export function metricWords(metric: string): string {
  return metricLabel(metric).replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase());
}

/** Duration in words: 850 ms, 12.3 s, 4 min 05 s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** "2025-03-01 14:05 UTC" from an ISO time (reports state their time zone). */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "1 row", "2 rows". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatInteger(n)} ${n === 1 ? word : many}`;
}

/** "a, b and c". */
export function joinWords(words: readonly string[], limit = 6): string {
  if (words.length === 0) return '';
  const shown = words.length > limit ? [...words.slice(0, limit - 1), `${words.length - limit + 1} more`] : [...words];
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
}
