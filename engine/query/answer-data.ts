/**
 * Answers data questions over a Table's columns: a sentence, a table and (where it helps) a chart.
 * One pass over the rows per question, on the typed arrays; grouping uses integer codes.
 * Missing values are skipped and the answer says how many were.
 */
import { MwError } from '../errors';
import type { Column, NumericColumn, Table } from '../data/table';
import { barChart, groupedBarChart, histogramChart, MAX_SCATTER_POINTS, scatterChart, type ChartSpec } from './charts';
import { cell, groupRows, isoDate, isMissingAt, matchingRows, presentValues, quantilesInPlace, requireColumn, requireNumeric, type Cell } from './columns';
import { parseDatePartKey, type Aggregate, type Answer, type AnswerTable, type DataQuery, type DataQuestionIntent } from './intent';
import { describeDataQuery, formatValue } from './reading';
import { formatNumber } from './text';

/** Groups listed in an answer table at most (the sentence still covers all of them). */
export const MAX_GROUPS_SHOWN = 1000;

type AggregateQuery = Extract<DataQuery, { type: 'aggregate' }>;

const AGG_TITLE: Readonly<Record<Aggregate, string>> = {
  count: 'count',
  sum: 'sum',
  mean: 'mean',
  median: 'median',
  min: 'minimum',
  max: 'maximum',
  distinct: 'distinct values',
  missing: 'missing values',
};

/** Answers a data question. Throws MwError (MW_QUERY_UNKNOWN_COLUMN, MW_QUERY_BAD_VALUE) for impossible ones. */
export function answerDataQuestion(question: DataQuestionIntent | DataQuery, table: Table): Answer {
  const query = 'kind' in question ? question.query : question;
  const reading = 'kind' in question ? question.reading : describeDataQuery(query, table.rowCount);
  switch (query.type) {
    case 'aggregate':
      if (query.aggregate === 'missing') return missingAnswer(query, table, reading);
      if (query.aggregate === 'distinct') return distinctAnswer(query, table, reading);
      return aggregateAnswer(query, table, reading);
    case 'top-n':
      return topAnswer(query, table, reading);
    case 'distribution':
      return distributionAnswer(query, table, reading);
    case 'correlation':
      return correlationAnswer(query, table, reading);
    case 'comparison':
      return comparisonAnswer(query, table, reading);
    case 'rows':
      return rowsAnswer(query, table, reading);
  }
}

function rowsNote(matched: number, total: number, filtered: boolean): string {
  return filtered ? `${formatNumber(matched)} of ${formatNumber(total)} rows match the conditions` : `${formatNumber(total)} rows`;
}

function fmt(v: number, column?: Column): string {
  if (!Number.isFinite(v)) return 'not available';
  if (column?.kind === 'numeric' && column.type === 'datetime') return isoDate(v);
  return formatNumber(v);
}

function labelText(labels: readonly Cell[]): string {
  return labels.map((l) => (l === null ? '(missing)' : String(l))).join(', ');
}

interface GroupStat {
  readonly labels: readonly Cell[];
  readonly rows: number;
  readonly present: number;
  readonly value: number;
}

