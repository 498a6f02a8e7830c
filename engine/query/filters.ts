/**
 * Row conditions in plain words: "in Lakeside", "with a garage", "over 2,000 sqft", "price below $300k",
 * "3 bedrooms", "built after 2000", "listed in 2024", "where sqft is missing", "not setosa".
 * Each found condition marks the items it explains as used.
 */
import type { Filter, FilterOp, Scalar } from './intent';
import { FALSE_WORDS, TRUE_WORDS } from './lexicon';
import type { IndexedColumn } from './match';
import { formatValue } from './reading';
import type { Item } from './scan';
import { Ambiguous, Refuse, columnOf, conceptColumn, cueAt, indexed, joinOr, markUsed, skipFiller, wordAt, type State } from './state';
import { nearlyEquals, type ComparisonSign } from './text';

export interface Binding {
  readonly filters: Filter[];
  readonly items: number[];
  /** The condition came from "with/without X" on a yes/no column (a comparison may use it as "by"). */
  readonly fromWith?: boolean;
}

const NEGATE: Readonly<Record<ComparisonSign, ComparisonSign>> = { eq: 'ne', ne: 'eq', gt: 'lte', gte: 'lt', lt: 'gte', lte: 'gt' };

function truthValue(col: IndexedColumn, positive: boolean): Scalar {
  if (col.col.type === 'boolean') return positive;
  const cats = col.col.categories ?? [];
  const wanted = positive ? TRUE_WORDS : FALSE_WORDS;
  return cats.find((c) => wanted.has(c.toLowerCase())) ?? positive;
}

/** A typed item as a value of `col`, or null when it cannot be one. */
export function valueFor(st: State, col: IndexedColumn, it: Item | undefined): Scalar | null {
  if (it === undefined) return null;
  const type = col.col.type;
  if (type === 'integer' || type === 'float') return it.t === 'num' ? it.value : null;
  if (type === 'boolean') {
    const w = it.t === 'word' ? it.norm : it.t === 'num' ? String(it.value) : it.t === 'cat' ? it.text.toLowerCase() : '';
    if (TRUE_WORDS.has(w)) return true;
    if (FALSE_WORDS.has(w)) return false;
    return null;
  }
  if (type === 'datetime') return it.t === 'date' ? it.value : null;
  // Categorical, text, identifier.
  if (it.t === 'cat') {
    const c = it.cands.find((x) => x.column === col.name);
    if (c !== undefined) return c.value;
  }
  const text = it.t === 'num' || it.t === 'word' || it.t === 'cat' ? it.text : null;
  if (text === null) return null;
  const cats = col.col.categories;
  if (cats === undefined || cats.length === 0) return text;
  const lower = text.toLowerCase().replaceAll('_', ' ');
  const exact = cats.find((c) => c.toLowerCase().replaceAll('_', ' ') === lower);
  if (exact !== undefined) return exact;
  const near = cats.filter((c) => nearlyEquals(lower, c.toLowerCase()));
  return near.length === 1 ? (near[0] ?? null) : null;
}

function yearRange(column: string, op: ComparisonSign, year: number): Filter[] {
  const startOf = (y: number): string => `${String(y).padStart(4, '0')}-01-01`;
  switch (op) {
    case 'gt':
      return [{ column, op: 'gte', value: startOf(year + 1) }];
    case 'gte':
      return [{ column, op: 'gte', value: startOf(year) }];
    case 'lt':
      return [{ column, op: 'lt', value: startOf(year) }];
    case 'lte':
      return [{ column, op: 'lt', value: startOf(year + 1) }];
    case 'eq':
      return [{ column, op: 'gte', value: startOf(year) }, { column, op: 'lt', value: startOf(year + 1) }];
    case 'ne':
      throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', `“not in ${year}” on ${column} is not supported; ask for before or after a year.`);
  }
}

