/**
 * The data-question recogniser: aggregates (grouped, filtered), top-N, distributions, correlations,
 * comparisons and plain row listings, from the items of one question.
 */
import { extractBindings, filtersOf, type Binding } from './filters';
import { datePartKey, type Aggregate, type DataQuery, type DatePart, type Filter, type Intent, type Scalar } from './intent';
import { describeDataQuery } from './reading';
import type { Item } from './scan';
import { Refuse, Unknown, allCues, columnOf, conceptColumn, findCue, indexed, markUsed, skipFiller, wordAt, type CueOf, type State } from './state';

interface Group {
  readonly columns: string[];
  /** Item index of the column after "by" (top-N reads it as the sort key). */
  readonly byItems: number[];
  /** The group came from "which city …" (answer: the one best group). */
  readonly which: boolean;
}

function unknownAt(st: State, k: number): void {
  const it = st.items[k];
  if (it?.t === 'word' && !it.stop && !it.rowNoun) throw new Unknown(it.text);
}

function groupBy(st: State): Group {
  const columns: string[] = [];
  const byItems: number[] = [];
  for (const { k } of allCues(st, 'group')) {
    let j = skipFiller(st, k + 1);
    // "price per sqft": a ratio of two numeric columns, not a grouping.
    const prev = st.items[k - 1];
    const next = st.items[j];
    if (st.items[k]?.text.toLowerCase() === 'per' && prev?.t === 'col' && next?.t === 'col' && prev.columns.length === 1 && next.columns.length === 1) {
      const a = indexed(st, prev.columns[0] ?? '');
      const b = indexed(st, next.columns[0] ?? '');
      if (a.numeric && b.numeric && !a.booleanLike && !b.booleanLike && b.col.type === 'float') {
        throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', `Ratios such as “${a.name} per ${b.name}” are not computed yet; ask for ${a.name} and ${b.name} separately, or their correlation.`);
      }
    }
    // "by number of bedrooms" groups by bedrooms.
    const count = st.items[j];
    if (count?.t === 'cue' && count.cue.tag === 'how-many' && count.text.toLowerCase().startsWith('number')) {
      markUsed(st, j);
      j = skipFiller(st, j + 1);
    }
    const first = st.items[j];
    if (first?.t !== 'col' && datePartAt(st, j) === null) {
      if (first?.t === 'word' && !first.rowNoun) unknownAt(st, j);
      continue;
    }
    markUsed(st, k);
    for (;;) {
      // A date part ("month", "year of listed") or a column.
      const part = datePartAt(st, j);
      const name = part?.key ?? columnOf(st, j);
      if (name === null) break;
      if (!columns.includes(name)) columns.push(name);
      byItems.push(j);
      if (part === null) markUsed(st, j);
      else markUsed(st, ...part.items);
      const last = part === null ? j : Math.max(j, ...part.items);
      const sep = st.items[last + 1];
      const isSep = sep !== undefined && ((sep.t === 'word' && sep.norm === 'and') || (sep.t === 'punct' && sep.p === ','));
      const nextK = skipFiller(st, last + 2);
      if (isSep && st.used[nextK] !== true && datePartAt(st, nextK) !== null) {
        markUsed(st, last + 1);
        j = nextK;
        continue;
      }
      if (!isSep || st.items[nextK]?.t !== 'col') break;
      const nextName = columnOf(st, nextK);
      if (nextName === null) break;
      const nextCol = indexed(st, nextName);
      // "by city and garage" groups by both; "by city and price" is not a grouping of price.
      if (nextCol.numeric && !nextCol.booleanLike && nextCol.col.type !== 'integer') break;
      markUsed(st, j + 1);
      j = nextK;
    }
  }
  // "listed each month", "every year": a date part after each/every.
  st.items.forEach((_, k) => {
    if (st.used[k] === true || !wordAt(st, k, 'each', 'every')) return;
    const part = datePartAt(st, k + 1);
    if (part === null || part.items.some((i) => st.used[i] === true)) return;
    if (!columns.includes(part.key)) columns.push(part.key);
    byItems.push(k + 1);
    markUsed(st, k, ...part.items);
  });
  if (columns.length > 2) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'Group by at most two columns at a time.');
  return { columns, byItems, which: false };
}

