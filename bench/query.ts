/**
 * `npm run bench -- query [--rows N]`: the plain-text query box on 1,000,000 synthetic rows (issue 7).
 * Targets: parsing a question under 200 ms, answering a data question under 1 s.
 *
 * No peer parses plain-English questions offline, so parse times are absolute figures against the target.
 * For answers, grouped mean and median are also timed in pandas (`groupby(...).mean()/median()`) on the
 * same columns, loaded into memory first on both sides, as a peer for the arithmetic.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CategoricalColumn, NumericColumn, Table } from '../engine/data/table';
import { answerDataQuestion } from '../engine/query/answer-data';
import { queryContextFromTable } from '../engine/query/context';
import { createQueryParser } from '../engine/query/parse';
import { pythonModule, runPython } from './peers';
import { mulberry32 } from '../engine/util/random';

const PARSE_TARGET_MS = 200;
const ANSWER_TARGET_MS = 1000;
const CITIES = ['Lakeside', 'Riverton', 'Springfield', 'Hillview', 'Brookfield', 'Fairview', 'Oakridge', 'Maplewood'];

function syntheticHouses(rows: number): Table {
  const r = mulberry32(7);
  const codes = new Int32Array(rows);
  const sqft = new Float64Array(rows);
  const sqftMissing = new Uint8Array(rows);
  const bedrooms = new Float64Array(rows);
  const age = new Float64Array(rows);
  const garage = new Float64Array(rows);
  const price = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const city = Math.floor(r() * CITIES.length);
    codes[i] = city;
    const s = 600 + r() * 2600;
    sqftMissing[i] = r() < 0.03 ? 1 : 0;
    sqft[i] = sqftMissing[i] === 1 ? Number.NaN : Math.round(s);
    bedrooms[i] = 1 + Math.floor(r() * 5);
    age[i] = Math.floor(r() * 100);
    garage[i] = r() < 0.65 ? 1 : 0;
    price[i] = Math.round(40_000 + 120 * s + 15_000 * city - 600 * (age[i] ?? 0) + 20_000 * (garage[i] ?? 0) + (r() - 0.5) * 60_000);
  }
  const none = new Uint8Array(rows);
  const num = (name: string, values: Float64Array, type: NumericColumn['type'], missing = none): NumericColumn => ({ name, role: 'feature', kind: 'numeric', type, values, missing });
  const city: CategoricalColumn = { name: 'city', role: 'feature', kind: 'categorical', type: 'categorical', codes, categories: CITIES };
  return {
    rowCount: rows,
    columns: [city, num('sqft', sqft, 'float', sqftMissing), num('bedrooms', bedrooms, 'integer'), num('age_years', age, 'float'), num('garage', garage, 'boolean'), num('price', price, 'float', none)],
    partition: null,
    recipe: [],
    sources: [],
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

function timeIt(repeats: number, f: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const PARSE_QUESTIONS = [
  'average price by city',
  'median price of houses with 3 bedrooms in Lakeside built after 2000 with a garage',
  'the 10 most expensive houses in Riverton',
  'is price higher with a garage?',
  'correlation between sqft and price',
  'predict price from sqft, city and age for 200 epochs',
  'what would the price be for a 2000 sqft house in Lakeside with 3 bedrooms',
  'avrage pirce per citty',
];

const ANSWER_QUESTIONS = [
  'average price by city',
  'median price by city',
  'average price by city and garage',
  'how many houses in Lakeside have more than 3 bedrooms and a garage',
  'the 10 most expensive houses',
  'distribution of price',
  'correlation between sqft and price',
  'is price higher with a garage?',
  'which columns have missing values',
];

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(0);
}

async function pandasPeer(table: Table, dir: string): Promise<{ mean: number; median: number } | string> {
  const pandas = await pythonModule('pandas');
  if (!pandas.ok) return `pandas peer not run: ${pandas.missing} is missing`;
  const city = table.columns[0] as CategoricalColumn;
  const price = table.columns[5] as NumericColumn;
  writeFileSync(join(dir, 'city.i32'), new Uint8Array(city.codes.buffer));
  writeFileSync(join(dir, 'price.f64'), new Uint8Array(price.values.buffer));
  const snippet = `
import sys, time, numpy as np, pandas as pd
d = sys.argv[1]
codes = np.fromfile(d + '/city.i32', dtype=np.int32)
price = np.fromfile(d + '/price.f64', dtype=np.float64)
df = pd.DataFrame({'city': pd.Categorical.from_codes(codes, ${JSON.stringify(CITIES)}), 'price': price})
def best(f):
    ts = []
    for _ in range(5):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return sorted(ts)[len(ts) // 2] * 1000
print(best(lambda: df.groupby('city', observed=True)['price'].mean()), best(lambda: df.groupby('city', observed=True)['price'].median()))
`;
  const result = await runPython(snippet, { args: [dir], timeoutMs: 300_000 });
  if (!result.ok) return `pandas peer not run: ${result.missing} is missing`;
  const [mean = Number.NaN, med = Number.NaN] = result.stdout.trim().split(/\s+/).map(Number);
  return { mean, median: med };
}

export async function run(args: string[]): Promise<void> {
  const rowsArg = args.indexOf('--rows');
  const rows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
  console.log(`query bench: ${rows.toLocaleString('en-US')} synthetic house rows (seed 7), Node ${process.version}`);
  const t0 = performance.now();
  const table = syntheticHouses(rows);
  console.log(`  generated in ${fmt(performance.now() - t0)} ms`);

  const contextMs = timeIt(5, () => queryContextFromTable(table, { today: '2025-06-01' }));
  const context = queryContextFromTable(table, { today: '2025-06-01' });
  console.log(`  query context (column names, categories, ranges): ${fmt(contextMs)} ms`);
  const parser = createQueryParser(context);
  for (let i = 0; i < 3; i++) for (const q of PARSE_QUESTIONS) parser.parse(q); // warm up the JIT

  console.log(`\nparse (median of 30; target < ${PARSE_TARGET_MS} ms; no offline peer exists, so absolute figures)`);
  let worstParse = 0;
  for (const q of PARSE_QUESTIONS) {
    const ms = timeIt(30, () => parser.parse(q));
    worstParse = Math.max(worstParse, ms);
    console.log(`  ${fmt(ms).padStart(7)} ms  ${parser.parse(q).kind.padEnd(14)} ${q}`);
  }
  const coldParser = createQueryParser(context);
  const coldMs = timeIt(1, () => coldParser.parse('average price by city'));
  console.log(`  first question on a new parser: ${fmt(coldMs)} ms`);

  // A wide table: 2,000 columns, a quarter of them categorical with 100 values each.
  const wide = createQueryParser({
    rowCount: rows,
    columns: Array.from({ length: 2000 }, (_, i) =>
      i % 4 === 0
        ? { name: `category_${i}_group`, type: 'categorical' as const, categories: Array.from({ length: 100 }, (_, k) => `value${i}x${k}`) }
        : { name: `measure_${i}_reading_cm`, type: 'float' as const, min: 0, max: 100 },
    ),
  });
  for (const q of ['average measure_5_reading_cm by category_4_group', 'avrage measuer 5 reading by categroy 8 group where category_12_group is value12x3']) {
    // The first reading of a word is the expensive one (typo search); later ones hit the parser's cache.
    const first = timeIt(1, () => wide.parse(q));
    const again = timeIt(10, () => wide.parse(q));
    worstParse = Math.max(worstParse, first);
    console.log(`  ${fmt(first).padStart(7)} ms first time, ${fmt(again)} ms again  (2,000-column table) ${q}`);
  }

  console.log(`\nanswer (median of 5; target < ${ANSWER_TARGET_MS} ms)`);
  let worstAnswer = 0;
  const measured = new Map<string, number>();
  for (const q of ANSWER_QUESTIONS) {
    const intent = parser.parse(q);
    if (intent.kind !== 'data-question') {
      console.log(`  (not a data question: ${q} → ${intent.kind})`);
      continue;
    }
    answerDataQuestion(intent, table);
    const ms = timeIt(5, () => answerDataQuestion(intent, table));
    measured.set(q, ms);
    worstAnswer = Math.max(worstAnswer, ms);
    console.log(`  ${fmt(ms).padStart(7)} ms  ${intent.reading}`);
  }

  const dir = mkdtempSync(join(tmpdir(), 'mw-query-bench-'));
  try {
    const peer = await pandasPeer(table, dir);
    console.log('\npeer: pandas groupby on the same in-memory columns (median of 5)');
    if (typeof peer === 'string') console.log(`  ${peer}; Modelwright's absolute figures are above.`);
    else {
      const mean = measured.get('average price by city') ?? Number.NaN;
      const med = measured.get('median price by city') ?? Number.NaN;
      console.log(`  mean by city:   Modelwright ${fmt(mean)} ms, pandas ${fmt(peer.mean)} ms → ${(peer.mean / mean).toFixed(2)}× pandas' speed`);
      console.log(`  median by city: Modelwright ${fmt(med)} ms, pandas ${fmt(peer.median)} ms → ${(peer.median / med).toFixed(2)}× pandas' speed`);
      console.log('  (Modelwright also builds the sentence, table and chart; pandas only computes.)');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\nverdict: slowest parse ${fmt(worstParse)} ms (target ${PARSE_TARGET_MS}) ${worstParse < PARSE_TARGET_MS ? 'OK' : 'MISSED'}; slowest answer ${fmt(worstAnswer)} ms (target ${ANSWER_TARGET_MS}) ${worstAnswer < ANSWER_TARGET_MS ? 'OK' : 'MISSED'}`);
}