/** A calendar month "YYYY-MM" (from "March 2025") as a date range. */
function monthRange(column: string, op: ComparisonSign, month: string): Filter[] {
  const [y = 0, m = 1] = month.split('-').map(Number);
  const startOf = (yy: number, mm: number): string => (mm > 12 ? startOf(yy + 1, mm - 12) : `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}-01`);
  switch (op) {
    case 'gt':
      return [{ column, op: 'gte', value: startOf(y, m + 1) }];
    case 'gte':
      return [{ column, op: 'gte', value: startOf(y, m) }];
    case 'lt':
      return [{ column, op: 'lt', value: startOf(y, m) }];
    case 'lte':
      return [{ column, op: 'lt', value: startOf(y, m + 1) }];
    case 'eq':
      return [{ column, op: 'gte', value: startOf(y, m) }, { column, op: 'lt', value: startOf(y, m + 1) }];
    case 'ne':
      throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', `“not in ${month}” on ${column} is not supported; ask for before or after a month.`);
  }
}

function isYear(it: Item | undefined): it is Item & { t: 'num'; value: number } {
  return it !== undefined && it.t === 'num' && Number.isInteger(it.value) && it.value >= 1000 && it.value <= 2999 && it.unit === undefined;
}

/** Conditions on `col` with operator `op` and the value item at j. */
function condition(st: State, col: IndexedColumn, op: ComparisonSign, j: number, explicitOp: boolean): Filter[] | null {
  const it = st.items[j];
  if (col.col.type === 'datetime') {
    if (isYear(it)) return yearRange(col.name, op, it.value);
    if (it?.t === 'date') return /^\d{4}-\d{2}$/.test(it.value) ? monthRange(col.name, op, it.value) : [{ column: col.name, op, value: it.value }];
    if (explicitOp && it !== undefined && (it.t === 'num' || it.t === 'cat' || it.t === 'word')) {
      throw new Refuse('MW_QUERY_BAD_VALUE', `${col.name} holds dates; compare it with a date like 2024-06-01 or a year.`);
    }
    return null;
  }
  const value = valueFor(st, col, it);
  if (value === null) {
    if (explicitOp && it !== undefined && (it.t === 'num' || it.t === 'cat' || (it.t === 'word' && !it.stop))) {
      throw new Refuse('MW_QUERY_BAD_VALUE', `“${it.text}” is not a value of ${col.name} (${describeType(col)}).`);
    }
    return null;
  }
  if (op !== 'eq' && op !== 'ne' && typeof value !== 'number') {
    throw new Refuse('MW_QUERY_BAD_VALUE', `${col.name} is ${describeType(col)}; “more/less than” needs a numeric column.`);
  }
  return [{ column: col.name, op, value }];
}

export function describeType(col: IndexedColumn): string {
  switch (col.col.type) {
    case 'integer':
    case 'float':
      return 'a number';
    case 'boolean':
      return 'yes or no';
    case 'datetime':
      return 'a date';
    default: {
      const cats = col.col.categories ?? [];
      return cats.length > 0 && cats.length <= 6 ? `one of ${joinOr(cats)}` : 'a category';
    }
  }
}

/** "or more" / "or less" right after a value turns = into ≥ / ≤. */
function orMore(st: State, j: number): ComparisonSign | null {
  const c = cueAt(st, j, 'cmp');
  const it = st.items[j];
  if (c !== null && it !== undefined && it.text.toLowerCase().startsWith('or ')) return c.op;
  return null;
}

type Pattern = (st: State, k: number) => Binding | null;

/** "built after 2000": a year-built column, or an age column counted from today's date. */
const builtPattern: Pattern = (st, k) => {
  const c = cueAt(st, k, 'built');
  if (c === null) return null;
  const j = k + 1;
  const year = st.items[j];
  if (!isYear(year)) return null;
  const builtCol = st.index.columns.find((x) => x.numeric && (x.words.includes('built') || (x.words.includes('year') && x.words.includes('construction'))));
  if (builtCol !== undefined) return { filters: [{ column: builtCol.name, op: c.op, value: year.value }], items: [k, j] };
  const ageCols = st.index.columns.filter((x) => x.numeric && x.col.type !== 'boolean' && x.concepts.has('age'));
  if (ageCols.length === 0) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'There is no year-built or age column to answer “built …” with.');
  const today = st.ctx.today === undefined ? Number.NaN : new Date(st.ctx.today).getUTCFullYear();
  if (!Number.isFinite(today)) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'To turn a year into an age, today’s date is needed; ask with the age instead (e.g. “age under 25”).');
  const opWord = c.op === 'gt' ? 'under' : c.op === 'lt' ? 'over' : '=';
  if (ageCols.length > 1) {
    const it = st.items[k];
    throw new Ambiguous(it?.text ?? 'built', it?.start ?? 0, year.end, ageCols.map((a) => ({ label: a.name, column: a.name, replacement: `${a.name} ${opWord} ${today - year.value}` })), '“built” could be about several age columns');
  }
  const age = today - year.value;
  const col = ageCols[0]!;
  const op: FilterOp = c.op === 'gt' ? 'lt' : c.op === 'lt' ? 'gt' : 'eq';
  st.corrections.push({ typed: `${st.items[k]?.text ?? 'built'} ${year.text}`, read: `${col.name} ${op === 'lt' ? '<' : op === 'gt' ? '>' : '='} ${age} (ages counted from ${today})` });
  return { filters: [{ column: col.name, op, value: age }], items: [k, j] };
};