const DATE_PARTS: Readonly<Record<string, DatePart>> = { year: 'year', month: 'month', weekday: 'weekday', day: 'weekday' };

/**
 * "by month", "per year", "by weekday", "by day of the week", "by year listed", "by month of listed": a part of
 * a date column. The column is the one named next to it, or the table's only date column.
 */
function datePartAt(st: State, j: number): { key: string; items: number[] } | null {
  const it = st.items[j];
  // "day" may be read as a date column's synonym; "day of the week" is still a weekday.
  const word = it?.t === 'word' ? it.sing : it?.t === 'col' && it.text.toLowerCase() === 'day' ? 'day' : undefined;
  const part = word === undefined ? undefined : DATE_PARTS[word];
  if (part === undefined) return null;
  const items = [j];
  let next = j + 1;
  if (word === 'day') {
    // Only "day of (the) week"; a bare "day" is not a part this reads.
    const w = skipFiller(st, j + 1);
    if (!wordAt(st, w, 'week')) return null;
    for (let i = j + 1; i <= w; i++) items.push(i);
    next = w + 1;
  }
  const dates = st.index.columns.filter((c) => c.col.type === 'datetime');
  // No date column: "month" is an unknown word (said with the closest columns), not a date part.
  if (dates.length === 0) return null;
  // The date column named right after ("month of listed", "year listed") or just before ("listed per year").
  const after = skipFiller(st, next);
  const candidates = [after, j - 1, j - 2];
  let column: string | null = null;
  for (const c of candidates) {
    const item = st.items[c];
    if (item?.t !== 'col' || item.columns.length !== 1) continue;
    const name = item.columns[0] ?? '';
    if (indexed(st, name).col.type !== 'datetime') continue;
    column = name;
    if (c === after) for (let i = next; i <= after; i++) items.push(i);
    else items.push(c);
    break;
  }
  if (column === null) {
    if (dates.length > 1) {
      throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', `Say which date column to group by ${part}: ${dates.map((d) => `“by ${part} of ${d.name}”`).join(' or ')}.`);
    }
    column = dates[0]?.name ?? '';
  }
  if (it?.t === 'col') {
    // "day" here is not the date column itself: drop the "day → listed" correction this reading does not make.
    const typed = it.text;
    st.corrections.splice(0, st.corrections.length, ...st.corrections.filter((c) => c.typed !== typed));
  }
  return { key: datePartKey(part, column), items };
}

/** "which city …", "what species …": a categorical column asked about. */
function whichColumn(st: State): number {
  for (let k = 0; k < st.items.length - 1; k++) {
    if (!wordAt(st, k, 'which', 'what')) continue;
    const j = k + 1;
    const it = st.items[j];
    if (it?.t === 'col' && st.used[j] !== true) {
      const name = columnOf(st, j);
      if (name !== null && !indexed(st, name).numeric) return j;
    }
  }
  return -1;
}

function rowNoun(st: State): (Item & { t: 'word' }) | null {
  for (const it of st.items) if (it.t === 'word' && it.rowNoun) return it;
  return null;
}

function freeColumns(st: State): { k: number; name: string }[] {
  const out: { k: number; name: string }[] = [];
  st.items.forEach((it, k) => {
    if (it.t !== 'col' || st.used[k] === true) return;
    const name = columnOf(st, k);
    if (name !== null && !out.some((o) => o.name === name)) out.push({ k, name });
  });
  // A vague synonym ("value") gives way to a column named outright.
  const strong = out.filter((o) => {
    const it = st.items[o.k];
    return !(it?.t === 'col' && it.cands[0]?.weak === true);
  });
  return strong.length > 0 ? strong : out;
}

function firstUnknown(st: State): string | null {
  for (let k = 0; k < st.items.length; k++) {
    const it = st.items[k];
    if (it?.t === 'word' && st.used[k] !== true && !it.stop && !it.rowNoun && it.norm.length > 1) return it.text;
  }
  return null;
}

