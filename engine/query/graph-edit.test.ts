import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MwError } from '../errors';
import { compile, type SpecLookup } from '../graph/compile';
import { emptyGraph, graphSchema, type Graph } from '../graph/schema';
import { trainParams } from '../ml/train/params';
import { defineSpec, type NodeSpec } from '../nodes/spec';
import { specForKind } from '../nodes/specs';
import { HELD_OUT_CASES, QUERY_CASES } from './cases';
import { DEFAULT_HIDDEN_UNITS } from './parse-build';
import { planGraphEdit } from './graph-edit';
import { applyGraphEdit, graphEditSchema, type BuildModelIntent, type EditGraphIntent, type Intent } from './intent';
import { createQueryParser } from './parse';
import { exampleContext, type ExampleName } from './test-tables';

// Stand-ins for model node kinds not registered yet; Train uses the real Train params schema.
const standIns: Record<string, NodeSpec> = {
  train: defineSpec({ kind: 'train', version: 1, title: 'Train', category: 'Model', icon: 'T', docs: '', inputs: [{ name: 'table', type: 'Table', label: 'Table' }], outputs: [{ name: 'model', type: 'Model', label: 'Model' }], params: trainParams, summary: () => '' }),
  evaluate: defineSpec({ kind: 'evaluate', version: 1, title: 'Evaluate', category: 'Evaluate', icon: 'E', docs: '', inputs: [{ name: 'model', type: 'Model', label: 'Model' }, { name: 'table', type: 'Table', label: 'Table' }], outputs: [{ name: 'metrics', type: 'Metrics', label: 'Metrics' }], params: z.object({}), summary: () => '' }),
  explain: defineSpec({ kind: 'explain', version: 1, title: 'Explain', category: 'Evaluate', icon: 'X', docs: '', inputs: [{ name: 'model', type: 'Model', label: 'Model' }, { name: 'table', type: 'Table', label: 'Table' }], outputs: [{ name: 'metrics', type: 'Metrics', label: 'Metrics' }], params: z.object({}), summary: () => '' }),
};
const lookup: SpecLookup = (kind) => specForKind(kind) ?? standIns[kind];

const parsers = new Map<ExampleName, ReturnType<typeof createQueryParser>>();
function parse(data: ExampleName, q: string): Intent {
  let p = parsers.get(data);
  if (p === undefined) {
    p = createQueryParser(exampleContext(data));
    parsers.set(data, p);
  }
  return p.parse(q);
}

function build(data: ExampleName, q: string, graph: Graph = emptyGraph()): Graph {
  const intent = parse(data, q) as BuildModelIntent;
  return applyGraphEdit(graph, planGraphEdit(intent, graph, { lookup, dataPath: `data/${data}.csv` }));
}

function expectRunnable(graph: Graph): void {
  expect(graphSchema.safeParse(graph).success).toBe(true);
  const result = compile(graph, lookup);
  expect(result.errors).toEqual([]);
  for (const node of graph.nodes) expect(lookup(node.kind)!.params.safeParse(node.params).success, node.id).toBe(true);
  const ids = graph.nodes.map((n) => `${n.position.x},${n.position.y}`);
  expect(new Set(ids).size, 'no two nodes on the same spot').toBe(ids.length);
}

