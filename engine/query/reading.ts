/**
 * The sentences that say how a question was read ("Mean of price, grouped by city, over 2,000 rows").
 * Shown before every answer so a wrong reading is visible at once.
 */
import type { Aggregate, DataQuery, EditOp, Filter, Scalar } from './intent';
import { formatNumber } from './text';

const AGG_WORDS: Readonly<Record<Aggregate, string>> = {
  count: 'Count',
  sum: 'Sum',
  mean: 'Mean',
  median: 'Median',
  min: 'Minimum',
  max: 'Maximum',
  distinct: 'Distinct values',
  missing: 'Missing values',
};

export function formatValue(value: Scalar | readonly Scalar[] | null): string {
  if (value === null) return 'missing';
  if (Array.isArray(value)) return value.map((v) => formatValue(v)).join(', ');
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

const OP_WORDS: Readonly<Record<Filter['op'], string>> = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'is one of', missing: 'is missing', present: 'is not missing' };

export function describeFilter(f: Filter): string {
  if (f.op === 'missing' || f.op === 'present') return `${f.column} ${OP_WORDS[f.op]}`;
  return `${f.column} ${OP_WORDS[f.op]} ${formatValue(f.value)}`;
}

export function describeFilters(filters: readonly Filter[]): string {
  return filters.map(describeFilter).join(' and ');
}

function rowsPhrase(rowCount: number): string {
  return `over ${formatNumber(rowCount)} row${rowCount === 1 ? '' : 's'}`;
}

function where(filters: readonly Filter[]): string {
  return filters.length === 0 ? '' : `, where ${describeFilters(filters)}`;
}

/** Reading of a data question. */
export function describeDataQuery(q: DataQuery, rowCount: number): string {
  switch (q.type) {
    case 'aggregate': {
      let head: string;
      if (q.aggregate === 'count') head = q.column === undefined ? 'Count of rows' : `Count of ${q.column} (non-missing)`;
      else if (q.aggregate === 'missing') head = q.column === undefined ? 'Missing values in every column' : `Missing values in ${q.column}`;
      else head = `${AGG_WORDS[q.aggregate]} of ${q.column ?? 'rows'}`;
      const group = q.groupBy.length === 0 ? '' : `, grouped by ${q.groupBy.join(' and ')}`;
      const order = q.sort === undefined ? '' : q.limit === 1 ? `, ${q.sort === 'desc' ? 'highest' : 'lowest'} group only` : `, ${q.sort === 'desc' ? 'highest' : 'lowest'} first${q.limit === undefined ? '' : ` (top ${q.limit})`}`;
      return `${head}${group}${where(q.filters)}${order}, ${rowsPhrase(rowCount)}`;
    }
    case 'top-n':
      return `Top ${q.n} row${q.n === 1 ? '' : 's'} by ${q.by} (${q.order === 'desc' ? 'highest' : 'lowest'} first)${where(q.filters)}, ${rowsPhrase(rowCount)}`;
    case 'distribution':
      return `Distribution of ${q.column}${where(q.filters)}, ${rowsPhrase(rowCount)}`;
    case 'correlation':
      return q.b === undefined
        ? `Correlation of ${q.a} with every other numeric column${where(q.filters)}, ${rowsPhrase(rowCount)}`
        : `Correlation between ${q.a} and ${q.b}${where(q.filters)}, ${rowsPhrase(rowCount)}`;
    case 'comparison':
      return `Mean of ${q.measure} compared across ${q.by}${q.values === undefined ? '' : ` (${q.values.map((v) => formatValue(v)).join(' vs ')})`}${where(q.filters)}, ${rowsPhrase(rowCount)}`;
    case 'rows':
      return `Rows${q.filters.length === 0 ? '' : ` where ${describeFilters(q.filters)}`} (first ${q.limit}), ${rowsPhrase(rowCount)}`;
  }
}

function percent(x: number): string {
  return `${formatNumber(Math.round(x * 1000) / 10)}%`;
}

export function describeEdit(op: EditOp): string {
  switch (op.op) {
    case 'impute': {
      const how = op.strategy === undefined ? 'the default strategy' : op.strategy === 'constant' ? `the constant ${formatValue(op.value ?? 0)}` : `the ${op.strategy === 'most-frequent' ? 'most frequent value' : op.strategy}`;
      return `fill missing values${op.columns === undefined ? '' : ` in ${op.columns.join(', ')}`} with ${how}`;
    }
    case 'split': {
      const parts = (['train', 'validation', 'test'] as const).filter((p) => op.fractions[p] !== undefined).map((p) => `${p} ${percent(op.fractions[p] ?? 0)}`);
      return `split the rows: ${parts.join(', ')}`;
    }
    case 'epochs':
      return `train for ${formatNumber(op.epochs)} epochs`;
    case 'learning-rate':
      return `set the learning rate to ${formatNumber(op.value)}`;
    case 'batch-size':
      return `set the batch size to ${formatNumber(op.value)}`;
    case 'scale':
      return `scale numeric columns (${op.method})`;
    case 'encode':
      return `encode categorical columns (${op.method})`;
    case 'model':
      return `use ${describeModel(op.modelKind, op.hiddenLayers)}`;
    case 'filter':
      return `keep only rows where ${describeFilters(op.filters)}`;
    case 'ignore-columns':
      return `ignore ${op.columns.join(', ')}`;
    case 'target':
      return `make ${op.column} the target`;
    case 'evaluate':
      return 'add an Evaluate step';
    case 'explain':
      return 'add an Explain step';
  }
}

export function describeModel(kind: string, hiddenLayers: readonly number[] | undefined): string {
  const names: Record<string, string> = {
    auto: 'the default model',
    linear: 'a linear model',
    logistic: 'logistic regression',
    'neural-network': 'a neural network',
    'random-forest': 'a random forest',
    'gradient-boosting': 'gradient-boosted trees',
  };
  const base = names[kind] ?? kind;
  if (hiddenLayers === undefined) return base;
  return `${base} with ${hiddenLayers.length} hidden layer${hiddenLayers.length === 1 ? '' : 's'} (${hiddenLayers.join(', ')} units)`;
}

export function capitalise(s: string): string {
  return s.length === 0 ? s : `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}`;
}