/** "how many in 2024", "in March 2025": a bare year or month is a range of the only date column (said as a correction). */
const inDatePattern: Pattern = (st, k) => {
  if (!wordAt(st, k, 'in', 'during')) return null;
  const v = st.items[k + 1];
  if (!isYear(v) && v?.t !== 'date') return null;
  // "in 2000 sqft" belongs to the column after it.
  if (st.items[skipFiller(st, k + 2)]?.t === 'col') return null;
  const dates = st.index.columns.filter((c) => c.col.type === 'datetime');
  if (dates.length !== 1 || dates[0] === undefined) return null;
  const filters = condition(st, dates[0], 'eq', k + 1, false);
  if (filters === null) return null;
  st.corrections.push({ typed: `${st.items[k]?.text ?? 'in'} ${v.text}`, read: `${dates[0].name} in ${v.text}` });
  return { filters, items: [k, k + 1] };
};

/** "with a garage", "without a garage", "no garage", "that have a pool". */
const withPattern: Pattern = (st, k) => {
  const c = cueAt(st, k, 'with');
  if (c === null) return null;
  const j = skipFiller(st, k + 1, ['any']);
  const it = st.items[j];
  if (it === undefined || it.t !== 'col') return null;
  const name = columnOf(st, j);
  if (name === null) return null;
  const col = indexed(st, name);
  if (!col.booleanLike) return null;
  // "with garage = no" is handled by the column pattern.
  const after = st.items[j + 1];
  if (after !== undefined && (after.t === 'op' || cueAt(st, j + 1, 'cmp') !== null)) return null;
  return { filters: [{ column: name, op: 'eq', value: truthValue(col, c.positive) }], items: range(k, j), fromWith: true };
};

/** "… with 3 bedrooms and a garage": a yes/no column joined by "and" after an earlier "with". */
const andWithPattern: Pattern = (st, k) => {
  if (!wordAt(st, k, 'and')) return null;
  let polarity: boolean | null = null;
  for (let i = k - 1; i >= 0 && polarity === null; i--) {
    const c = cueAt(st, i, 'with');
    if (c !== null) polarity = c.positive;
  }
  if (polarity === null) return null;
  const j = skipFiller(st, k + 1, ['any']);
  if (!wordAt(st, k + 1, 'a', 'an') && j === k + 1) return null;
  const it = st.items[j];
  if (it?.t !== 'col' || it.columns.length !== 1) return null;
  const col = indexed(st, it.columns[0] ?? '');
  if (!col.booleanLike) return null;
  return { filters: [{ column: col.name, op: 'eq', value: truthValue(col, polarity) }], items: range(k, j), fromWith: true };
};

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

