/**
 * summarize(value) → the JSON that crosses to the renderer for a port value (DESIGN.md: only summaries
 * cross; full tables and tensors stay in the engine). Each port type has a zod schema for its summary.
 */
import { z } from 'zod';
import { columnStats, columnStatsSchema, type ColumnStats } from '../data/stats';
import { cellValue, columnRoleSchema, columnTypeSchema, Partition, type Column, type Table } from '../data/table';
import type { PortValue } from '../nodes/values';
import { assertNever } from '../util/assert';
import { reportSummarySchema, summarizeReport } from '../report/document';
import { metricsSummarySchema, modelSummarySchema, predictionsSummarySchema, summarizeMetrics, summarizeModel, summarizePredictions } from '../ml/summary';

/** Rows of data shown in previews. */
export const PREVIEW_ROWS = 50;

const cellSchema = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const tableSummarySchema = z.object({
  type: z.literal('Table'),
  rowCount: z.number().int().nonnegative(),
  columns: z.array(z.object({ name: z.string(), type: columnTypeSchema, role: columnRoleSchema, stats: columnStatsSchema })),
  /** Rows per partition, or null when no Split ran upstream. */
  partitions: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int(), none: z.number().int() }).nullable(),
  /** The first rows, one array of cells per row in column order; missing cells are null, dates ISO text. */
  rows: z.array(z.array(cellSchema)),
  /** The fitted preprocessing so far, in order. */
  recipe: z.array(z.object({ kind: z.string(), nodeId: z.string() })),
  sources: z.array(z.object({ path: z.string(), sha256: z.string(), rows: z.number().int() })),
});
export type TableSummary = z.infer<typeof tableSummarySchema>;

export const portSummarySchema = z.union([tableSummarySchema, reportSummarySchema, modelSummarySchema, predictionsSummarySchema, metricsSummarySchema]);
export type PortSummary = z.infer<typeof portSummarySchema>;

export function summarize(value: PortValue): PortSummary {
  switch (value.type) {
    case 'Table':
      return summarizeTable(value.value);
    case 'Report':
      return summarizeReport(value.value);
    case 'Model':
      return summarizeModel(value.value);
    case 'Predictions':
      return summarizePredictions(value.value);
    case 'Metrics':
      return summarizeMetrics(value.value);
    default:
      return assertNever(value, 'port value');
  }
}

/**
 * Column statistics are cached per column data: transforms share unchanged arrays between tables (Select
 * Columns only changes roles), so a chain of transforms computes each column's statistics once.
 */
const statsCache = new WeakMap<object, { readonly companion: object; readonly type: Column['type']; readonly stats: ColumnStats }>();

function statsOf(column: Column): ColumnStats {
  const [data, companion] = column.kind === 'numeric' ? [column.values, column.missing] : [column.codes, column.categories];
  const hit = statsCache.get(data);
  if (hit !== undefined && hit.companion === companion && hit.type === column.type) {
    return { ...hit.stats, name: column.name, role: column.role };
  }
  const stats = columnStats(column);
  statsCache.set(data, { companion, type: column.type, stats });
  return stats;
}

export function summarizeTable(table: Table): TableSummary {
  const preview = Math.min(PREVIEW_ROWS, table.rowCount);
  const rows: (number | string | boolean | null)[][] = [];
  for (let r = 0; r < preview; r++) {
    rows.push(table.columns.map((c) => {
      const v = cellValue(c, r);
      return typeof v === 'number' && !Number.isFinite(v) ? null : v;
    }));
  }
  return {
    type: 'Table',
    rowCount: table.rowCount,
    columns: table.columns.map((c) => ({ name: c.name, type: c.type, role: c.role, stats: statsOf(c) })),
    partitions: partitionCounts(table),
    rows,
    recipe: table.recipe.map((s) => ({ kind: s.kind, nodeId: s.nodeId })),
    sources: table.sources.map((s) => ({ path: s.path, sha256: s.sha256, rows: s.rows })),
  };
}

function partitionCounts(table: Table): TableSummary['partitions'] {
  if (table.partition === null) return null;
  const counts = { train: 0, validation: 0, test: 0, none: 0 };
  for (let i = 0; i < table.rowCount; i++) {
    const p = table.partition[i];
    if (p === Partition.train) counts.train++;
    else if (p === Partition.validation) counts.validation++;
    else if (p === Partition.test) counts.test++;
    else counts.none++;
  }
  return counts;
}
