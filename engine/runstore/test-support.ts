/**
 * Helpers for run store tests and the runs benchmark: small node kinds that produce a Model (with a training
 * history), Metrics (real Evaluate results from the metrics library) and Predictions, plus the built-in gate,
 * and synthetic finished runs for bulk inserts. Not used at run time.
 */
import { z } from 'zod';
import type { Table } from '../data/table';
import { GRAPH_FORMAT, GRAPH_VERSION, type Graph } from '../graph/schema';
import type { ModelBundle } from '../ml/model';
import { buildRegressionResult } from '../ml/metrics/result';
import type { MetricsResult } from '../ml/metrics/types';
import { gateNode } from '../nodes/gate/execute';
import { defineNode, type NodeDefinition } from '../nodes/node';
import { defineSpec, type NodeSpec } from '../nodes/spec';
import { portValue, requireInput } from '../nodes/values';
import type { BeginRunInput, FinishRunInput } from './store';
import { metricsSummary } from './recorder';

function table(values: number[]): Table {
  return {
    rowCount: values.length,
    columns: [
      { name: 'x', role: 'feature', kind: 'numeric', type: 'float', values: Float64Array.from(values), missing: new Uint8Array(values.length) },
      { name: 'y', role: 'target', kind: 'numeric', type: 'float', values: Float64Array.from(values, (v) => 2 * v + 1), missing: new Uint8Array(values.length) },
    ],
    partition: null,
    recipe: [],
    sources: [],
  };
}

/** A regression Evaluate result whose predictions are off by `noise` (deterministic). */
export function fakeMetrics(noise: number, rows = 40): MetricsResult {
  const yTrue = Float64Array.from({ length: rows }, (_, i) => i);
  const yPred = Float64Array.from(yTrue, (v, i) => v + noise * Math.sin(i * 1.7));
  return buildRegressionResult({ protocol: { kind: 'holdout' }, partitions: { test: { yTrue, yPred }, train: { yTrue, yPred: yTrue } }, bootstrap: { resamples: 20, seed: 1 } });
}

export function fakeModel(epochs: number): ModelBundle {
  return {
    kind: 'linear-regression',
    task: 'regression',
    target: 'y',
    classes: [],
    targetEncoding: { kind: 'value', center: 0, scale: 1 },
    inputSchema: [{ name: 'x', type: 'float' }],
    recipe: [],
    features: { columns: [{ kind: 'numeric', name: 'x', center: 0, scale: 1 }], width: 1 },
    estimator: { family: 'fake', description: 'y = 2x + 1', predict: (x) => Float64Array.from(x.data, (v) => 2 * v + 1) },
    history: Array.from({ length: epochs }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1), valLoss: 1.2 / (i + 1), metric: null, valMetric: null, ms: 3 })),
    metadata: {
      modelwrightVersion: '0.1.0',
      tfjsVersion: '4.22.0',
      backend: { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', version: '4.22.0', tfjsVersion: '4.22.0', tfBackend: 'cpu', forcedBy: null, skipped: [], notes: [] },
      seed: 1,
      params: { epochs },
      dataFingerprint: 'fake',
      sources: [],
      trainRows: 40,
      validationRows: 0,
      validationSource: 'none',
      epochsRun: epochs,
      bestEpoch: epochs,
      stoppedEarly: false,
      trainingMs: 10,
      metricName: 'r2',
      notes: [],
    },
  };
}

/** Test kinds: `rows` (reads data.csv's fingerprint), `fit`, `score`, `predict`, plus the real `gate`. */
export function recorderKinds() {
  const rows = defineSpec({
    kind: 'rows',
    version: 1,
    title: 'Rows',
    category: 'Data',
    icon: 'r',
    docs: 'Makes a small table; declares data.csv as its input file.',
    inputs: [],
    outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    params: z.object({ n: z.number().int().min(1).default(40) }),
    summary: () => '',
    files: () => ['data.csv'],
  });
  const fit = defineSpec({
    kind: 'fit',
    version: 1,
    title: 'Fit',
    category: 'Model',
    icon: 'f',
    docs: 'Pretends to train for some epochs.',
    inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    outputs: [{ name: 'model', type: 'Model', label: 'Model' }],
    params: z.object({ epochs: z.number().int().min(1).default(3), learningRate: z.number().default(0.01) }),
    summary: () => '',
  });
  const score = defineSpec({
    kind: 'score',
    version: 1,
    title: 'Score',
    category: 'Evaluate',
    icon: 's',
    docs: 'Makes an Evaluate result with the given noise.',
    inputs: [{ name: 'model', type: 'Model', label: 'Model' }],
    outputs: [{ name: 'metrics', type: 'Metrics', label: 'Metrics' }],
    params: z.object({ noise: z.number().default(1) }),
    summary: () => '',
  });
  const predict = defineSpec({
    kind: 'predict',
    version: 1,
    title: 'Predict',
    category: 'Evaluate',
    icon: 'p',
    docs: 'Predicts y for the table.',
    inputs: [
      { name: 'model', type: 'Model', label: 'Model' },
      { name: 'table', type: 'Table', label: 'Table' },
    ],
    outputs: [{ name: 'predictions', type: 'Predictions', label: 'Predictions' }],
    params: z.object({}),
    summary: () => '',
  });
  const n = (count: number) => Array.from({ length: count }, (_, i) => i);
  const definitions: NodeDefinition[] = [
    defineNode(rows, async (_i, p) => ({ table: portValue('Table', table(n(p.n))) })),
    defineNode(fit, async (inputs, p, ctx) => {
      requireInput(inputs, 'table', 'Table');
      for (let e = 1; e <= p.epochs; e++) ctx.emit({ type: 'epoch', epoch: e, epochs: p.epochs, loss: 1 / e, ms: 1, samplesPerSecond: 100 });
      ctx.runInfo['backend'] = 'cpu';
      return { model: portValue('Model', fakeModel(p.epochs)) };
    }),
    defineNode(score, async (inputs, p) => {
      requireInput(inputs, 'model', 'Model');
      return { metrics: portValue('Metrics', fakeMetrics(p.noise)) };
    }),
    defineNode(predict, async (inputs) => {
      requireInput(inputs, 'model', 'Model');
      const t = requireInput(inputs, 'table', 'Table');
      return { predictions: portValue('Predictions', { task: 'regression', table: t, target: 'y', classes: [], predictionColumn: 'y', probabilityColumns: [], model: { kind: 'fake', description: 'y = 2x + 1' } }) };
    }),
    gateNode,
  ];
  const specs = new Map<string, NodeSpec>(definitions.map((d) => [d.spec.kind, d.spec]));
  const defs = new Map(definitions.map((d) => [d.spec.kind, d]));
  return { specFor: (kind: string) => specs.get(kind), definitionFor: (kind: string) => defs.get(kind) };
}

