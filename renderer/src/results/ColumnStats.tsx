/** Per-column statistics with a small distribution chart for each column. */
import { memo, useMemo } from 'react';
import { categoryCountsSpec, histogramSpec } from '../../../engine/charts';
import type { TableSummary } from './summaries';
import { formatCount, formatMetric } from './summaries';
import { VegaChart } from './VegaChart';

type ColumnSummary = TableSummary['columns'][number];

function sparkSpec(column: ColumnSummary) {
  const s = column.stats;
  if (s.histogram !== null && s.histogram.counts.length > 0) {
    const { edges, counts } = s.histogram;
    return histogramSpec({ field: column.name, bins: counts.map((count, i) => ({ x0: edges[i] ?? 0, x1: edges[i + 1] ?? 0, count })) }, { spark: true, width: 110, height: 26 });
  }
  if (s.top.length > 0) return categoryCountsSpec({ field: column.name, counts: s.top }, { spark: true, width: 110, height: 26 });
  return null;
}

function describe(column: ColumnSummary): string {
  const s = column.stats;
  if (column.type === 'datetime' && s.min !== null && s.max !== null) {
    return `${new Date(s.min).toISOString().slice(0, 10)} → ${new Date(s.max).toISOString().slice(0, 10)}`;
  }
  if (s.mean !== null) return `mean ${formatMetric(s.mean)} · sd ${formatMetric(s.std)} · ${formatMetric(s.min)}–${formatMetric(s.max)}`;
  const top = s.top[0];
  return top === undefined ? '' : `top: ${top.value} (${formatCount(top.count)})`;
}

const Spark = memo(function Spark({ column }: { column: ColumnSummary }) {
  const spec = useMemo(() => sparkSpec(column), [column]);
  return spec === null ? null : <VegaChart spec={spec} className="mw-spark" />;
});

export function ColumnStats({ table }: { table: TableSummary }) {
  return (
    <div className="mw-colstats" data-testid="column-stats">
      <table className="mw-table">
        <thead>
          <tr><th>Column</th><th>Type</th><th>Role</th><th className="mw-num">Missing</th><th className="mw-num">Distinct</th><th>Summary</th><th>Distribution</th></tr>
        </thead>
        <tbody>
          {table.columns.map((c) => (
            <tr key={c.name} data-testid={`column-stat-${c.name}`}>
              <td className="mw-strong">{c.name}</td>
              <td><span className="mw-badge">{c.type}</span></td>
              <td>{c.role === 'target' ? <span className="mw-badge mw-badge-target">target</span> : <span className="mw-muted">{c.role}</span>}</td>
              <td className={`mw-num${c.stats.missing > 0 ? ' mw-warn-text' : ''}`}>{c.stats.missing === 0 ? '—' : `${formatCount(c.stats.missing)} (${Math.round((100 * c.stats.missing) / Math.max(1, c.stats.rows))}%)`}</td>
              <td className="mw-num">{formatCount(c.stats.distinct)}</td>
              <td className="mw-small mw-muted">{describe(c)}</td>
              <td><Spark column={c} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
