/** How the Runs view writes statuses, times, parameter values and metric deltas. Pure. */
import type { RecordedRunStatus, RunHeadline } from '../../../engine/runstore/schema';
import { formatMetric, metricLabel } from '../results/summaries';

export const statusLabels: Record<RecordedRunStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  diverged: 'Diverged',
  interrupted: 'Interrupted',
};

/** "850 ms", "12.4 s", "3 min 5 s", "1 h 2 min"; a dash when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(s - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2025-03-14 09:05" in local time. */
export function formatStarted(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "R² 0.91 (test)"; a dash for none. */
export function formatHeadline(headline: RunHeadline | null): string {
  if (headline === null) return '—';
  return `${metricLabel(headline.metric)} ${formatMetric(headline.value)} (${headline.partition})`;
}

/** "test R²", for a `partition.metric` column. */
export function metricColumnLabel(column: { metric: string; partition: string }): string {
  return `${column.partition} ${metricLabel(column.metric)}`;
}

/** A parameter value as text: strings bare, everything else as compact JSON; absent values as a dash. */
export function formatParamValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}

export type DeltaTone = 'better' | 'worse' | 'same' | 'unknown';

/**
 * A metric's change against the first run: "+0.012" / "−3,200", and whether that is better or worse
 * (`higherIsBetter` null: direction unknown).
 */
export function formatDelta(delta: number | null, higherIsBetter: boolean | null): { text: string; tone: DeltaTone } {
  if (delta === null || !Number.isFinite(delta)) return { text: '', tone: 'unknown' };
  if (delta === 0) return { text: '±0', tone: 'same' };
  const magnitude = formatMetric(Math.abs(delta));
  const text = `${delta > 0 ? '+' : '−'}${magnitude}`;
  if (higherIsBetter === null) return { text, tone: 'unknown' };
  return { text, tone: delta > 0 === higherIsBetter ? 'better' : 'worse' };
}