function needColumn(st: State, what: string): never {
  const unknown = firstUnknown(st);
  if (unknown !== null) throw new Unknown(unknown);
  throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', `Say which column to ${what}.`);
}

function numericOnly(st: State, name: string, what: string): string {
  const col = indexed(st, name);
  if (!col.numeric || col.col.type === 'boolean') {
    throw new Refuse('MW_QUERY_BAD_VALUE', `${name} is not numeric, so its ${what} cannot be computed; try “most common ${name}” or “distribution of ${name}”.`);
  }
  return name;
}

/** Columns a grouping was asked for; an answer that would leave one out is refused instead. */
let askedGroups: readonly string[] = [];

function intent(st: State, query: DataQuery): Intent {
  const used = JSON.stringify(query);
  const dropped = askedGroups.filter((g) => !used.includes(JSON.stringify(g)));
  if (dropped.length > 0) {
    throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', `Grouping by ${dropped.join(' and ')} does not fit this kind of question; ask for an average, a count or a comparison by ${dropped[0] ?? ''}.`);
  }
  return { kind: 'data-question', reading: describeDataQuery(query, st.ctx.rowCount), corrections: st.corrections, query };
}

/** A count for "top 10", "10 most expensive", "the five cheapest". */
function topCount(st: State, near: number): { n: number | undefined } {
  const isCount = (j: number): boolean => {
    const it = st.items[j];
    return it?.t === 'num' && st.used[j] !== true && Number.isInteger(it.value) && it.value > 0 && it.unit === undefined;
  };
  // "the 5 flowers with the highest …": a count right before the row noun.
  const candidates = [near + 1, near - 1, ...st.items.map((_, j) => j).filter((j) => st.items[j + 1]?.t === 'word' && (st.items[j + 1] as Item & { t: 'word' }).rowNoun)];
  for (const j of candidates) {
    const it = st.items[j];
    if (isCount(j) && it?.t === 'num') {
      markUsed(st, j);
      return { n: it.value };
    }
  }
  return { n: undefined };
}

/**
 * "malignant vs benign": two values of one column compared; read as a grouping by that column
 * (a count per value, or a comparison of a measure).
 */
function versus(st: State, group: Group): Scalar[] | null {
  for (const { k } of allCues(st, 'corr')) {
    const word = st.items[k]?.text.toLowerCase() ?? '';
    if (!['vs', 'versus', 'against'].includes(word)) continue;
    const a = st.items[k - 1];
    const b = st.items[k + 1];
    if (a?.t !== 'cat' || b?.t !== 'cat') continue;
    const column = a.cands.find((c) => b.cands.some((d) => d.column === c.column))?.column;
    if (column === undefined) continue;
    const va = a.cands.find((c) => c.column === column)?.value;
    const vb = b.cands.find((c) => c.column === column)?.value;
    if (va === undefined || vb === undefined) continue;
    markUsed(st, k - 1, k, k + 1);
    if (!group.columns.includes(column)) group.columns.push(column);
    return [va, vb];
  }
  return null;
}

/** The column right after a superlative ("highest price"), if any. */
function supNamedColumn(st: State, k: number): string | null {
  const j = skipFiller(st, k + 1);
  const next = st.items[j];
  const cue = st.items[k];
  const concept = cue?.t === 'cue' && cue.cue.tag === 'sup' ? cue.cue.concept : undefined;
  if (next?.t === 'col' && st.used[j] !== true && next.columns.length > 1 && concept !== undefined) {
    // "the widest petals": of petal_length_cm and petal_width_cm, the one about width.
    const fits = next.columns.filter((c) => indexed(st, c).concepts.has(concept));
    if (fits.length === 1 && fits[0] !== undefined) {
      markUsed(st, j);
      return fits[0];
    }
  }
  if (next?.t === 'col' && st.used[j] !== true) {
    const name = columnOf(st, j);
    if (name !== null && indexed(st, name).numeric) {
      markUsed(st, j);
      return name;
    }
  }
  return null;
}

function supColumn(st: State, k: number, cue: CueOf<'sup'>, fallback?: string): string | null {
  const named = supNamedColumn(st, k);
  if (named !== null) return named;
  if (fallback !== undefined) return fallback;
  if (cue.concept !== undefined) return conceptColumn(st, cue.concept, st.items[k]?.text ?? cue.concept, k);
  return null;
}

