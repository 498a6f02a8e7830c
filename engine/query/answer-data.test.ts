import { readFileSync } from 'node:fs';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { MwError } from '../errors';
import { answerDataQuestion } from './answer-data';
import { HELD_OUT_CASES, QUERY_CASES } from './cases';
import { answerSchema, type DataQuery, type Filter, type Scalar } from './intent';
import { createQueryParser } from './parse';
import { EXAMPLES, exampleContext, examplePath, exampleTable, type ExampleName } from './test-tables';

// ── An independent, straightforward reference: rows as plain objects, filters as JS comparisons. ──

type Value = number | string | boolean | null;
type Row = Record<string, Value>;

function referenceRows(name: ExampleName): Row[] {
  const [head = '', ...lines] = readFileSync(examplePath(name), 'utf8').trim().split('\n');
  const names = head.split(',');
  const raw = lines.map((l) => l.split(','));
  const kinds = names.map((_, j) => {
    const cells = raw.map((r) => r[j] ?? '').filter((c) => c !== '');
    if (cells.every((c) => c === 'yes' || c === 'no')) return 'bool';
    if (cells.every((c) => /^\d{4}-\d\d-\d\d$/.test(c))) return 'date';
    if (cells.every((c) => !Number.isNaN(Number(c)))) return 'num';
    return 'text';
  });
  return raw.map((r) => {
    const row: Row = {};
    names.forEach((n, j) => {
      const c = r[j] ?? '';
      row[n] = c === '' ? null : kinds[j] === 'bool' ? c === 'yes' : kinds[j] === 'date' ? Date.parse(`${c}T00:00:00Z`) : kinds[j] === 'num' ? Number(c) : c;
    });
    return row;
  });
}

function operand(v: Scalar, sample: Value): number | string | boolean {
  if (typeof sample === 'number' && typeof v === 'string' && /^\d{4}-/.test(v)) return Date.parse(`${v}T00:00:00Z`);
  return v;
}

function passes(row: Row, f: Filter): boolean {
  const x = row[f.column] ?? null;
  if (f.op === 'missing') return x === null;
  if (f.op === 'present') return x !== null;
  if (x === null) return false;
  const vals = (Array.isArray(f.value) ? f.value : [f.value]).map((v) => operand(v as Scalar, x));
  const v = vals[0];
  switch (f.op) {
    case 'eq':
      return x === v;
    case 'ne':
      return x !== v;
    case 'in':
      return vals.includes(x);
    case 'gt':
      return (x as number) > (v as number);
    case 'gte':
      return (x as number) >= (v as number);
    case 'lt':
      return (x as number) < (v as number);
    case 'lte':
      return (x as number) <= (v as number);
  }
}