/** "price over 300k", "city is Lakeside", "sqft of 2000", "garage = no", "listed in 2024", "sqft is missing". */
const columnPattern: Pattern = (st, k) => {
  const it = st.items[k];
  if (it === undefined || it.t !== 'col') return null;
  // A column right after "with" keeps the "with" (it is filler here).
  let j = k + 1;
  const missing = cueAt(st, j, 'is-missing');
  if (missing !== null) {
    const name = columnOf(st, k);
    if (name === null) return null;
    return { filters: [{ column: name, op: missing.present ? 'present' : 'missing', value: null }], items: [k, j] };
  }
  let negate = false;
  let said = false;
  if (wordAt(st, j, 'is', 'are', 'was')) {
    j++;
    said = true;
  }
  if (cueAt(st, j, 'not') !== null) {
    negate = true;
    j++;
  }
  let op: ComparisonSign = 'eq';
  let explicit = false;
  const cmp = cueAt(st, j, 'cmp');
  const sign = st.items[j];
  if (cmp !== null && cmp.concept === undefined) {
    op = cmp.op;
    explicit = true;
    j++;
  } else if (sign?.t === 'op') {
    op = sign.op;
    explicit = true;
    j++;
  } else if (cueAt(st, j, 'between') !== null) {
    return betweenFor(st, k, j);
  } else if (wordAt(st, j, 'of', 'in', 'at', 'equal', 'equals', 'to') || (sign?.t === 'punct' && sign.p === ':')) {
    // "price of 3 bedroom houses": the number belongs to the next column, not to price.
    const next = st.items[j + 2];
    if (wordAt(st, j, 'of', 'in') && st.items[j + 1]?.t === 'num' && next?.t === 'col') return null;
    j++;
    if (wordAt(st, j, 'to')) j++;
    // "magnesium of at least 100"
    const after = cueAt(st, j, 'cmp');
    if (after !== null && after.concept === undefined) {
      op = after.op;
      explicit = true;
      j++;
    }
  }
  // Only a value-looking item after the column makes a condition (an ambiguous column is asked about only then).
  const v = st.items[j];
  const valueLike = v !== undefined && (v.t === 'num' || v.t === 'date' || v.t === 'cat' || (v.t === 'word' && (!v.stop || TRUE_WORDS.has(v.norm) || FALSE_WORDS.has(v.norm))));
  if (!valueLike && !explicit) return null;
  const name = columnOf(st, k);
  if (name === null) return null;
  const col = indexed(st, name);
  // "garage is 2000": a value said with "is" that does not fit is an error, not something to skip.
  const strongValue = v !== undefined && (v.t === 'num' || v.t === 'date' || v.t === 'cat');
  const filters = condition(st, col, op, j, explicit || (said && strongValue && !negate));
  if (filters === null) return null;
  const more = orMore(st, j + 1);
  const items = range(k, j);
  if (more !== null && filters.length === 1 && filters[0] !== undefined) {
    filters[0] = { ...filters[0], op: more };
    items.push(j + 1);
  }
  return { filters: negate ? filters.map(negateFilter) : filters, items };
};

function negateFilter(f: Filter): Filter {
  if (f.op === 'missing') return { ...f, op: 'present' };
  if (f.op === 'present') return { ...f, op: 'missing' };
  if (f.op === 'in') throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'Negating a list of values is not supported.');
  return { ...f, op: NEGATE[f.op] };
}

/** "sqft between 1000 and 2000" (k = column, j = "between"). */
function betweenFor(st: State, k: number, j: number): Binding | null {
  const a = st.items[j + 1];
  const b = st.items[j + 3];
  if (a?.t !== 'num' || b?.t !== 'num' || !wordAt(st, j + 2, 'and', 'to')) return null;
  const name = columnOf(st, k);
  if (name === null) return null;
  const col = indexed(st, name);
  if (!col.numeric) throw new Refuse('MW_QUERY_BAD_VALUE', `${name} is ${describeType(col)}; “between” needs a numeric column.`);
  const [lo, hi] = a.value <= b.value ? [a.value, b.value] : [b.value, a.value];
  return { filters: [{ column: name, op: 'gte', value: lo }, { column: name, op: 'lte', value: hi }], items: range(Math.min(k, j), Math.max(k, j + 3)) };
}