export function dataQuestion(st: State): Intent | null {
  askedGroups = [];
  try {
    return dataQuestionInner(st);
  } finally {
    askedGroups = [];
  }
}

function dataQuestionInner(st: State): Intent | null {
  for (const tag of ['where', 'show'] as const) for (const { k } of allCues(st, tag)) markUsed(st, k);
  const showing = findCue(st, 'show') >= 0;
  const group = groupBy(st);
  const whichK = whichColumn(st);
  const sups = allCues(st, 'sup');
  const tops = allCues(st, 'top');
  const noun = rowNoun(st);
  const howMany = findCue(st, 'how-many');
  // "mean area" names the column mean_area; its "mean" is an aggregate only when nothing else asks for one.
  const explicitAsk = howMany >= 0 || sups.length > 0 || tops.length > 0 || ['mode', 'dist', 'corr', 'compare'].some((t) => findCue(st, t as 'mode') >= 0);
  const allAggs = allCues(st, 'agg');
  const explicitAggs = allAggs.filter((a) => (st.items[a.k] as Item & { t: 'cue' }).implied !== true);
  const impliedOk = explicitAggs.length === 0 && !explicitAsk;
  for (const a of allAggs) if (!impliedOk && (st.items[a.k] as Item & { t: 'cue' }).implied === true) markUsed(st, a.k);
  let aggCues = impliedOk ? allAggs : explicitAggs;
  const vs = versus(st, group);

  // Top-N: "top 10 houses by price", "the 5 most expensive houses", "which house is the cheapest".
  const topK = tops[0]?.k ?? -1;
  const supK = sups[0]?.k ?? -1;
  const numberBeforeSup = supK >= 0 && (st.items[supK - 1]?.t === 'num' || st.items[supK + 1]?.t === 'num');
  const topMode = whichK < 0 && aggCues.length === 0 && howMany < 0 && (topK >= 0 || (supK >= 0 && (numberBeforeSup || noun !== null)));
  if (topMode) {
    const { n } = topCount(st, topK >= 0 ? topK : supK);
    markUsed(st, topK, supK);
    let by: string | null = null;
    let order: 'asc' | 'desc' = 'desc';
    const sup = sups[0];
    const byColumn = group.columns.length === 1 ? group.columns[0] : undefined;
    if (sup !== undefined) {
      order = sup.cue.dir === 1 ? 'desc' : 'asc';
      by = supColumn(st, sup.k, sup.cue, byColumn);
    } else if (tops[0] !== undefined) order = tops[0].cue.dir === 1 ? 'desc' : 'asc';
    if (by === null && byColumn !== undefined) by = byColumn;
    const bindings = extractBindings(st);
    if (by === null) {
      const free = freeColumns(st);
      if (free.length >= 1 && free[0] !== undefined) {
        by = free[0].name;
        markUsed(st, free[0].k);
      }
    }
    if (by === null) needColumn(st, 'rank by');
    numericOnly(st, by, 'ranking');
    const singular = noun !== null && noun.norm === noun.sing && noun.norm !== 'people';
    const count = n ?? (singular ? 1 : 10);
    if (count > 1000) throw new Refuse('MW_QUERY_BAD_VALUE', 'Ask for at most 1,000 rows.');
    return intent(st, { type: 'top-n', n: count, by, order, filters: filtersOf(bindings) });
  }

  const bindings = extractBindings(st);
  const filters = filtersOf(bindings);
  // An implied "mean" whose column became a condition ("tumours with mean area over 1000") asks nothing.
  aggCues = aggCues.filter((a) => !((st.items[a.k] as Item & { t: 'cue' }).implied === true && st.used[a.k + 1] === true));
  if (whichK >= 0) {
    const name = columnOf(st, whichK);
    if (name !== null && group.columns.length < 2 && !group.columns.includes(name)) {
      group.columns.push(name);
      markUsed(st, whichK);
    }
  }
  const groups = group.columns;
  askedGroups = [...groups];

  // Correlation
  const corrK = allCues(st, 'corr').find((c) => st.used[c.k] !== true)?.k ?? -1;
  if (corrK >= 0) {
    markUsed(st, corrK, findCue(st, 'between'));
    const free = freeColumns(st);
    free.forEach((f) => markUsed(st, f.k));
    const numeric = free.filter((f) => indexed(st, f.name).numeric && !indexed(st, f.name).booleanLike);
    const other = free.filter((f) => !numeric.includes(f));
    if (numeric.length === 1 && other.length === 1 && numeric[0] !== undefined && other[0] !== undefined) {
      return intent(st, { type: 'comparison', measure: numeric[0].name, by: other[0].name, filters });
    }
    if (numeric.length >= 2 && numeric[0] !== undefined && numeric[1] !== undefined) {
      if (numeric.length > 2) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'Ask for the correlation between two columns at a time.');
      return intent(st, { type: 'correlation', a: numeric[0].name, b: numeric[1].name, filters });
    }
    if (numeric.length === 1 && numeric[0] !== undefined) {
      if (firstUnknown(st) !== null) needColumn(st, 'correlate');
      return intent(st, { type: 'correlation', a: numeric[0].name, filters });
    }
    if (other.length > 0 && other[0] !== undefined) numericOnly(st, other[0].name, 'correlation');
    needColumn(st, 'correlate');
  }

  // Comparison: "is price higher with a garage", "compare price across cities", "do houses with a garage cost more".
  const compareK = findCue(st, 'compare');
  const comparatives = allCues(st, 'comparative');
  if (compareK >= 0 || comparatives.length > 0 || vs !== null) {
    const c = comparison(st, bindings, groups, compareK, comparatives, vs);
    if (c !== null) return c;
  }

  // Distribution
  const distK = findCue(st, 'dist');
  if (distK >= 0) {
    markUsed(st, distK);
    const free = freeColumns(st);
    const col = free[0];
    if (col === undefined) {
      if (groups.length === 1 && groups[0] !== undefined) return intent(st, { type: 'distribution', column: groups[0], filters });
      needColumn(st, 'describe');
    }
    markUsed(st, col.k);
    if (groups.length === 1 && groups[0] !== undefined) {
      numericOnly(st, col.name, 'comparison');
      return intent(st, { type: 'comparison', measure: col.name, by: groups[0], filters });
    }
    return intent(st, { type: 'distribution', column: col.name, filters });
  }

  // Most common value: "the most common city", "most frequent species in Lakeside".
  const mode = allCues(st, 'mode')[0];
  if (mode !== undefined) {
    markUsed(st, mode.k);
    const free = freeColumns(st);
    const col = free[0]?.name ?? groups[0];
    if (col === undefined) needColumn(st, 'count values of');
    if (free[0] !== undefined) markUsed(st, free[0].k);
    return intent(st, { type: 'aggregate', aggregate: 'count', groupBy: [col], filters, sort: mode.cue.dir === 1 ? 'desc' : 'asc', limit: 1 });
  }

  // Aggregates
  const sup = sups[0];
  if (aggCues.length > 0 || howMany >= 0 || sup !== undefined) {
    let aggregate: Aggregate;
    const named = aggCues.map((a) => a.cue.agg);
    if (named.includes('missing')) aggregate = 'missing';
    else if (named.includes('distinct')) aggregate = 'distinct';
    else if (named[0] !== undefined) aggregate = named[0];
    else if (howMany >= 0) aggregate = 'count';
    else aggregate = sup?.cue.dir === 1 ? 'max' : 'min';
    aggCues.forEach((a) => markUsed(st, a.k));
    markUsed(st, howMany);
    let sort: 'asc' | 'desc' | undefined;
    let limit: number | undefined;
    // "highest price by city": the maximum per city, not a ranking.
    const supNamed = sup !== undefined && named.length === 0 && howMany < 0 && whichK < 0 ? supNamedColumn(st, sup.k) : null;
    if (sup !== undefined && supNamed !== null) {
      markUsed(st, sup.k);
      numericOnly(st, supNamed, aggregate);
      return intent(st, { type: 'aggregate', aggregate, column: supNamed, groupBy: groups, filters });
    }
    // "the priciest city on average", "top 3 cities by average price": rank the groups of a category named.
    const rankTop = tops[0];
    if ((sup !== undefined || rankTop !== undefined) && groups.length === 0) {
      const cat = freeColumns(st).find((f) => !indexed(st, f.name).numeric);
      if (cat !== undefined) {
        groups.push(cat.name);
        askedGroups = [...groups];
        markUsed(st, cat.k);
        if (sup === undefined && rankTop !== undefined) {
          const { n } = topCount(st, rankTop.k);
          markUsed(st, rankTop.k);
          sort = rankTop.cue.dir === 1 ? 'desc' : 'asc';
          limit = n ?? 10;
        } else limit = 1;
      }
    }
    if (sort === undefined && sup !== undefined && (named.length > 0 || howMany >= 0 || groups.length > 0)) {
      if (groups.length === 0) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', 'Say which groups to rank, e.g. “which city has the highest average price”.');
      sort = sup.cue.dir === 1 ? 'desc' : 'asc';
      if (whichK >= 0) limit = 1;
      markUsed(st, sup.k);
      if (named.length === 0 && howMany < 0) {
        // "which city has the most houses": a count; "which species has the longest petals": a mean.
        const col = sup.cue.concept === undefined ? null : supColumn(st, sup.k, sup.cue);
        aggregate = col === null ? 'count' : 'mean';
        if (col !== null) return intent(st, { type: 'aggregate', aggregate, column: col, groupBy: groups, filters, sort, ...(limit === undefined ? {} : { limit }) });
      }
    }
    let column: string | undefined;
    const free = freeColumns(st);
    if (sup !== undefined && sort === undefined) {
      markUsed(st, sup.k);
      column = supColumn(st, sup.k, sup.cue) ?? undefined;
    }
    if (column === undefined && free[0] !== undefined) {
      if (free.length > 1 && aggregate !== 'missing' && aggregate !== 'count') {
        throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', `Ask about one column at a time (${free.map((f) => f.name).join(', ')}).`);
      }
      column = free[0].name;
      free.forEach((f) => markUsed(st, f.k));
    }
    if (column === undefined && sup?.cue.concept !== undefined && aggregate !== 'count' && aggregate !== 'missing' && aggregate !== 'distinct') {
      column = conceptColumn(st, sup.cue.concept, st.items[sup.k]?.text ?? '', sup.k) ?? undefined;
    }
    // "how many rows have sqft missing" = the number of missing values of sqft.
    const missingFilter = filters.length === 1 && filters[0]?.op === 'missing' ? filters[0] : undefined;
    if (aggregate === 'count' && column === undefined && missingFilter !== undefined) {
      return intent(st, { type: 'aggregate', aggregate: 'missing', column: missingFilter.column, groupBy: groups, filters: [] });
    }
    switch (aggregate) {
      case 'count': {
        if (column !== undefined) {
          const col = indexed(st, column);
          const howText = st.items[howMany]?.text.toLowerCase() ?? '';
          if (!col.numeric && noun === null) {
            // "how many cities" → distinct cities; "count of species" → rows per species.
            if (howText.startsWith('how')) return intent(st, { type: 'aggregate', aggregate: 'distinct', column, groupBy: groups, filters });
            if (groups.length < 2 && !groups.includes(column)) return intent(st, { type: 'aggregate', aggregate: 'count', groupBy: [...groups, column], filters });
          }
          if (!col.numeric && noun !== null && !groups.includes(column) && groups.length < 2) {
            return intent(st, { type: 'aggregate', aggregate: 'count', groupBy: [...groups, column], filters, ...(sort === undefined ? {} : { sort }), ...(limit === undefined ? {} : { limit }) });
          }
        }
        return intent(st, { type: 'aggregate', aggregate: 'count', ...(column === undefined ? {} : { column }), groupBy: groups, filters, ...(sort === undefined ? {} : { sort }), ...(limit === undefined ? {} : { limit }) });
      }
      case 'missing':
      case 'distinct':
        if (aggregate === 'distinct' && column === undefined) needColumn(st, 'list the values of');
        return intent(st, { type: 'aggregate', aggregate, ...(column === undefined ? {} : { column }), groupBy: groups, filters });
      default: {
        if (column === undefined) needColumn(st, 'summarise');
        numericOnly(st, column, aggregate);
        return intent(st, { type: 'aggregate', aggregate, column, groupBy: groups, filters, ...(sort === undefined ? {} : { sort }), ...(limit === undefined ? {} : { limit }) });
      }
    }
  }

  const free = freeColumns(st);
  if (groups.length > 0 && free.length === 0) {
    return intent(st, { type: 'aggregate', aggregate: 'count', groupBy: groups, filters });
  }
  if (free.length === 1 && free[0] !== undefined) {
    const name = free[0].name;
    markUsed(st, free[0].k);
    const col = indexed(st, name);
    const asked = showing || wordAt(st, 0, 'what', 'which') || groups.length > 0;
    if (groups.length === 1 && groups[0] !== undefined && col.numeric && !col.booleanLike) {
      return intent(st, { type: 'comparison', measure: name, by: groups[0], filters });
    }
    if (!col.numeric && asked) return intent(st, { type: 'aggregate', aggregate: 'distinct', column: name, groupBy: groups, filters });
    return intent(st, { type: 'distribution', column: name, filters });
  }
  if (free.length > 1) throw new Refuse('MW_QUERY_NOT_UNDERSTOOD', `It is not clear what to do with ${free.map((f) => f.name).join(' and ')}; try “correlation between ${free[0]?.name ?? ''} and ${free[1]?.name ?? ''}”.`);
  if (filters.length > 0 || (showing && noun !== null)) {
    if (noun !== null) markUsed(st, st.items.indexOf(noun));
    return intent(st, { type: 'rows', filters, limit: 20 });
  }
  return null;
}