/** A grouping key's value: a column, or (independently of the engine) the year / month / weekday of a date column. */
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
function groupValue(r: Row, key: string): Value {
  const m = /^(year|month|weekday) of (.+)$/.exec(key);
  if (m === null || key in r) return r[key] ?? null;
  const ms = r[m[2] ?? ''] ?? null;
  if (typeof ms !== 'number') return null;
  const iso = new Date(ms).toISOString();
  return m[1] === 'year' ? iso.slice(0, 4) : m[1] === 'month' ? iso.slice(0, 7) : (WEEKDAY_NAMES[new Date(ms).getUTCDay()] ?? null);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return ((s[Math.floor(m)] ?? Number.NaN) + (s[Math.ceil(m)] ?? Number.NaN)) / 2;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function aggregateOf(agg: string, rows: Row[], column: string | undefined): number {
  if (column === undefined) return rows.length;
  const xs = rows.map((r) => r[column] ?? null).filter((v): v is number => v !== null) as number[];
  switch (agg) {
    case 'count':
      return rows.filter((r) => (r[column] ?? null) !== null).length;
    case 'sum':
      return xs.reduce((a, b) => a + b, 0);
    case 'mean':
      return mean(xs);
    case 'median':
      return median(xs);
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
    default:
      throw new Error(agg);
  }
}

function key(labels: readonly unknown[]): string {
  return labels.map((l) => (typeof l === 'number' && l > 1e11 ? new Date(l).toISOString().slice(0, 10) : String(l))).join('|');
}

function close(actual: unknown, expected: number, what: string): void {
  expect(typeof actual === 'number' || actual === null, what).toBe(true);
  if (!Number.isFinite(expected)) return expect(actual, what).toBe(null);
  expect(Math.abs((actual as number) - expected), `${what}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}

function pearson(rows: Row[], a: string, b: string): number {
  const pairs = rows.filter((r) => r[a] !== null && r[b] !== null).map((r) => [r[a] as number, r[b] as number] as const);
  const ma = mean(pairs.map((p) => p[0]));
  const mb = mean(pairs.map((p) => p[1]));
  const cov = pairs.reduce((s, [x, y]) => s + (x - ma) * (y - mb), 0);
  const va = pairs.reduce((s, [x]) => s + (x - ma) ** 2, 0);
  const vb = pairs.reduce((s, [, y]) => s + (y - mb) ** 2, 0);
  return cov / Math.sqrt(va * vb);
}

function checkAgainstReference(query: DataQuery, all: Row[], table: { columns: string[]; rows: unknown[][] }, what: string): void {
  const rows = all.filter((r) => query.filters.every((f) => passes(r, f)));
  switch (query.type) {
    case 'aggregate': {
      if (query.aggregate === 'missing') {
        if (query.column === undefined) {
          for (const r of table.rows) expect(r[1], `${what} ${String(r[0])}`).toBe(rows.filter((x) => (x[r[0] as string] ?? null) === null).length);
        } else if (query.groupBy.length === 0) expect(table.rows[0]?.[0], what).toBe(rows.filter((x) => (x[query.column as string] ?? null) === null).length);
        return;
      }
      if (query.aggregate === 'distinct') {
        const col = query.column as string;
        const counts = new Map<string, number>();
        for (const r of rows) if (r[col] !== null) counts.set(key([r[col]]), (counts.get(key([r[col]])) ?? 0) + 1);
        expect(table.rows.length, what).toBe(counts.size);
        for (const r of table.rows) expect(r[1], `${what} ${String(r[0])}`).toBe(counts.get(key([r[0]])));
        return;
      }
      const groups = new Map<string, Row[]>();
      for (const r of rows) {
        const labels = query.groupBy.map((g) => groupValue(r, g));
        if (labels.some((l) => l === null)) continue;
        const k = key(labels);
        const list = groups.get(k);
        if (list === undefined) groups.set(k, [r]);
        else list.push(r);
      }
      const g = query.groupBy.length;
      if (query.limit === undefined) expect(table.rows.length, what).toBe(g === 0 ? 1 : groups.size);
      const expectedValues = [...groups.entries()].map(([k, rs]) => ({ k, v: aggregateOf(query.aggregate, rs, query.column) }));
      for (const r of table.rows) {
        const k = g === 0 ? '' : key(r.slice(0, g));
        const group = g === 0 ? rows : (groups.get(k) ?? []);
        close(r[g], aggregateOf(query.aggregate, group, query.column), `${what} [${k}]`);
      }
      if (query.sort !== undefined && query.limit === 1) {
        const best = expectedValues.sort((a, b) => (query.sort === 'desc' ? b.v - a.v : a.v - b.v))[0];
        expect(key((table.rows[0] ?? []).slice(0, g)), what).toBe(best?.k);
      }
      return;
    }
    case 'top-n': {
      const values = rows.map((r) => r[query.by] ?? null).filter((v): v is number => v !== null) as number[];
      values.sort((a, b) => (query.order === 'desc' ? b - a : a - b));
      const byIdx = table.columns.indexOf(query.by);
      expect(table.rows.map((r) => r[byIdx]), what).toEqual(values.slice(0, query.n));
      return;
    }
    case 'distribution': {
      const sample = rows.find((r) => r[query.column] !== null)?.[query.column];
      if (typeof sample !== 'number' || table.columns[0] !== 'statistic') {
        const counts = new Map<string, number>();
        for (const r of rows) if (r[query.column] !== null) counts.set(key([r[query.column]]), (counts.get(key([r[query.column]])) ?? 0) + 1);
        for (const r of table.rows) expect(r[1], what).toBe(counts.get(key([r[0]])));
        return;
      }
      const xs = rows.map((r) => r[query.column] ?? null).filter((v): v is number => v !== null) as number[];
      const stat = (name: string): unknown => table.rows.find((r) => r[0] === name)?.[1];
      expect(stat('count'), what).toBe(xs.length);
      if (sample > 1e11) return; // dates: shown as ISO text
      close(stat('mean'), mean(xs), `${what} mean`);
      close(stat('median'), median(xs), `${what} median`);
      close(stat('minimum'), Math.min(...xs), `${what} min`);
      close(stat('maximum'), Math.max(...xs), `${what} max`);
      const m = mean(xs);
      close(stat('standard deviation'), Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)), `${what} std`);
      return;
    }
    case 'correlation': {
      if (query.b !== undefined) return close(table.rows[0]?.[2], pearson(rows, query.a, query.b), what);
      for (const r of table.rows) close(r[1], pearson(rows, query.a, r[0] as string), `${what} ${String(r[0])}`);
      return;
    }
    case 'comparison': {
      const kept = query.values === undefined ? rows : rows.filter((r) => (query.values ?? []).includes(r[query.by] as Scalar));
      for (const r of table.rows) {
        const group = kept.filter((x) => key([groupValue(x, query.by)]) === key([r[0]]));
        close(r[1], aggregateOf('mean', group, query.measure), `${what} ${String(r[0])}`);
        close(r[2], aggregateOf('median', group, query.measure), `${what} ${String(r[0])} median`);
      }
      return;
    }
    case 'rows': {
      const indices = all.map((r, i) => ({ r, i })).filter(({ r }) => query.filters.every((f) => passes(r, f))).map(({ i }) => i + 1);
      expect(table.rows.map((r) => r[0]), what).toEqual(indices.slice(0, query.limit));
    }
  }
}

const refRows = new Map<ExampleName, Row[]>(EXAMPLES.map((n) => [n, referenceRows(n)]));

describe('answers to the suite’s data questions', () => {
  const cases = [...QUERY_CASES, ...HELD_OUT_CASES].filter((c) => c.expect.kind === 'data-question');

  it('agree with an independent straightforward computation, and their charts compile', () => {
    expect(cases.length).toBeGreaterThan(100);
    const parsers = new Map(EXAMPLES.map((n) => [n, createQueryParser(exampleContext(n))]));
    for (const c of cases) {
      const intent = parsers.get(c.data)!.parse(c.q);
      if (intent.kind !== 'data-question') continue;
      const answer = answerSchema.parse(answerDataQuestion(intent, exampleTable(c.data)));
      expect(answer.reading).toBe(intent.reading);
      expect(answer.sentence.length, c.q).toBeGreaterThan(5);
      expect(answer.table, c.q).toBeDefined();
      checkAgainstReference(intent.query, refRows.get(c.data)!, answer.table!, `[${c.data}] ${c.q}`);
      if (answer.chart !== undefined) expect(() => compile(answer.chart as unknown as TopLevelSpec), c.q).not.toThrow();
    }
  });
});

describe('dates in data questions', () => {
  // Counted straight from the CSV text (YYYY-MM-DD in the last column), not through the engine's Table.
  const listed = readFileSync(examplePath('houses'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').at(-1) ?? '');
  const parser = createQueryParser(exampleContext('houses'));
  const ask = (q: string): { reading: string; rows: unknown[][] } => {
    const intent = parser.parse(q);
    if (intent.kind !== 'data-question') throw new Error(`${q}: ${intent.reading}`);
    return { reading: intent.reading, rows: answerDataQuestion(intent, exampleTable('houses')).table?.rows ?? [] };
  };

  it('groups by year and month of the listing date, in time order', () => {
    const years = ask('count of houses listed per year');
    expect(years.rows).toEqual(['2024', '2025'].map((y) => [y, listed.filter((d) => d.startsWith(y)).length]));
    const months = ask('how many houses were listed each month');
    const distinct = [...new Set(listed.filter((d) => d !== '').map((d) => d.slice(0, 7)))].sort();
    expect(months.rows.map((r) => r[0])).toEqual(distinct);
    expect(months.rows.map((r) => r[1])).toEqual(distinct.map((m) => listed.filter((d) => d.startsWith(m)).length));
    const weekdays = ask('number of houses by weekday listed');
    expect(weekdays.rows.map((r) => r[0])).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(weekdays.rows.reduce((s, r) => s + (r[1] as number), 0)).toBe(listed.filter((d) => d !== '').length);
  });

  it('reads a year or a month as a date range, and says so', () => {
    const in2024 = ask('how many in 2024');
    expect(in2024.rows[0]?.[0]).toBe(listed.filter((d) => d.startsWith('2024')).length);
    expect(in2024.reading).toContain('“in 2024” as listed in 2024');
    const march = ask('how many houses were listed in march 2025');
    expect(march.rows[0]?.[0]).toBe(listed.filter((d) => d.startsWith('2025-03')).length);
    const after = ask('how many houses were listed after March 2025');
    expect(after.rows[0]?.[0]).toBe(listed.filter((d) => d >= '2025-04').length);
  });

  it('never drops a number silently: an unused one is named in the reading', () => {
    const r = ask('average price for 2000');
    expect(r.reading).toContain('ignored “2000”');
  });
});

describe('data answers on bad or empty input', () => {
  const houses = exampleTable('houses');
  const code = (f: () => unknown): string => {
    try {
      f();
      return 'no error';
    } catch (e) {
      return e instanceof MwError ? e.code : String(e);
    }
  };

  it('says which column does not exist', () => {
    expect(code(() => answerDataQuestion({ type: 'distribution', column: 'salary', filters: [] }, houses))).toBe('MW_QUERY_UNKNOWN_COLUMN');
  });

  it('refuses a mean of a category and a wrongly typed condition', () => {
    expect(code(() => answerDataQuestion({ type: 'aggregate', aggregate: 'mean', column: 'city', groupBy: [], filters: [] }, houses))).toBe('MW_QUERY_BAD_VALUE');
    expect(code(() => answerDataQuestion({ type: 'rows', filters: [{ column: 'sqft', op: 'gt', value: 'Lakeside' }], limit: 5 }, houses))).toBe('MW_QUERY_BAD_VALUE');
    expect(code(() => answerDataQuestion({ type: 'rows', filters: [{ column: 'city', op: 'gt', value: 3 }], limit: 5 }, houses))).toBe('MW_QUERY_BAD_VALUE');
  });

  it('answers questions whose conditions match no row without failing', () => {
    const none: Filter[] = [{ column: 'city', op: 'eq', value: 'Atlantis' }];
    for (const q of [
      { type: 'aggregate', aggregate: 'mean', column: 'price', groupBy: [], filters: none },
      { type: 'aggregate', aggregate: 'median', column: 'price', groupBy: ['city'], filters: none },
      { type: 'top-n', n: 5, by: 'price', order: 'desc', filters: none },
      { type: 'distribution', column: 'price', filters: none },
      { type: 'correlation', a: 'price', b: 'sqft', filters: none },
      { type: 'comparison', measure: 'price', by: 'garage', filters: none },
      { type: 'rows', filters: none, limit: 5 },
    ] satisfies DataQuery[]) {
      const answer = answerSchema.parse(answerDataQuestion(q, houses));
      expect(answer.sentence).not.toMatch(/NaN|undefined/);
    }
  });

  it('counts missing values and says how many were skipped', () => {
    const answer = answerDataQuestion({ type: 'aggregate', aggregate: 'mean', column: 'sqft', groupBy: [], filters: [] }, houses);
    expect(answer.notes.join(' ')).toMatch(/with sqft missing were skipped/);
  });
});