/** The column a bare number belongs to: named after it, by its unit, by the cue's synonym group, or asked. */
function columnForNumber(st: State, valueIdx: number, concept: string | undefined, cmpIdx: number, dateCue: boolean): { name: string; consumed: number[] } {
  const v = st.items[valueIdx];
  const after = skipFiller(st, valueIdx + 1);
  const next = st.items[after];
  if (next?.t === 'col') {
    const name = columnOf(st, after);
    if (name !== null) return { name, consumed: range(valueIdx + 1, after) };
  }
  if (v?.t === 'num' && v.unit === 'money') {
    const name = conceptColumn(st, 'price', v.text, valueIdx);
    if (name !== null) return { name, consumed: [] };
  }
  if (concept !== undefined) {
    const it = st.items[cmpIdx];
    const name = conceptColumn(st, concept, it?.text ?? concept, cmpIdx);
    if (name !== null) return { name, consumed: [] };
  }
  if (v?.t === 'date' || (dateCue && isYear(v))) {
    const dates = st.index.columns.filter((c) => c.col.type === 'datetime');
    if (dates.length === 1 && dates[0] !== undefined) return { name: dates[0].name, consumed: [] };
  }
  // No column named: ask which one, offering the numeric columns whose range holds the number.
  const value = v?.t === 'num' ? v.value : Number.NaN;
  const plausible = st.index.columns.filter(
    (c) => c.numeric && c.col.type !== 'boolean' && c.col.type !== 'datetime' && (c.col.min === undefined || c.col.max === undefined || (value >= c.col.min && value <= c.col.max)),
  );
  const options = (plausible.length > 0 ? plausible : st.index.columns.filter((c) => c.numeric)).slice(0, 8);
  if (options.length === 0) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', `There is no numeric column for “${v?.text ?? ''}”.`);
  if (options.length === 1 && options[0] !== undefined) {
    st.corrections.push({ typed: v?.text ?? '', read: `${v?.text ?? ''} (${options[0].name}, the only numeric column)` });
    return { name: options[0].name, consumed: [] };
  }
  const start = st.items[cmpIdx]?.start ?? v?.start ?? 0;
  const text = `${st.items[cmpIdx]?.text ?? ''} ${v?.text ?? ''}`.trim();
  throw new Ambiguous(
    text,
    start,
    v?.end ?? start,
    options.map((c) => ({ label: c.name, column: c.name, replacement: `${c.name} ${text}` })),
    `it is not clear which column “${text}” is about`,
  );
}

/** "over 2000 sqft", "more than 3 bedrooms", "under $300k", "older than 50", "after 2024", "between 1 and 3 bedrooms". */
const comparisonPattern: Pattern = (st, k) => {
  let j = k;
  let negate = false;
  if (cueAt(st, j, 'not') !== null) {
    negate = true;
    j++;
  }
  const cmp = cueAt(st, j, 'cmp');
  const between = cueAt(st, j, 'between') !== null || (cueAt(st, j, 'from') !== null && st.items[j + 1]?.t === 'num' && wordAt(st, j + 2, 'to'));
  if (between) {
    const a = st.items[j + 1];
    const b = st.items[j + 3];
    if (a?.t !== 'num' || b?.t !== 'num' || !wordAt(st, j + 2, 'and', 'to')) return null;
    const target = columnForNumber(st, j + 3, undefined, j, false);
    const col = indexed(st, target.name);
    if (!col.numeric) throw new Refuse('MW_QUERY_BAD_VALUE', `${target.name} is ${describeType(col)}; “between” needs a numeric column.`);
    const [lo, hi] = a.value <= b.value ? [a.value, b.value] : [b.value, a.value];
    return { filters: [{ column: target.name, op: 'gte', value: lo }, { column: target.name, op: 'lte', value: hi }], items: [...range(k, j + 3), ...target.consumed] };
  }
  if (cmp === null) return null;
  const vIdx = j + 1;
  const v = st.items[vIdx];
  if (v === undefined || (v.t !== 'num' && v.t !== 'date')) return null;
  if (cmp.date === true && v.t === 'num' && !isYear(v)) return null;
  const target = columnForNumber(st, vIdx, cmp.concept, j, cmp.date === true);
  const col = indexed(st, target.name);
  const filters = condition(st, col, cmp.op, vIdx, true);
  if (filters === null) return null;
  return { filters: negate ? filters.map(negateFilter) : filters, items: [...range(k, vIdx), ...target.consumed] };
};

/** "3 bedrooms", "2000 sqft", "3 or more bedrooms". */
const numberPattern: Pattern = (st, k) => {
  const v = st.items[k];
  if (v?.t !== 'num' || v.unit === 'percent') return null;
  let j = k + 1;
  let op: ComparisonSign = 'eq';
  const more = orMore(st, j);
  if (more !== null) {
    op = more;
    j++;
  }
  const it = st.items[j];
  if (it?.t !== 'col') return null;
  const name = columnOf(st, j);
  if (name === null) return null;
  const col = indexed(st, name);
  if (!col.numeric || col.col.type === 'boolean') return null;
  const filters = condition(st, col, op, k, false);
  if (filters === null) return null;
  // "3 bedrooms or more"
  const after = orMore(st, j + 1);
  if (after !== null && filters[0] !== undefined && op === 'eq') {
    filters[0] = { ...filters[0], op: after };
    return { filters, items: range(k, j + 1) };
  }
  return { filters, items: range(k, j) };
};