describe('graph edits from build and edit questions', () => {
  it('builds a complete, compiling pipeline from one sentence', () => {
    const graph = build('houses', 'predict price from sqft, city and age');
    expectRunnable(graph);
    expect(graph.nodes.map((n) => n.kind)).toEqual(['csv-source', 'select-columns', 'split', 'train', 'evaluate']);
    const select = graph.nodes.find((n) => n.kind === 'select-columns')!;
    expect(select.params).toMatchObject({ target: 'price', features: ['sqft', 'city', 'age_years'] });
    expect(graph.nodes.find((n) => n.kind === 'csv-source')!.params).toMatchObject({ path: 'data/houses.csv' });
    const xs = graph.nodes.filter((n) => n.kind !== 'evaluate').map((n) => n.position.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('maps model kinds, hidden layers, task and options onto Train and Split params', () => {
    const nn = build('iris', 'classify species using a neural network with two hidden layers');
    expect(nn.nodes.find((n) => n.kind === 'train')!.params).toMatchObject({ model: 'neural-network', task: 'classification', hiddenLayers: [DEFAULT_HIDDEN_UNITS, DEFAULT_HIDDEN_UNITS] });
    expect(trainParams.parse({}).hiddenLayers[0]).toBe(DEFAULT_HIDDEN_UNITS);
    const logistic = build('wine', 'classify cultivar with logistic regression');
    expect(logistic.nodes.find((n) => n.kind === 'train')!.params).toMatchObject({ model: 'linear', task: 'classification' });
    const opts = build('houses', 'predict price, split 80/20');
    expect(opts.nodes.find((n) => n.kind === 'split')!.params).toMatchObject({ test: 0.2, validation: 0 });
    const epochs = build('diabetes', 'predict progression with a neural network with 2 hidden layers of 16 units for 100 epochs');
    expect(epochs.nodes.find((n) => n.kind === 'train')!.params).toMatchObject({ hiddenLayers: [16, 16], epochs: 100 });
    const except = build('breast_cancer', 'use all columns except mean area to predict diagnosis');
    expect(except.nodes.find((n) => n.kind === 'select-columns')!.params).toMatchObject({ target: 'diagnosis', features: [], ignored: ['mean_area'] });
    for (const g of [nn, logistic, opts, epochs, except]) expectRunnable(g);
  });

  it('inserts steps in pipeline order and wires them, keeping the graph runnable', () => {
    let graph = build('houses', 'predict price from sqft and city');
    for (const q of ['one-hot encode city', 'add a step that fills missing values with the median', 'standardize the features', 'keep only houses in Lakeside', 'train for 200 epochs', 'split 70/30', 'ignore listed', 'set the learning rate to 0.01', 'explain the model']) {
      const intent = parse('houses', q) as EditGraphIntent;
      expect(intent.kind, q).toBe('edit-graph');
      const edit = planGraphEdit(intent, graph, { lookup });
      expect(graphEditSchema.safeParse(edit).success).toBe(true);
      graph = applyGraphEdit(graph, edit);
      expectRunnable(graph);
    }
    const order = ['csv-source', 'filter-rows', 'select-columns', 'split', 'impute', 'encode', 'scale', 'train'];
    const byKind = new Map(graph.nodes.map((n) => [n.kind, n]));
    for (let i = 1; i < order.length; i++) {
      const to = byKind.get(order[i]!)!;
      const from = byKind.get(order[i - 1]!)!;
      expect(graph.edges.some((e) => e.from.node === from.id && e.to.node === to.id), `${order[i - 1]} → ${order[i]}`).toBe(true);
      expect(from.position.x).toBeLessThan(to.position.x);
    }
    expect(byKind.get('impute')!.params).toMatchObject({ strategy: 'median' });
    expect(byKind.get('split')!.params).toMatchObject({ test: 0.3, validation: 0 });
    expect(byKind.get('train')!.params).toMatchObject({ epochs: 200, learningRate: 0.01 });
    expect(byKind.get('filter-rows')!.params).toMatchObject({ conditions: [{ column: 'city', op: '=', value: 'Lakeside' }] });
    expect(byKind.get('select-columns')!.params).toMatchObject({ ignored: ['listed'] });
    expect(byKind.has('explain')).toBe(true);
  });

  it('turns every build and edit question of the suite into valid params (or a coded refusal)', () => {
    const base = new Map<ExampleName, Graph>();
    let planned = 0;
    for (const c of [...QUERY_CASES, ...HELD_OUT_CASES]) {
      if (c.expect.kind !== 'build-model' && c.expect.kind !== 'edit-graph') continue;
      const intent = parse(c.data, c.q);
      if (intent.kind !== 'build-model' && intent.kind !== 'edit-graph') continue;
      if (!base.has(c.data)) base.set(c.data, build(c.data, intent.kind === 'build-model' ? c.q : `predict ${exampleContext(c.data).columns.at(-1)!.name}`));
      const start = intent.kind === 'build-model' ? emptyGraph() : base.get(c.data)!;
      try {
        const graph = applyGraphEdit(start, planGraphEdit(intent, start, { lookup, dataPath: `data/${c.data}.csv` }));
        expectRunnable(graph);
        planned++;
      } catch (e) {
        expect(e, c.q).toBeInstanceOf(MwError);
        expect((e as MwError).code, c.q).toBe('MW_QUERY_BAD_VALUE'); // e.g. a random forest before tree models exist on Train
      }
    }
    expect(planned).toBeGreaterThan(40);
  });

  it('sets tree model kinds and Auto on the Train node now that Train offers them', () => {
    const forest = build('houses', 'predict price with a random forest');
    expectRunnable(forest);
    expect(forest.nodes.find((n) => n.kind === 'train')!.params).toMatchObject({ model: 'random-forest' });
    const boosted = build('houses', 'predict price using gradient boosting');
    expect(boosted.nodes.find((n) => n.kind === 'train')!.params).toMatchObject({ model: 'gradient-boosting' });
  });

  it('refuses edits that need a Train node, or data, that is not there', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
        return 'none';
      } catch (e) {
        return e instanceof MwError ? e.code : String(e);
      }
    };
    expect(code(() => planGraphEdit(parse('houses', 'train for 200 epochs') as EditGraphIntent, emptyGraph(), { lookup }))).toBe('MW_QUERY_NOT_UNDERSTOOD');
    expect(code(() => planGraphEdit(parse('houses', 'predict price') as BuildModelIntent, emptyGraph(), { lookup }))).toBe('MW_QUERY_NOT_UNDERSTOOD');
  });
});
