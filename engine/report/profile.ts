/**
 * The data profile section: rows, columns, types, missing values, the distributions of the features the
 * model uses and of the target, from the table connected to the Report node (column statistics as in the
 * data inspector, engine/data/stats.ts).
 */
import { categoryCountsSpec, histogramSpec } from '../charts/histogram';
import { columnStats, type ColumnStats } from '../data/stats';
import { Partition, type Table } from '../data/table';
import { chart, keyValue, num, paragraph, table } from './blocks';
import type { Block, ReportSection } from './document';
import type { ReportFacts } from './facts';
import { formatInteger, formatNumber, formatPercent, joinWords } from './format';

const FULL_WIDTH = 620;
const HALF_WIDTH = 290;

function distributionChart(stats: ColumnStats, id: string, half: boolean, title: string): Block | null {
  const width = half ? HALF_WIDTH : FULL_WIDTH;
  if (stats.histogram !== null && stats.type !== 'datetime') {
    const { edges, counts } = stats.histogram;
    const bins = counts.map((count, i) => ({ x0: edges[i]!, x1: edges[i + 1]!, count }));
    return chart(id, title, histogramSpec({ bins, field: stats.name }, { width, height: half ? 120 : 160 }), `Histogram of ${stats.name}: ${stats.count} values from ${formatNumber(stats.min)} to ${formatNumber(stats.max)}.`, { half });
  }
  if (stats.top.length > 0) {
    const counts = stats.top.map((t) => ({ value: t.value, count: t.count }));
    return chart(id, title, categoryCountsSpec({ counts, field: stats.name }, { width, height: 40 + 20 * counts.length }), `Counts of ${stats.name}: ${stats.top.map((t) => `${t.value} ${t.count}`).join(', ')}${stats.distinct > stats.top.length ? `, and ${stats.distinct - stats.top.length} more values` : ''}.`, { half });
  }
  return null;
}

function describeColumn(s: ColumnStats): string {
  if (s.count === 0) return 'no values';
  if (s.type === 'datetime') return `${new Date(s.min ?? 0).toISOString().slice(0, 10)} to ${new Date(s.max ?? 0).toISOString().slice(0, 10)}`;
  if (s.mean !== null && s.type !== 'boolean') return `mean ${formatNumber(s.mean)}, range ${formatNumber(s.min)} to ${formatNumber(s.max)}`;
  const top = s.top.slice(0, 3).map((t) => `${t.value} (${t.count})`);
  return `${s.distinct} distinct: ${top.join(', ')}${s.distinct > 3 ? ', …' : ''}`;
}

function partitionCounts(t: Table): string | null {
  if (t.partition === null) return null;
  const counts = [0, 0, 0, 0];
  for (const p of t.partition) counts[p] = (counts[p] ?? 0) + 1;
  const parts = [`${formatInteger(counts[Partition.train] ?? 0)} train`, `${formatInteger(counts[Partition.validation] ?? 0)} validation`, `${formatInteger(counts[Partition.test] ?? 0)} test`];
  return parts.join(', ');
}

export function dataSection(facts: ReportFacts): ReportSection {
  const blocks: Block[] = [];
  const t = facts.table;
  if (t === undefined) {
    blocks.push(paragraph('Connect the training table to the Report node to profile the data here.'));
    if (facts.model !== undefined) {
      const inputs = facts.model.inputSchema;
      blocks.push(table(['Column the model expects', 'Type'], inputs.map((c) => [c.name, c.type]), { id: 'inputs' }));
    }
    return { id: 'data', title: 'Data', blocks };
  }
  const stats = t.columns.map((c) => columnStats(c));
  const featureSet = new Set(facts.features);
  const used = stats.filter((s) => featureSet.has(s.name));
  const target = stats.find((s) => s.name === facts.target);
  const missingCells = stats.reduce((n, s) => n + s.missing, 0);
  const split = partitionCounts(t);
  blocks.push(
    keyValue([
      ['Rows', { text: formatInteger(t.rowCount), value: t.rowCount }],
      ['Columns', { text: formatInteger(t.columns.length), value: t.columns.length }],
      ['Features used by the model', { text: formatInteger(used.length), value: used.length }],
      ['Target', facts.target],
      ['Missing values', { text: `${formatInteger(missingCells)} of ${formatInteger(t.rowCount * t.columns.length)} cells (${formatPercent(missingCells / Math.max(1, t.rowCount * t.columns.length))})`, value: missingCells }],
      ...(split === null ? [] : ([['Partition', split]] as [string, string][])),
      ...t.sources.map((s) => ['Source file', `${s.path} (${formatInteger(s.rows)} rows)`] as [string, string]),
    ]),
  );
  // Select Columns only sets roles; any other recipe step changed the values profiled here.
  const transforms = t.recipe.filter((s) => s.kind !== 'select-columns').map((s) => s.kind);
  if (transforms.length > 0) {
    blocks.push(paragraph(`These statistics describe the table after ${joinWords([...new Set(transforms)])}; connect the table from before the preprocessing (e.g. the Split node) to profile the data as it was read.`));
  }
  const shown = facts.options.audience === 'technical' ? stats : stats.filter((s) => s.role !== 'ignored' || featureSet.has(s.name));
  blocks.push(
    table(
      ['Column', 'Type', 'Role', { name: 'Missing', align: 'right' }, 'Values'],
      shown.map((s) => [
        s.name,
        s.type,
        s.name === facts.target ? 'target' : featureSet.has(s.name) ? 'feature' : s.role,
        num(s.missing === 0 ? '0' : `${formatInteger(s.missing)} (${formatPercent(s.missing / Math.max(1, s.rows))})`, s.missing, s.missing > 0 ? 'bad' : 'muted'),
        describeColumn(s),
      ]),
      { id: 'columns', title: 'Columns' },
    ),
  );
  if (target !== undefined) {
    const c = distributionChart(target, 'target-distribution', false, `Target: ${target.name}`);
    if (c !== null) blocks.push(c);
  }
  const order = facts.importance === null ? used : [...used].sort((a, b) => rank(facts, a.name) - rank(facts, b.name));
  const charts = order.slice(0, facts.options.maxFeatureCharts);
  charts.forEach((s, i) => {
    const c = distributionChart(s, `feature-${i}`, true, s.name);
    if (c !== null) blocks.push(c);
  });
  if (order.length > charts.length) {
    blocks.push(paragraph(`${order.length - charts.length} more feature distributions are not drawn${facts.importance === null ? '' : ' (the least important ones)'}; the table above lists every column.`));
  }
  return { id: 'data', title: 'Data', blocks };
}

function rank(facts: ReportFacts, column: string): number {
  const i = facts.importance?.items.findIndex((item) => item.feature === column) ?? -1;
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}
