/**
 * Which column of a freshly imported table is probably the one to predict, for the "Build a model for
 * this" offer. A heuristic, and shown as a suggestion: the user confirms or picks another column.
 * Pure (works on the table summary), so the renderer could use it too.
 */
import type { ColumnStats } from '../data/stats';
import type { TableSummary } from '../run/summaries';

/** Names people give the column they want to predict (lower case, without separators). */
const TARGET_NAMES = new Set([
  'target', 'label', 'class', 'y', 'outcome', 'result', 'species', 'diagnosis', 'price', 'saleprice', 'churn',
  'churned', 'survived', 'quality', 'default', 'fraud', 'isfraud', 'response', 'status', 'grade', 'score', 'progression',
]);

function score(column: ColumnStats, index: number, count: number): number {
  if (column.type === 'identifier' || column.type === 'text' || column.type === 'datetime') return -1;
  if (column.count === 0 || column.distinct < 2) return -1;
  let s = 0;
  const name = column.name.toLowerCase().replace(/[\s_\-.]/g, '');
  if (TARGET_NAMES.has(name)) s += 10;
  else if ([...TARGET_NAMES].some((t) => t.length > 3 && name.endsWith(t))) s += 4;
  // By convention the target is often the last column.
  if (index === count - 1) s += 3;
  // Few classes make a good classification target; a numeric column with many values a regression one.
  if (column.type === 'categorical' || column.type === 'boolean') s += column.distinct <= 20 ? 2 : -2;
  else if (column.type === 'float') s += 1;
  if (column.missing > 0) s -= 1;
  return s;
}

/** Up to three column names, best first. */
export function suggestTargets(summary: TableSummary, limit = 3): string[] {
  const count = summary.columns.length;
  return summary.columns
    .map((column, index) => ({ name: column.name, s: score(column.stats, index, count), index }))
    .filter((c) => c.s >= 0)
    .sort((a, b) => b.s - a.s || b.index - a.index)
    .slice(0, limit)
    .map((c) => c.name);
}