/** "in Lakeside", "setosa", "not Riverton", "Lakeside or Riverton". */
const categoryPattern: Pattern = (st, k) => {
  let j = k;
  let negate = false;
  if (cueAt(st, j, 'not') !== null || cueAt(st, j, 'except') !== null) {
    negate = true;
    j = skipFiller(st, j + 1, ['in', 'from']);
  }
  const first = st.items[j];
  if (first?.t !== 'cat') return null;
  const column = categoryColumn(st, j);
  const values: Scalar[] = [valueOfCat(st, j, column)];
  const items = range(k, j);
  let m = j + 1;
  for (;;) {
    const sep = st.items[m];
    const isSep = sep !== undefined && ((sep.t === 'word' && (sep.norm === 'or' || sep.norm === 'and')) || (sep.t === 'punct' && sep.p === ','));
    if (!isSep) break;
    const n = skipFiller(st, m + 1, ['in', 'from']);
    const next = st.items[n];
    if (next?.t !== 'cat' || !next.cands.some((c) => c.column === column)) break;
    values.push(valueOfCat(st, n, column));
    items.push(...range(m, n));
    m = n + 1;
  }
  const col = indexed(st, column);
  const typed = col.col.type === 'boolean' ? values.map((v) => TRUE_WORDS.has(String(v).toLowerCase())) : values;
  if (typed.length === 1) return { filters: [{ column, op: negate ? 'ne' : 'eq', value: typed[0] ?? null }], items };
  if (negate) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', `Excluding several values of ${column} at once is not supported; exclude one at a time.`);
  return { filters: [{ column, op: 'in', value: typed }], items };
};

function categoryColumn(st: State, k: number): string {
  const it = st.items[k];
  if (it?.t !== 'cat') throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'Expected a value.');
  const columns = [...new Set(it.cands.map((c) => c.column))];
  if (columns.length === 1 && columns[0] !== undefined) return columns[0];
  throw new Ambiguous(
    it.text,
    it.start,
    it.end,
    it.cands.map((c) => ({ label: `${c.column} = ${c.value}`, column: c.column, replacement: `${c.column} = "${c.value}"` })),
    `“${it.text}” is a value of ${joinOr(columns)}`,
  );
}

function valueOfCat(st: State, k: number, column: string): Scalar {
  const it = st.items[k];
  if (it?.t !== 'cat') return '';
  const cands = it.cands.filter((c) => c.column === column);
  if (cands.length > 1) {
    throw new Ambiguous(it.text, it.start, it.end, cands.map((c) => ({ label: c.value, column, replacement: `"${c.value}"` })), `“${it.text}” could be ${joinOr(cands.map((c) => c.value))}`);
  }
  return cands[0]?.value ?? it.text;
}

const PATTERNS: readonly Pattern[] = [builtPattern, withPattern, andWithPattern, columnPattern, comparisonPattern, numberPattern, inDatePattern, categoryPattern];

export interface ExtractOptions {
  readonly from?: number;
  readonly to?: number;
  /** Item indices not to read as conditions (e.g. a column already used as the measure). */
  readonly skip?: ReadonlySet<number>;
}

/** Finds every row condition in items [from, to) not yet used; marks their items used. */
export function extractBindings(st: State, options: ExtractOptions = {}): Binding[] {
  const out: Binding[] = [];
  const to = options.to ?? st.items.length;
  for (let k = options.from ?? 0; k < to; k++) {
    if (st.used[k] === true || options.skip?.has(k) === true) continue;
    for (const pattern of PATTERNS) {
      const b = pattern(st, k);
      if (b === null) continue;
      if (b.items.some((i) => st.used[i] === true && i !== k)) continue;
      markUsed(st, ...b.items);
      out.push(b);
      k = Math.max(...b.items);
      break;
    }
  }
  return out;
}

export function filtersOf(bindings: readonly Binding[]): Filter[] {
  return bindings.flatMap((b) => b.filters);
}

/** "sqft = 2,000" for messages. */
export function describeBinding(f: Filter): string {
  return `${f.column} = ${formatValue(f.value)}`;
}
