import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../graph/compile';
import { parseGraphText } from '../graph/load';
import { emptyGraph, type Graph } from '../graph/schema';
import { createNodeFileAccess } from '../io/node-files';
import { specForKind } from '../nodes/specs';
import { applyGraphEdit } from '../query/index';
import { createLruCache, type OutputCache } from '../run/cache';
import { runGraph } from '../run/run-graph';
import { ask, createRunMemory, rowsAsTable, tableCandidates, type AskOptions } from './ask';
import { askResponseSchema } from './contract';

let dir: string;
const housesCsv = new URL('../../examples/houses.csv', import.meta.url);
const today = '2025-06-01';

const sourceOnly: Graph = {
  ...emptyGraph('Houses'),
  nodes: [{ id: 'houses', kind: 'csv-source', version: 1, params: { path: 'houses.csv' }, position: { x: 0, y: 0 } }],
};

/** The houses example with a quick linear model, so the suite trains in well under a second. */
async function housesExample(): Promise<Graph> {
  const graph = parseGraphText(await readFile(new URL('../../examples/houses.json', import.meta.url), 'utf8'));
  return { ...graph, nodes: graph.nodes.map((n) => (n.kind === 'train' ? { ...n, params: { model: 'linear', epochs: 40 } } : n.kind === 'explain' ? { ...n, params: { repeats: 2 } } : n)) };
}

function options(cache: OutputCache, extra: Partial<AskOptions> = {}): AskOptions {
  return { files: createNodeFileAccess(dir), cache, today, ...extra };
}