/** Count, sum, mean, median, min, max — per group, in one pass (plus a sort per group for medians). */
function aggregateAnswer(q: AggregateQuery, table: Table, reading: string): Answer {
  const rows = matchingRows(table, q.filters);
  const measure: NumericColumn | null = q.column === undefined ? null : q.aggregate === 'count' ? null : requireNumeric(table, q.column, AGG_TITLE[q.aggregate]);
  const counted: Column | null = q.column === undefined ? null : requireColumn(table, q.column);
  const grouping = groupRows(table, rows, q.groupBy);
  const G = grouping.count;
  const rowCount = new Float64Array(G);
  const present = new Float64Array(G);
  const sum = new Float64Array(G);
  const min = new Float64Array(G).fill(Number.POSITIVE_INFINITY);
  const max = new Float64Array(G).fill(Number.NEGATIVE_INFINITY);
  let leftOut = 0;
  for (let i = 0; i < rows.length; i++) {
    const g = grouping.codes[i] ?? -1;
    if (g < 0) {
      leftOut++;
      continue;
    }
    const r = rows[i] ?? 0;
    rowCount[g] = (rowCount[g] ?? 0) + 1;
    if (measure !== null) {
      if (measure.missing[r] === 1) continue;
      const v = measure.values[r] ?? Number.NaN;
      present[g] = (present[g] ?? 0) + 1;
      sum[g] = (sum[g] ?? 0) + v;
      if (v < (min[g] ?? 0)) min[g] = v;
      if (v > (max[g] ?? 0)) max[g] = v;
    } else if (counted !== null && !isMissingAt(counted, r)) present[g] = (present[g] ?? 0) + 1;
  }
  const medians = q.aggregate === 'median' && measure !== null ? groupMedians(measure, rows, grouping.codes, present) : null;
  const stats: GroupStat[] = [];
  for (let g = 0; g < G; g++) {
    const p = present[g] ?? 0;
    let value: number;
    switch (q.aggregate) {
      case 'count':
        value = counted === null ? (rowCount[g] ?? 0) : p;
        break;
      case 'sum':
        value = p === 0 ? 0 : (sum[g] ?? 0);
        break;
      case 'mean':
        value = p === 0 ? Number.NaN : (sum[g] ?? 0) / p;
        break;
      case 'median':
        value = medians?.[g] ?? Number.NaN;
        break;
      case 'min':
        value = p === 0 ? Number.NaN : (min[g] ?? Number.NaN);
        break;
      default:
        value = p === 0 ? Number.NaN : (max[g] ?? Number.NaN);
    }
    if (q.groupBy.length > 0 && (rowCount[g] ?? 0) === 0) continue;
    stats.push({ labels: grouping.labels[g] ?? [], rows: rowCount[g] ?? 0, present: p, value });
  }
  if (q.sort !== undefined) {
    const dir = q.sort === 'desc' ? -1 : 1;
    stats.sort((a, b) => (Number.isNaN(a.value) ? 1 : Number.isNaN(b.value) ? -1 : dir * (a.value - b.value)));
  }
  const shown = stats.slice(0, Math.min(q.limit ?? MAX_GROUPS_SHOWN, MAX_GROUPS_SHOWN));
  const title = q.aggregate === 'count' && counted === null ? 'rows' : `${AGG_TITLE[q.aggregate]} of ${q.column ?? ''}`;
  const missingCount = measure === null ? 0 : rows.length - leftOut - stats.reduce((a, s) => a + s.present, 0);
  const notes: string[] = [];
  if (missingCount > 0) notes.push(`${formatNumber(missingCount)} row${missingCount === 1 ? '' : 's'} with ${q.column ?? ''} missing were skipped.`);
  if (leftOut > 0) notes.push(`${formatNumber(leftOut)} row${leftOut === 1 ? '' : 's'} with ${q.groupBy.join(' or ')} missing are not in any group.`);
  if (stats.length > shown.length && q.limit === undefined) notes.push(`Only the first ${formatNumber(shown.length)} of ${formatNumber(stats.length)} groups are listed.`);
  const table_: AnswerTable = {
    columns: [...q.groupBy, title, ...(title === 'rows' ? [] : ['rows'])],
    rows: shown.map((s) => [...s.labels, Number.isNaN(s.value) ? null : s.value, ...(title === 'rows' ? [] : [s.rows])]),
  };
  const filtered = q.filters.length > 0;
  let sentence: string;
  if (q.groupBy.length === 0) {
    const only = stats[0];
    const v = only?.value ?? Number.NaN;
    sentence =
      title === 'rows'
        ? `${formatNumber(v)} ${v === 1 ? 'row' : 'rows'}${filtered ? ` match${v === 1 ? 'es' : ''} the conditions (${formatNumber(Math.round((v / Math.max(table.rowCount, 1)) * 1000) / 10)}% of ${formatNumber(table.rowCount)})` : ' in total'}.`
        : `The ${title} is ${fmt(v, measure ?? undefined)} (${rowsNote(rows.length, table.rowCount, filtered)}).`;
  } else if (q.limit === 1 && shown[0] !== undefined) {
    const best = shown[0];
    sentence = `${labelText(best.labels)} has the ${q.sort === 'asc' ? 'lowest' : 'highest'} ${title}: ${fmt(best.value, measure ?? undefined)}.`;
  } else {
    const ranked = stats.filter((s) => !Number.isNaN(s.value)).sort((a, b) => b.value - a.value);
    const top = ranked[0];
    const bottom = ranked[ranked.length - 1];
    sentence =
      top === undefined || bottom === undefined
        ? `No group has a value of ${q.column ?? 'the column'}.`
        : `${capital(title)} by ${q.groupBy.join(' and ')}: highest ${labelText(top.labels)} (${fmt(top.value, measure ?? undefined)}), lowest ${labelText(bottom.labels)} (${fmt(bottom.value, measure ?? undefined)}); ${formatNumber(stats.length)} group${stats.length === 1 ? '' : 's'}.`;
  }
  return { reading, sentence, table: table_, ...chartFor(q, shown, title), notes };
}

