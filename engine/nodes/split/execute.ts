/**
 * Split: marks each row train / validation / test (DESIGN.md "No leakage"). Copies no data: the output
 * shares every column with the input and only carries a new partition array.
 *
 * Sizes are exact overall (round(n × fraction)); stratified splits share them out over the classes by the
 * largest-remainder method, so each class keeps its proportion as closely as whole rows allow.
 */
import { MwError, type ErrorInfo } from '../../errors';
import { Partition, targetColumn, type Column, type Table } from '../../data/table';
import { defineNode } from '../node';
import { portValue, requireInput } from '../values';
import { mulberry32 } from '../../util/random';
import { shuffleInPlace } from './shuffle';
import { splitSpec, type SplitParams } from './spec';

/** An integer target with at most this many distinct values is treated as classes when stratifying. */
const MAX_INTEGER_CLASSES = 20;

export interface SplitOutcome {
  readonly partition: Uint8Array;
  readonly warnings: ErrorInfo[];
  /** Plain notes for the run log (e.g. why the split was not stratified). */
  readonly notes: string[];
  readonly counts: { train: number; validation: number; test: number };
}

interface Stratum {
  readonly key: string;
  readonly rows: Uint32Array;
}

export function assignPartitions(table: Table, params: SplitParams): SplitOutcome {
  const n = table.rowCount;
  if (n === 0) throw new MwError('MW_TABLE_EMPTY', { message: 'The table has no rows to split.' });
  if (params.test + params.validation >= 1) {
    throw new MwError('MW_SPLIT_FRACTIONS', {
      message: `Test (${params.test}) plus validation (${params.validation}) is ${params.test + params.validation}; it must be below 1 to leave training rows.`,
      location: { field: 'test' },
    });
  }
  const warnings: ErrorInfo[] = [];
  const notes: string[] = [];
  let strata: Stratum[] = [{ key: 'all', rows: rowRange(n) }];
  if (params.stratify) {
    const target = targetColumn(table);
    if (target === undefined) {
      warnings.push(new MwError('MW_TABLE_NO_TARGET', { message: 'Stratify is on but no target column is set (add Select Columns before Split); the rows were split at random.', location: { field: 'stratify' } }).toInfo());
    } else {
      const classes = classStrata(target, n);
      if (classes === null) notes.push(`The target "${target.name}" is continuous, so the split is random rather than stratified.`);
      else strata = classes;
    }
  }

  const partition = new Uint8Array(n).fill(Partition.train);
  const random = mulberry32(params.seed);
  const heldOut = params.test > 0 || params.validation > 0;
  let tooSmall = strata.length > 1 && heldOut ? strata.filter((s) => s.rows.length < 2) : [];
  if (tooSmall.length * 2 > n) {
    // Mostly single-row classes (an identifier-like target): stratifying means nothing, so split at random.
    warnings.push(
      new MwError('MW_SPLIT_CLASS_TOO_SMALL', {
        message: `${tooSmall.length} of the ${strata.length} target classes have a single row, so the split is random rather than stratified.`,
        location: { field: 'stratify' },
        details: { classes: tooSmall.slice(0, 10).map((s) => s.key) },
      }).toInfo(),
    );
    strata = [{ key: 'all', rows: rowRange(n) }];
    tooSmall = [];
  }
  if (tooSmall.length > 0) {
    const names = tooSmall.map((s) => s.key);
    warnings.push(
      new MwError('MW_SPLIT_CLASS_TOO_SMALL', {
        message: `${names.length === 1 ? 'The class' : 'The classes'} ${names.slice(0, 10).map((k) => `"${k}"`).join(', ')}${names.length > 10 ? ', …' : ''} ${names.length === 1 ? 'has' : 'have'} a single row, which went to the training rows; ${names.length === 1 ? 'it is' : 'they are'} not in the test rows.`,
        location: { field: 'stratify' },
        details: { classes: names },
      }).toInfo(),
    );
  }
  const eligible = strata.filter((s) => !tooSmall.includes(s));
  for (const s of eligible) shuffleInPlace(s.rows, random);
  const capacity = eligible.map((s) => s.rows.length - 1);
  const sizes = eligible.map((s) => s.rows.length);
  const testCounts = shareOut(sizes, params.test, capacity);
  const validationCounts = shareOut(sizes, params.validation, capacity.map((c, i) => c - (testCounts[i] ?? 0)));
  eligible.forEach((s, i) => {
    const t = testCounts[i] ?? 0;
    const v = validationCounts[i] ?? 0;
    for (let j = 0; j < t + v; j++) partition[s.rows[j] ?? 0] = j < t ? Partition.test : Partition.validation;
  });

  const counts = { train: 0, validation: 0, test: 0 };
  for (let i = 0; i < n; i++) {
    const p = partition[i];
    if (p === Partition.test) counts.test++;
    else if (p === Partition.validation) counts.validation++;
    else counts.train++;
  }
  return { partition, warnings, notes, counts };
}

