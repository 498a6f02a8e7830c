/**
 * The predictions section, when a Predict node feeds the report: how the predictions are distributed, the
 * rows the model was most and least sure about (classification) or the highest and lowest predictions
 * (regression), drift against the training rows, and the full predictions as a companion CSV.
 */
import { categoryCountsSpec, histogramSpec } from '../charts/histogram';
import { columnStats } from '../data/stats';
import { cellValue, type Column, type NumericColumn } from '../data/table';
import type { Predictions } from '../ml/predictions';
import { chart, heading, keyValue, num, paragraph, table } from './blocks';
import { tableToSafeCsv } from './csv-export';
import type { Block, Cell, ReportAttachment, ReportSection } from './document';
import type { ReportFacts } from './facts';
import { formatAmount, formatNumber, formatPercent, plural } from './format';

/** Rows shown in each of the most/least confident lists. */
const SHOWN_ROWS = 5;
/** Input columns shown beside each listed row. */
const SHOWN_COLUMNS = 4;

export const PREDICTIONS_SUFFIX = 'predictions.csv';

function cellText(column: Column, row: number): string {
  const v = cellValue(column, row);
  if (v === null) return '—';
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

function rowTable(p: Predictions, rows: readonly number[], extra: { name: string; value: (r: number) => Cell }[], facts: ReportFacts, id: string): Block {
  const featureSet = new Set(facts.features);
  const inputs = p.table.columns.filter((c) => featureSet.has(c.name)).slice(0, SHOWN_COLUMNS);
  const prediction = p.table.columns.find((c) => c.name === p.predictionColumn);
  return table(
    [{ name: 'Row', align: 'right' }, ...inputs.map((c) => c.name), 'Prediction', ...extra.map((e) => ({ name: e.name, align: 'right' as const }))],
    rows.map((r) => [String(r + 1), ...inputs.map((c) => cellText(c, r)), prediction === undefined ? '' : cellText(prediction, r), ...extra.map((e) => e.value(r))]),
    { id },
  );
}

function classificationBlocks(p: Predictions, facts: ReportFacts): Block[] {
  const blocks: Block[] = [];
  const label = p.table.columns.find((c) => c.name === p.predictionColumn);
  if (label !== undefined) {
    const stats = columnStats(label);
    blocks.push(
      table(
        ['Predicted class', { name: 'Rows', align: 'right' }, { name: 'Share', align: 'right' }],
        stats.top.map((t) => [t.value, num(String(t.count), t.count), formatPercent(t.count / Math.max(1, stats.count))]),
        { id: 'predicted-classes' },
      ),
      chart('predicted-classes', 'Predicted classes', categoryCountsSpec({ counts: stats.top, field: 'predicted class' }, { width: 420, height: 40 + 22 * stats.top.length }), `Predicted classes: ${stats.top.map((t) => `${t.value} ${t.count}`).join(', ')}.`),
    );
  }
  const probs = p.probabilityColumns.map((name) => p.table.columns.find((c) => c.name === name)).filter((c): c is NumericColumn => c !== undefined && c.kind === 'numeric');
  if (probs.length === p.classes.length && probs.length > 0 && p.table.rowCount > 0) {
    const confidence = new Float64Array(p.table.rowCount);
    for (let r = 0; r < p.table.rowCount; r++) confidence[r] = Math.max(...probs.map((c) => c.values[r]!));
    const order = Array.from({ length: p.table.rowCount }, (_, i) => i).sort((a, b) => confidence[b]! - confidence[a]! || a - b);
    const conf = { name: 'Confidence', value: (r: number) => num(formatPercent(confidence[r]!), confidence[r]!) };
    blocks.push(heading('Most confident predictions', 4), rowTable(p, order.slice(0, SHOWN_ROWS), [conf], facts, 'most-confident'));
    blocks.push(heading('Least confident predictions', 4), rowTable(p, order.slice(-SHOWN_ROWS).reverse(), [conf], facts, 'least-confident'));
    blocks.push(paragraph('Confidence is the probability the model gave its predicted class. Rows it was least sure about are the ones worth a second look.'));
  }
  return blocks;
}

function regressionBlocks(p: Predictions, facts: ReportFacts): Block[] {
  const column = p.table.columns.find((c) => c.name === p.predictionColumn);
  if (column === undefined || column.kind !== 'numeric') return [];
  const stats = columnStats(column);
  const unit = facts.options.unit;
  const blocks: Block[] = [
    keyValue([
      ['Lowest prediction', num(formatAmount(stats.min, unit), stats.min)],
      ['Median prediction', num(formatAmount(stats.quantiles?.p50, unit), stats.quantiles?.p50)],
      ['Mean prediction', num(formatAmount(stats.mean, unit), stats.mean)],
      ['Highest prediction', num(formatAmount(stats.max, unit), stats.max)],
    ]),
  ];
  if (stats.histogram !== null) {
    const { edges, counts } = stats.histogram;
    blocks.push(chart('predicted-values', `Predicted ${facts.target}`, histogramSpec({ bins: counts.map((count, i) => ({ x0: edges[i]!, x1: edges[i + 1]!, count })), field: `predicted ${facts.target}` }, { width: 620 }), `Histogram of the ${stats.count} predicted values.`));
  }
  const order = Array.from({ length: p.table.rowCount }, (_, i) => i).sort((a, b) => column.values[b]! - column.values[a]! || a - b);
  blocks.push(heading('Highest predictions', 4), rowTable(p, order.slice(0, SHOWN_ROWS), [], facts, 'highest'));
  blocks.push(heading('Lowest predictions', 4), rowTable(p, order.slice(-SHOWN_ROWS).reverse(), [], facts, 'lowest'));
  return blocks;
}

function driftBlocks(facts: ReportFacts): Block[] {
  const drift = facts.drift;
  if (drift === null) return [];
  const drifted = drift.columns.filter((d) => d.drifted);
  const blocks: Block[] = [heading('Compared with the training data', 4), paragraph(drift.summary)];
  if (facts.options.audience === 'technical' || drifted.length > 0) {
    blocks.push(
      table(
        ['Column', { name: 'PSI', align: 'right' }, { name: 'Test', align: 'right' }, 'Drift'],
        drift.columns.map((d) => [
          d.column,
          d.psi === null ? '—' : num(d.psi.toFixed(3), d.psi),
          d.ks !== null ? num(`KS D ${d.ks.statistic.toFixed(3)}, p ${formatP(d.ks.pValue)}`, d.ks.statistic) : d.chi2 !== null ? num(`χ² p ${formatP(d.chi2.pValue)}`, d.chi2.pValue) : '—',
          { text: d.drifted ? d.reasons.join('; ') : 'no', tone: d.drifted ? 'bad' : 'muted' },
        ]),
        { id: 'drift', caption: `Training rows (${drift.referenceRows}) against the new rows (${drift.currentRows}). PSI: population stability index (≥ ${drift.thresholds.psi} is a shift).` },
      ),
    );
  }
  return blocks;
}

function formatP(p: number): string {
  return p < 1e-4 ? '< 0.0001' : p.toFixed(4);
}

/** The section, or null when no Predict node feeds the report; the CSV attachment when there is one. */
export function predictionsSection(facts: ReportFacts): { section: ReportSection; attachment: ReportAttachment } | null {
  const p = facts.predictions;
  if (p === undefined) return null;
  const blocks: Block[] = [paragraph(`The model (${p.model.description}) predicted ${facts.target} for ${plural(p.table.rowCount, 'new row')}.`, true)];
  blocks.push(...(p.task === 'classification' ? classificationBlocks(p, facts) : regressionBlocks(p, facts)));
  blocks.push(...driftBlocks(facts));
  blocks.push(paragraph('The full predictions, with every input column, are in the companion CSV file listed below.'));
  const attachment: ReportAttachment = {
    suffix: PREDICTIONS_SUFFIX,
    mediaType: 'text/csv',
    description: `All ${p.table.rowCount} predicted rows with their input columns`,
    rows: p.table.rowCount,
    content: tableToSafeCsv(p.table),
  };
  return { section: { id: 'predictions', title: 'Predictions', blocks }, attachment };
}