function capital(s: string): string {
  return s.length === 0 ? s : `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
}

function chartFor(q: AggregateQuery, stats: readonly GroupStat[], title: string): { chart?: ChartSpec } {
  if (q.groupBy.length === 0 || stats.length < 2 || stats.length > 200) return {};
  const values = stats.filter((s) => !Number.isNaN(s.value));
  if (q.groupBy.length === 1) {
    return { chart: barChart(`${capital(title)} by ${q.groupBy[0] ?? ''}`, q.groupBy[0] ?? '', title, values.map((s) => ({ label: s.labels[0] ?? null, value: s.value })), q.sort !== undefined) };
  }
  return {
    chart: groupedBarChart(`${capital(title)} by ${q.groupBy.join(' and ')}`, q.groupBy[0] ?? '', q.groupBy[1] ?? '', title, values.map((s) => ({ label: s.labels[0] ?? null, group: s.labels[1] ?? null, value: s.value }))),
  };
}

/** Medians per group: counting sort of present values by group, then one numeric sort per group. */
function groupMedians(measure: NumericColumn, rows: Uint32Array, codes: Int32Array, present: Float64Array): Float64Array {
  const G = present.length;
  const offsets = new Float64Array(G + 1);
  for (let g = 0; g < G; g++) offsets[g + 1] = (offsets[g] ?? 0) + (present[g] ?? 0);
  const fill = offsets.slice(0, G);
  const values = new Float64Array(offsets[G] ?? 0);
  for (let i = 0; i < rows.length; i++) {
    const g = codes[i] ?? -1;
    const r = rows[i] ?? 0;
    if (g < 0 || measure.missing[r] === 1) continue;
    values[fill[g] ?? 0] = measure.values[r] ?? Number.NaN;
    fill[g] = (fill[g] ?? 0) + 1;
  }
  const out = new Float64Array(G);
  for (let g = 0; g < G; g++) out[g] = quantilesInPlace(values, [0.5], offsets[g] ?? 0, offsets[g + 1] ?? 0)[0] ?? Number.NaN;
  return out;
}

function missingAnswer(q: AggregateQuery, table: Table, reading: string): Answer {
  const rows = matchingRows(table, q.filters);
  if (q.column === undefined) {
    const counts = table.columns.map((c) => {
      let m = 0;
      for (let i = 0; i < rows.length; i++) if (isMissingAt(c, rows[i] ?? 0)) m++;
      return { name: c.name, missing: m };
    });
    const withMissing = counts.filter((c) => c.missing > 0).sort((a, b) => b.missing - a.missing);
    const sentence =
      withMissing.length === 0
        ? `No column has missing values (${rowsNote(rows.length, table.rowCount, q.filters.length > 0)}).`
        : `${withMissing.length} of ${table.columns.length} columns have missing values: ${withMissing.slice(0, 8).map((c) => `${c.name} (${formatNumber(c.missing)})`).join(', ')}${withMissing.length > 8 ? ', …' : ''}.`;
    return {
      reading,
      sentence,
      table: { columns: ['column', 'missing', 'share'], rows: counts.map((c) => [c.name, c.missing, rows.length === 0 ? null : c.missing / rows.length]) },
      ...(withMissing.length > 0 ? { chart: barChart('Missing values per column', 'column', 'missing values', withMissing.map((c) => ({ label: c.name, value: c.missing })), true) } : {}),
      notes: [],
    };
  }
  const column = requireColumn(table, q.column);
  const grouping = groupRows(table, rows, q.groupBy);
  const total = new Float64Array(grouping.count);
  const missing = new Float64Array(grouping.count);
  for (let i = 0; i < rows.length; i++) {
    const g = grouping.codes[i] ?? -1;
    if (g < 0) continue;
    total[g] = (total[g] ?? 0) + 1;
    if (isMissingAt(column, rows[i] ?? 0)) missing[g] = (missing[g] ?? 0) + 1;
  }
  const out: AnswerTable = { columns: [...q.groupBy, 'missing', 'rows', 'share'], rows: [] };
  for (let g = 0; g < grouping.count && out.rows.length < MAX_GROUPS_SHOWN; g++) {
    const t = total[g] ?? 0;
    if (q.groupBy.length > 0 && t === 0) continue;
    out.rows.push([...(grouping.labels[g] ?? []), missing[g] ?? 0, t, t === 0 ? null : (missing[g] ?? 0) / t]);
  }
  const allMissing = missing.reduce((a, b) => a + b, 0);
  const allRows = total.reduce((a, b) => a + b, 0);
  const share = allRows === 0 ? 0 : allMissing / allRows;
  return {
    reading,
    sentence: `${q.column} is missing in ${formatNumber(allMissing)} of ${formatNumber(allRows)} rows (${formatNumber(Math.round(share * 1000) / 10)}%).`,
    table: out,
    notes: [],
  };
}

function distinctAnswer(q: AggregateQuery, table: Table, reading: string): Answer {
  if (q.column === undefined) throw new MwError('MW_QUERY_BAD_VALUE', { message: 'Say which column to list the values of.' });
  const column = requireColumn(table, q.column);
  const rows = matchingRows(table, q.filters);
  if (q.groupBy.length > 0) {
    // Number of distinct values per group.
    const grouping = groupRows(table, rows, q.groupBy);
    const values = groupRows(table, rows, [q.column]);
    const sets = Array.from({ length: grouping.count }, () => new Set<number>());
    for (let i = 0; i < rows.length; i++) {
      const g = grouping.codes[i] ?? -1;
      const v = values.codes[i] ?? -1;
      if (g >= 0 && v >= 0) sets[g]?.add(v);
    }
    const tableRows = sets.map((s, g) => [...(grouping.labels[g] ?? []), s.size]).slice(0, MAX_GROUPS_SHOWN);
    return {
      reading,
      sentence: `Number of distinct values of ${q.column} per ${q.groupBy.join(' and ')}, across ${formatNumber(grouping.count)} groups.`,
      table: { columns: [...q.groupBy, `distinct ${q.column}`], rows: tableRows },
      notes: [],
    };
  }
  const grouping = groupRows(table, rows, [q.column]);
  const counts = new Float64Array(grouping.count);
  for (let i = 0; i < rows.length; i++) {
    const g = grouping.codes[i] ?? -1;
    if (g >= 0) counts[g] = (counts[g] ?? 0) + 1;
  }
  const entries = grouping.labels.map((l, g) => ({ label: l[0] ?? null, count: counts[g] ?? 0 }));
  if (column.kind === 'categorical' || (column.kind === 'numeric' && column.type === 'boolean')) entries.sort((a, b) => b.count - a.count);
  const listed = entries.slice(0, 10).map((e) => formatValue(e.label)).join(', ');
  return {
    reading,
    sentence: `${q.column} has ${formatNumber(entries.length)} distinct value${entries.length === 1 ? '' : 's'}${entries.length === 0 ? '' : `: ${listed}${entries.length > 10 ? ', …' : ''}`}.`,
    table: { columns: [q.column, 'rows'], rows: entries.slice(0, MAX_GROUPS_SHOWN).map((e) => [e.label, e.count]) },
    notes: [],
  };
}

/** The n rows with the highest (or lowest) value, by a bounded heap: O(rows · log n). */
function topAnswer(q: Extract<DataQuery, { type: 'top-n' }>, table: Table, reading: string): Answer {
  const by = requireNumeric(table, q.by, 'ranking');
  const rows = matchingRows(table, q.filters);
  const sign = q.order === 'desc' ? 1 : -1;
  // Min-heap on (sign·value, then later row first) holding the best n seen so far.
  const heap: number[] = [];
  const key = (r: number): number => sign * (by.values[r] ?? Number.NaN);
  const worse = (a: number, b: number): boolean => key(a) < key(b) || (key(a) === key(b) && a > b);
  const siftUp = (i0: number): void => {
    let i = i0;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(heap[i] ?? 0, heap[p] ?? 0)) break;
      [heap[i], heap[p]] = [heap[p] ?? 0, heap[i] ?? 0];
      i = p;
    }
  };
  const siftDown = (): void => {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l] ?? 0, heap[m] ?? 0)) m = l;
      if (r < heap.length && worse(heap[r] ?? 0, heap[m] ?? 0)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m] ?? 0, heap[i] ?? 0];
      i = m;
    }
  };
  let skipped = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    if (by.missing[r] === 1) {
      skipped++;
      continue;
    }
    if (heap.length < q.n) {
      heap.push(r);
      siftUp(heap.length - 1);
    } else if (worse(heap[0] ?? 0, r)) {
      heap[0] = r;
      siftDown();
    }
  }
  const best = [...heap].sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  const columns = table.columns;
  const first = best[0];
  const last = best[best.length - 1];
  const word = q.order === 'desc' ? 'highest' : 'lowest';
  const sentence =
    first === undefined || last === undefined
      ? `No row has a value of ${q.by}.`
      : best.length === 1
        ? `The row with the ${word} ${q.by} (${fmt(by.values[first] ?? Number.NaN, by)}) is row ${first + 1}.`
        : `The ${best.length} rows with the ${word} ${q.by}: from ${fmt(by.values[first] ?? Number.NaN, by)} to ${fmt(by.values[last] ?? Number.NaN, by)}.`;
  return {
    reading,
    sentence,
    table: { columns: ['row', ...columns.map((c) => c.name)], rows: best.map((r) => [r + 1, ...columns.map((c) => cell(c, r))]) },
    ...(best.length > 1 ? { chart: barChart(`${capital(word)} ${q.by}`, 'row', q.by, best.map((r) => ({ label: `row ${r + 1}`, value: by.values[r] ?? Number.NaN }))) } : {}),
    notes: skipped > 0 ? [`${formatNumber(skipped)} rows with ${q.by} missing were left out.`] : [],
  };
}

function distributionAnswer(q: Extract<DataQuery, { type: 'distribution' }>, table: Table, reading: string): Answer {
  const column = requireColumn(table, q.column);
  const rows = matchingRows(table, q.filters);
  if (column.kind === 'categorical' || column.type === 'boolean') {
    const answer = distinctAnswer({ type: 'aggregate', aggregate: 'distinct', column: q.column, groupBy: [], filters: q.filters }, table, reading);
    const entries = (answer.table?.rows ?? []).map((r) => ({ label: (r[0] ?? null) as Cell, count: Number(r[1] ?? 0) }));
    const total = entries.reduce((a, e) => a + e.count, 0);
    const top = entries[0];
    const missing = rows.length - total;
    return {
      reading,
      sentence:
        top === undefined
          ? `${q.column} has no values in these rows.`
          : `Most common ${q.column}: ${formatValue(top.label)} (${formatNumber(top.count)} rows, ${formatNumber(Math.round((top.count / Math.max(total, 1)) * 1000) / 10)}%); ${formatNumber(entries.length)} distinct values.`,
      table: { columns: [q.column, 'rows', 'share'], rows: entries.map((e) => [e.label, e.count, total === 0 ? null : e.count / total]) },
      chart: barChart(`Distribution of ${q.column}`, q.column, 'rows', entries.slice(0, 200).map((e) => ({ label: e.label, value: e.count })), true),
      notes: missing > 0 ? [`${formatNumber(missing)} rows with ${q.column} missing are not counted.`] : [],
    };
  }
  const values = presentValues(column, rows);
  const n = values.length;
  const missing = rows.length - n;
  if (n === 0) return { reading, sentence: `${q.column} has no values in these rows.`, table: { columns: ['statistic', 'value'], rows: [['count', 0]] }, notes: [] };
  let sum = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    sum += v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((values[i] ?? 0) - mean) ** 2;
  const std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const binCount = lo === hi ? 1 : Math.min(30, Math.max(5, Math.ceil(Math.log2(n) + 1)));
  const width = lo === hi ? 1 : (hi - lo) / binCount;
  const counts = new Float64Array(binCount);
  for (let i = 0; i < n; i++) {
    const b = lo === hi ? 0 : Math.min(binCount - 1, Math.floor(((values[i] ?? 0) - lo) / width));
    counts[b] = (counts[b] ?? 0) + 1;
  }
  // Quartiles by selection (reorders `values`; the histogram above is already counted).
  const [q1 = Number.NaN, median = Number.NaN, q3 = Number.NaN] = quantilesInPlace(values, [0.25, 0.5, 0.75]);
  const temporal = column.type === 'datetime';
  const show = (v: number): Cell => (temporal ? isoDate(v) : v);
  const bins = Array.from({ length: binCount }, (_, b) => ({ start: lo + b * width, end: lo === hi ? hi : lo + (b + 1) * width, count: counts[b] ?? 0 }));
  const stats: [string, Cell][] = [
    ['count', n],
    ['missing', missing],
    ['mean', temporal ? isoDate(mean) : mean],
    ['standard deviation', temporal ? null : std],
    ['minimum', show(lo)],
    ['25th percentile', show(q1)],
    ['median', show(median)],
    ['75th percentile', show(q3)],
    ['maximum', show(hi)],
  ];
  return {
    reading,
    sentence: `${q.column} ranges from ${fmt(lo, column)} to ${fmt(hi, column)}; median ${fmt(median, column)}, mean ${fmt(mean, column)} (${formatNumber(n)} values).`,
    table: { columns: ['statistic', 'value'], rows: stats.map(([k, v]) => [k, v]) },
    chart: histogramChart(`Distribution of ${q.column}`, q.column, bins, temporal),
    notes: missing > 0 ? [`${formatNumber(missing)} rows with ${q.column} missing are not counted.`] : [],
  };
}

/** Pearson's r over the rows where both values are present (two passes: means, then co-moments). */
export function pearson(a: NumericColumn, b: NumericColumn, rows: Uint32Array): { r: number; n: number } {
  let n = 0;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    if (a.missing[r] === 1 || b.missing[r] === 1) continue;
    n++;
    sa += a.values[r] ?? 0;
    sb += b.values[r] ?? 0;
  }
  if (n < 2) return { r: Number.NaN, n };
  const ma = sa / n;
  const mb = sb / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] ?? 0;
    if (a.missing[r] === 1 || b.missing[r] === 1) continue;
    const da = (a.values[r] ?? 0) - ma;
    const db = (b.values[r] ?? 0) - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return { r: va === 0 || vb === 0 ? Number.NaN : cov / Math.sqrt(va * vb), n };
}

function strength(r: number): string {
  const a = Math.abs(r);
  const word = a < 0.1 ? 'no meaningful' : a < 0.3 ? 'a weak' : a < 0.5 ? 'a moderate' : a < 0.7 ? 'a strong' : 'a very strong';
  return a < 0.1 ? `${word} linear relationship` : `${word} ${r > 0 ? 'positive' : 'negative'} linear relationship`;
}

function correlationAnswer(q: Extract<DataQuery, { type: 'correlation' }>, table: Table, reading: string): Answer {
  const a = requireNumeric(table, q.a, 'correlation');
  const rows = matchingRows(table, q.filters);
  const notes = ['Correlation measures a linear association, not cause and effect.'];
  if (q.b === undefined) {
    const others = table.columns.filter((c): c is NumericColumn => c.kind === 'numeric' && c.type !== 'boolean' && c.type !== 'datetime' && c.name !== q.a);
    const results = others.map((c) => ({ name: c.name, ...pearson(a, c, rows) })).filter((x) => Number.isFinite(x.r));
    results.sort((x, y) => Math.abs(y.r) - Math.abs(x.r));
    const top = results[0];
    return {
      reading,
      sentence: top === undefined ? `No other numeric column varies together with ${q.a}.` : `${q.a} is most correlated with ${top.name} (r = ${formatNumber(top.r)}: ${strength(top.r)}).`,
      table: { columns: ['column', 'r', 'rows'], rows: results.map((x) => [x.name, x.r, x.n]) },
      chart: barChart(`Correlation with ${q.a}`, 'column', 'r', results.map((x) => ({ label: x.name, value: x.r }))),
      notes,
    };
  }
  const b = requireNumeric(table, q.b, 'correlation');
  const { r, n } = pearson(a, b, rows);
  const points: { x: number; y: number }[] = [];
  const stride = Math.max(1, Math.ceil(rows.length / MAX_SCATTER_POINTS));
  for (let i = 0; i < rows.length; i += stride) {
    const row = rows[i] ?? 0;
    if (a.missing[row] === 1 || b.missing[row] === 1) continue;
    points.push({ x: a.values[row] ?? 0, y: b.values[row] ?? 0 });
  }
  return {
    reading,
    sentence: Number.isFinite(r)
      ? `The correlation between ${q.a} and ${q.b} is r = ${formatNumber(r)}: ${strength(r)} (${formatNumber(n)} rows with both values).`
      : `The correlation between ${q.a} and ${q.b} cannot be computed (one of them does not vary, or fewer than two rows have both).`,
    table: { columns: ['a', 'b', 'r', 'rows'], rows: [[q.a, q.b, Number.isFinite(r) ? r : null, n]] },
    chart: scatterChart(`${q.b} against ${q.a}`, q.a, q.b, points),
    notes: stride > 1 ? [...notes, `The chart shows every ${stride}th row.`] : notes,
  };
}

function comparisonAnswer(q: Extract<DataQuery, { type: 'comparison' }>, table: Table, reading: string): Answer {
  const measure = requireNumeric(table, q.measure, 'comparison');
  if (parseDatePartKey(q.by) === null) requireColumn(table, q.by);
  const filters = q.values === undefined ? q.filters : [...q.filters, { column: q.by, op: 'in' as const, value: q.values }];
  const rows = matchingRows(table, filters);
  const grouping = groupRows(table, rows, [q.by]);
  const G = grouping.count;
  const present = new Float64Array(G);
  const sum = new Float64Array(G);
  for (let i = 0; i < rows.length; i++) {
    const g = grouping.codes[i] ?? -1;
    const r = rows[i] ?? 0;
    if (g < 0 || measure.missing[r] === 1) continue;
    present[g] = (present[g] ?? 0) + 1;
    sum[g] = (sum[g] ?? 0) + (measure.values[r] ?? 0);
  }
  const medians = groupMedians(measure, rows, grouping.codes, present);
  const groups = Array.from({ length: G }, (_, g) => ({ label: grouping.labels[g]?.[0] ?? null, n: present[g] ?? 0, mean: (present[g] ?? 0) === 0 ? Number.NaN : (sum[g] ?? 0) / (present[g] ?? 1), median: medians[g] ?? Number.NaN }));
  const valid = groups.filter((g) => g.n > 0);
  const describe = (l: Cell): string => `${q.by} = ${formatValue(l)}`;
  let sentence: string;
  if (valid.length < 2) sentence = `There are not two groups of ${q.by} with values of ${q.measure} to compare.`;
  else if (valid.length === 2) {
    const [x, y] = [...valid].sort((p, r) => r.mean - p.mean) as [typeof valid[number], typeof valid[number]];
    const diff = x.mean - y.mean;
    const pct = y.mean === 0 ? Number.NaN : (diff / Math.abs(y.mean)) * 100;
    sentence = `Mean ${q.measure} is ${fmt(x.mean, measure)} with ${describe(x.label)} and ${fmt(y.mean, measure)} with ${describe(y.label)}: ${fmt(diff, measure)} higher${Number.isFinite(pct) ? ` (${formatNumber(Math.round(pct * 10) / 10)}%)` : ''} with ${describe(x.label)}.`;
  } else {
    const sorted = [...valid].sort((p, r) => r.mean - p.mean);
    const hi = sorted[0]!;
    const lo = sorted[sorted.length - 1]!;
    sentence = `Mean ${q.measure} is highest with ${describe(hi.label)} (${fmt(hi.mean, measure)}) and lowest with ${describe(lo.label)} (${fmt(lo.mean, measure)}), across ${valid.length} groups.`;
  }
  return {
    reading,
    sentence,
    table: { columns: [q.by, `mean of ${q.measure}`, `median of ${q.measure}`, 'rows'], rows: groups.slice(0, MAX_GROUPS_SHOWN).map((g) => [g.label, Number.isNaN(g.mean) ? null : g.mean, Number.isNaN(g.median) ? null : g.median, g.n]) },
    ...(valid.length >= 2 && valid.length <= 200 ? { chart: barChart(`Mean ${q.measure} by ${q.by}`, q.by, `mean of ${q.measure}`, valid.map((g) => ({ label: g.label, value: g.mean }))) } : {}),
    notes: ['This compares averages; it does not show that one causes the other.'],
  };
}

function rowsAnswer(q: Extract<DataQuery, { type: 'rows' }>, table: Table, reading: string): Answer {
  const rows = matchingRows(table, q.filters);
  const shown = rows.subarray(0, q.limit);
  return {
    reading,
    sentence: `${formatNumber(rows.length)} of ${formatNumber(table.rowCount)} rows match${rows.length > shown.length ? `; the first ${formatNumber(shown.length)} are shown` : ''}.`,
    table: { columns: ['row', ...table.columns.map((c) => c.name)], rows: Array.from(shown, (r) => [r + 1, ...table.columns.map((c) => cell(c, r))]) },
    notes: [],
  };
}