/** Mean price per city, computed straight from the CSV text (independent of the engine's reader). */
async function meanPriceByCity(): Promise<Map<string, number>> {
  const [header, ...lines] = (await readFile(housesCsv, 'utf8')).trim().split('\n');
  const cols = (header ?? '').split(',');
  const city = cols.indexOf('city');
  const price = cols.indexOf('price');
  const sums = new Map<string, { s: number; n: number }>();
  for (const line of lines) {
    const cells = line.split(',');
    const c = cells[city] ?? '';
    const p = cells[price] ?? '';
    if (c === '' || p === '') continue;
    const acc = sums.get(c) ?? { s: 0, n: 0 };
    acc.s += Number(p);
    acc.n += 1;
    sums.set(c, acc);
  }
  return new Map([...sums].map(([c, { s, n }]) => [c, s / n]));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mw-ask-'));
  await copyFile(housesCsv, join(dir, 'houses.csv'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('asking a graph', () => {
  it('answers a data question over the source table, reading it first when the graph has not run', async () => {
    const cache = createLruCache();
    const result = askResponseSchema.parse(await ask({ graph: sourceOnly, text: 'average price by city' }, options(cache)));
    expect(result.intent.kind).toBe('data-question');
    expect(result.answer?.reading).toBe('Mean of price, grouped by city, over 2,000 rows');
    expect(result.data).toEqual({ nodeId: 'houses', label: 'houses.csv', rows: 2000, stale: false });
    const expected = await meanPriceByCity();
    const rows = result.answer?.table?.rows ?? [];
    expect(rows.length).toBe(expected.size);
    for (const [city, mean] of rows) expect(mean).toBeCloseTo(expected.get(String(city)) ?? Number.NaN, 6);
    expect(result.answer?.chart).toBeDefined();
  });

  it('offers choices for an ambiguous question and suggestions for one it does not understand', async () => {
    const cache = createLruCache();
    const ambiguous = await ask({ graph: sourceOnly, text: 'houses over 2000' }, options(cache));
    expect(ambiguous.intent.kind).toBe('ambiguity');
    if (ambiguous.intent.kind !== 'ambiguity') return;
    expect(ambiguous.intent.choices.map((c) => c.column)).toEqual(['sqft', 'price']);
    expect(ambiguous.answer).toBeUndefined();
    // Each choice is a question that reads unambiguously.
    const picked = await ask({ graph: sourceOnly, text: ambiguous.intent.choices[0]!.query }, options(cache));
    expect(picked.intent.kind).toBe('data-question');
    const unknown = await ask({ graph: sourceOnly, text: 'what is the weather' }, options(cache));
    expect(unknown.intent.kind).toBe('not-understood');
    if (unknown.intent.kind === 'not-understood') expect(unknown.intent.suggestions).toHaveLength(3);
    // SQL pasted in is read as words, never run.
    const sql = await ask({ graph: sourceOnly, text: "'; DROP TABLE houses; --" }, options(cache));
    expect(sql.answer).toBeUndefined();
    expect(['not-understood', 'ambiguity']).toContain(sql.intent.kind);
  });

  it('plans a build-model edit that, applied, compiles into a runnable pipeline', async () => {
    const result = await ask({ graph: sourceOnly, text: 'predict price from sqft, city and age' }, options(createLruCache()));
    expect(result.intent.kind).toBe('build-model');
    const edit = result.edit;
    expect(edit).toBeDefined();
    if (edit === undefined) return;
    const graph = applyGraphEdit(sourceOnly, edit);
    expect(graph.nodes.map((n) => n.kind)).toEqual(['csv-source', 'select-columns', 'split', 'train', 'evaluate']);
    const compiled = compile(graph, specForKind);
    expect(compiled.errors).toEqual([]);
    expect(graph.nodes.find((n) => n.kind === 'select-columns')?.params).toMatchObject({ target: 'price', features: ['sqft', 'city', 'age_years'] });
  });

  it('says there is no model yet, and no data on an empty canvas', async () => {
    const noModel = await ask({ graph: sourceOnly, text: 'how accurate is the model' }, options(createLruCache()));
    expect(noModel.intent.kind).toBe('model-question');
    expect(noModel.error?.code).toBe('MW_QUERY_NO_MODEL');
    const example = await housesExample();
    const untrained = await ask({ graph: example, text: 'what would the price be for a 2000 sqft house in Lakeside' }, options(createLruCache()));
    expect(untrained.error?.code).toBe('MW_QUERY_NO_MODEL');
    const empty = await ask({ graph: emptyGraph(), text: 'average price' }, options(createLruCache()));
    expect(empty.error?.code).toBe('MW_QUERY_NO_DATA');
  });

  it('answers model questions and what-ifs from the latest run, and says when the graph changed since', async () => {
    const cache = createLruCache();
    const memory = createRunMemory();
    const example = await housesExample();
    const run = await runGraph(example, { files: createNodeFileAccess(dir), cache });
    expect(run.ok && run.result.status).toBe('succeeded');
    if (run.ok) memory.remember(run.plan, run.result.outputs);

    const accuracy = askResponseSchema.parse(await ask({ graph: example, text: 'how accurate is the model' }, options(cache, { memory })));
    expect(accuracy.answer?.sentence).toMatch(/on the test rows/);
    const importance = await ask({ graph: example, text: 'which features matter most' }, options(cache, { memory }));
    expect(importance.answer?.table?.columns).toEqual(['column', 'importance', 'spread']);
    expect(importance.answer?.table?.rows[0]?.[0]).toBe('sqft');

    const whatIf = askResponseSchema.parse(await ask({ graph: example, text: 'what would the price be for a 2000 sqft house in Lakeside with 3 bedrooms' }, options(cache, { memory })));
    expect(whatIf.intent.kind).toBe('what-if');
    expect(whatIf.answer?.sentence).toMatch(/^Predicted price for .*: [\d,.]+\.$/);
    for (const given of ['city = Lakeside', 'sqft = 2,000', 'bedrooms = 3']) expect(whatIf.answer?.sentence).toContain(given);
    expect(whatIf.answer?.notes[0]).toMatch(/Not given: age_years, garage/);
    const bad = await ask({ graph: example, text: 'what would the price be if garage is 2000' }, options(cache, { memory }));
    expect(bad.intent.kind === 'not-understood' && bad.intent.code).toBe('MW_QUERY_BAD_VALUE');

    // An edit after the run: the answer still comes, from the latest run, and says so.
    const edited: Graph = { ...example, nodes: example.nodes.map((n) => (n.kind === 'train' ? { ...n, params: { model: 'linear', epochs: 41 } } : n)) };
    const stale = await ask({ graph: edited, text: 'how accurate is the model' }, options(createLruCache(), { memory }));
    expect(stale.answer?.notes.join(' ')).toMatch(/latest run; the graph has changed since/);
  });

  it('questions the selected node’s table, and falls back to the source when it has not run', async () => {
    const example = await housesExample();
    expect(tableCandidates(example, 'scale', specForKind).map((c) => c.node.id)).toEqual(['scale', 'houses']);
    expect(tableCandidates(example, undefined, specForKind).map((c) => c.node.id)).toEqual(['houses']);
    // Scale is a cheap step: it is computed for the question.
    const scaled = await ask({ graph: example, text: 'how many rows', nodeId: 'scale' }, options(createLruCache()));
    expect(scaled.data?.nodeId).toBe('scale');
    // Explain needs a trained model: the question goes to the source table, and the answer says why.
    const fallback = await ask({ graph: example, text: 'how many rows', nodeId: 'explain' }, options(createLruCache()));
    expect(fallback.data?.nodeId).toBe('houses');
    expect(fallback.answer?.notes.join(' ')).toMatch(/Explain has no table yet/);
  });

  it('builds what-if rows in the model’s input schema, missing values marked', () => {
    const table = rowsAsTable(
      [
        { name: 'city', type: 'categorical' },
        { name: 'sqft', type: 'float' },
        { name: 'garage', type: 'boolean' },
      ],
      [{ city: 'Lakeside', sqft: 2000, garage: null }],
    );
    expect(table.columns.map((c) => c.kind)).toEqual(['categorical', 'numeric', 'numeric']);
    const garage = table.columns[2];
    expect(garage?.kind === 'numeric' && garage.missing[0]).toBe(1);
  });
});
