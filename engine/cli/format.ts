/** Plain-text formatting for the CLI: aligned tables, compact numbers, coded errors with their place. */
import type { ErrorInfo } from '../errors';

/** Renders rows as columns separated by two spaces; `align` marks right-aligned (numeric) columns. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A number in at most ~6 significant digits, without trailing zeros or exponent for everyday sizes. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e15)) return value.toExponential(3);
  return String(Number(value.toPrecision(6)));
}

export function formatDate(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** "error MW_X (node "impute", column "age"): message\n  hint: …" */
export function formatError(info: ErrorInfo, severity: 'error' | 'warning' = 'error', nodeLabel?: string): string {
  const where: string[] = [];
  if (info.location.nodeId !== undefined) where.push(`node "${info.location.nodeId}"${nodeLabel === undefined ? '' : ` (${nodeLabel})`}`);
  if (info.location.edgeId !== undefined) where.push(`edge "${info.location.edgeId}"`);
  if (info.location.port !== undefined) where.push(`port "${info.location.port}"`);
  if (info.location.field !== undefined && info.location.field !== '') where.push(`field "${info.location.field}"`);
  if (info.location.column !== undefined) where.push(`column "${info.location.column}"`);
  if (info.location.row !== undefined) where.push(`row ${info.location.row}`);
  const place = where.length === 0 ? '' : ` at ${where.join(', ')}`;
  return `${severity} ${info.code}${place}: ${info.message}\n  hint: ${info.hint}`;
}