/** One stratum per class (missing values form their own), or null when the target is continuous. */
function classStrata(target: Column, n: number): Stratum[] | null {
  const keys: (string | number)[] = new Array<string | number>(n);
  if (target.kind === 'categorical') {
    for (let i = 0; i < n; i++) {
      const code = target.codes[i] ?? -1;
      keys[i] = code < 0 ? 'missing' : (target.categories[code] ?? 'missing');
    }
  } else {
    if (target.type !== 'boolean' && target.type !== 'integer') return null;
    const distinct = new Set<number>();
    for (let i = 0; i < n; i++) {
      if (target.missing[i] !== 1) distinct.add(target.values[i] ?? 0);
      if (distinct.size > MAX_INTEGER_CLASSES && target.type === 'integer') return null;
    }
    for (let i = 0; i < n; i++) keys[i] = target.missing[i] === 1 ? 'missing' : (target.values[i] ?? 0);
  }
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = String(keys[i]);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [i]);
    else list.push(i);
  }
  // Sorted keys make the draw independent of row order within the table's category dictionary.
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, rows]) => ({ key, rows: Uint32Array.from(rows) }));
}

/**
 * Shares round(total × fraction) rows out over groups in proportion to their sizes (largest remainder),
 * never giving a group more than its capacity.
 */
export function shareOut(sizes: readonly number[], fraction: number, capacity: readonly number[]): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  let wanted = Math.round(total * fraction);
  const ideal = sizes.map((s) => s * fraction);
  const counts = ideal.map((q, i) => Math.max(0, Math.min(Math.floor(q), capacity[i] ?? 0)));
  wanted -= counts.reduce((a, b) => a + b, 0);
  const order = ideal.map((q, i) => ({ i, rest: q - Math.floor(q) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  // Two passes: first by remainder, then anywhere with room (when capacities cut the first pass short).
  for (const pass of [0, 1]) {
    for (const { i } of order) {
      if (wanted <= 0) break;
      const c = counts[i] ?? 0;
      if (c < (capacity[i] ?? 0) && (pass === 1 || c === Math.floor(ideal[i] ?? 0))) {
        counts[i] = c + 1;
        wanted--;
      }
    }
  }
  return counts;
}

function rowRange(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

export const splitNode = defineNode(splitSpec, async (inputs, params, ctx) => {
  const table = requireInput(inputs, 'table', 'Table');
  const outcome = assignPartitions(table, params);
  for (const w of outcome.warnings) ctx.warn(w);
  for (const note of outcome.notes) ctx.emit({ type: 'log', level: 'info', message: note });
  const { train, validation, test } = outcome.counts;
  if (train === 0) throw new MwError('MW_SPLIT_FRACTIONS', { message: 'The split leaves no training rows.' });
  ctx.emit({ type: 'log', level: 'info', message: `train ${train}, validation ${validation}, test ${test} rows` });
  return { table: portValue('Table', { ...table, partition: outcome.partition }) };
});