function comparison(st: State, bindings: readonly Binding[], groups: string[], compareK: number, comparatives: { k: number; cue: CueOf<'comparative'> }[], vs: Scalar[] | null): Intent | null {
  let measure: string | null = null;
  const free = freeColumns(st).filter((f) => {
    const c = indexed(st, f.name);
    return c.numeric && !c.booleanLike;
  });
  if (free[0] !== undefined) measure = free[0].name;
  const conceptCue = comparatives.find((c) => c.cue.concept !== undefined);
  if (measure === null && conceptCue?.cue.concept !== undefined) measure = conceptColumn(st, conceptCue.cue.concept, st.items[conceptCue.k]?.text ?? '', conceptCue.k);
  // By: a grouping, a "with/without X" condition, or category values named.
  let by: string | undefined = groups[0];
  let values: Scalar[] | undefined = vs ?? undefined;
  let used: Binding | undefined;
  if (by === undefined) {
    used = bindings.find((b) => b.fromWith === true);
    if (used !== undefined) by = used.filters[0]?.column;
  }
  let rest = filtersOf(bindings.filter((b) => b !== used));
  if (by === undefined) {
    const catFilters = rest.filter((f) => (f.op === 'eq' || f.op === 'in') && !indexed(st, f.column).numeric);
    const column = catFilters[0]?.column;
    if (column !== undefined) {
      const same = catFilters.filter((f) => f.column === column);
      by = column;
      values = same.flatMap((f) => (Array.isArray(f.value) ? f.value : [f.value as Scalar]));
      rest = rest.filter((f) => !same.includes(f));
      if (values.length < 2) values = undefined;
    }
  }
  if (by === undefined) {
    const other = freeColumns(st).find((f) => f.name !== measure && !indexed(st, f.name).numeric);
    if (other !== undefined) {
      by = other.name;
      markUsed(st, other.k);
    }
  }
  if (measure === null || by === undefined) {
    if (compareK >= 0 && measure === null && by !== undefined) needColumn(st, 'compare');
    return null;
  }
  markUsed(st, compareK, ...comparatives.map((c) => c.k));
  if (free[0] !== undefined) markUsed(st, free[0].k);
  return intent(st, { type: 'comparison', measure, by, ...(values === undefined ? {} : { values }), filters: rest as Filter[] });
}