/** rows → fit → score (→ gate), rows → predict: a training graph for recorder tests. */
export function trainingGraph(options: { noise?: number; epochs?: number; gate?: Record<string, unknown>; name?: string } = {}): Graph {
  const nodes: Graph['nodes'] = [
    { id: 'data', kind: 'rows', version: 1, params: {}, position: { x: 0, y: 0 } },
    { id: 'train', kind: 'fit', version: 1, params: { epochs: options.epochs ?? 3 }, position: { x: 100, y: 0 } },
    { id: 'evaluate', kind: 'score', version: 1, params: { noise: options.noise ?? 1 }, position: { x: 200, y: 0 } },
    { id: 'predict', kind: 'predict', version: 1, params: {}, position: { x: 200, y: 100 } },
  ];
  const edges: Graph['edges'] = [
    { id: 'e1', from: { node: 'data', port: 'table' }, to: { node: 'train', port: 'table' } },
    { id: 'e2', from: { node: 'train', port: 'model' }, to: { node: 'evaluate', port: 'model' } },
    { id: 'e3', from: { node: 'train', port: 'model' }, to: { node: 'predict', port: 'model' } },
    { id: 'e4', from: { node: 'data', port: 'table' }, to: { node: 'predict', port: 'table' } },
  ];
  if (options.gate !== undefined) {
    nodes.push({ id: 'gate', kind: 'gate', version: 1, params: options.gate, position: { x: 300, y: 0 } });
    edges.push(
      { id: 'e5', from: { node: 'train', port: 'model' }, to: { node: 'gate', port: 'model' } },
      { id: 'e6', from: { node: 'evaluate', port: 'metrics' }, to: { node: 'gate', port: 'metrics' } },
    );
  }
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, metadata: { name: options.name ?? 'test graph' }, nodes, edges };
}

/** A finished run record for bulk inserts (benchmark, list tests): seeded variety of status, metrics and tags. */
export function syntheticRun(i: number, start: number): { begin: BeginRunInput; finish: FinishRunInput } {
  const statuses = ['succeeded', 'succeeded', 'succeeded', 'failed', 'cancelled', 'diverged'] as const;
  const status = statuses[i % statuses.length] ?? 'succeeded';
  const graph = trainingGraph({ noise: 0.5 + (i % 17) / 4, epochs: 1 + (i % 9), name: `variant ${i % 25}` });
  const metrics = status === 'succeeded' ? { evaluate: metricsSummary(fakeMetrics(0.5 + (i % 17) / 4, 20)) } : {};
  const startedAt = start + i * 60_000;
  return {
    begin: {
      id: `run-${String(i).padStart(5, '0')}`,
      name: graph.metadata.name,
      startedAt,
      graph,
      upTo: null,
      inputs: [{ nodeId: 'data', path: 'data.csv', sha256: 'a'.repeat(64) }],
      params: Object.fromEntries(graph.nodes.map((n) => [n.id, { kind: n.kind, label: n.id, params: n.params }])),
    },
    finish: {
      status,
      endedAt: startedAt + 1000 + (i % 13) * 100,
      durationMs: 1000 + (i % 13) * 100,
      steps: graph.nodes.map((n) => ({ nodeId: n.id, kind: n.kind, status: 'done', durationMs: 10, errorCode: null })),
      metrics,
      history: { train: fakeModel(1 + (i % 9)).history.slice() },
      gates: [],
      backend: 'cpu',
      versions: { node: process.versions.node },
      artifacts: [],
      error: null,
    },
  };
}
