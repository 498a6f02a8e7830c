/**
 * Small node kinds for compiler and executor tests: they build tiny tables, count their executions and
 * can fail, warn or wait for cancellation on demand. Not used at run time.
 */
import { z } from 'zod';
import { MwError, errorCodeSchema } from '../errors';
import type { Table } from '../data/table';
import type { ModelBundle } from '../ml/model';
import { GRAPH_FORMAT, GRAPH_VERSION, type Graph } from '../graph/schema';
import { defineNode, type NodeDefinition } from '../nodes/node';
import { defineSpec, type NodeSpec } from '../nodes/spec';
import { portValue, requireInput } from '../nodes/values';
import { checkCancelled } from './context';

function column(values: number[]): Table {
  return {
    rowCount: values.length,
    columns: [{ name: 'x', role: 'feature', kind: 'numeric', type: 'float', values: Float64Array.from(values), missing: new Uint8Array(values.length) }],
    partition: null,
    recipe: [],
    sources: [],
  };
}
const valuesOf = (t: Table): number[] => {
  const c = t.columns[0];
  return c?.kind === 'numeric' ? Array.from(c.values) : [];
};

export function makeKinds() {
  /** Node ids in the order their execute functions ran. */
  const calls: string[] = [];
  const source = defineSpec({
    kind: 'source',
    version: 2,
    title: 'Source',
    category: 'Data',
    icon: 's',
    docs: 'Makes a table 0, 1, …, rows − 1.',
    inputs: [],
    outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    params: z.object({ rows: z.number().int().min(1).default(3) }),
    summary: (p) => `${p.rows} rows`,
    // Version 1 called the parameter "n".
    migrate: (params, from) => (from === 1 ? { rows: params['n'] } : params),
    files: () => ['data.csv'],
  });
  const double = defineSpec({
    kind: 'double',
    version: 1,
    title: 'Double',
    category: 'Transform',
    icon: 'd',
    docs: 'Multiplies every value.',
    inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    params: z.object({ factor: z.number().default(2), options: z.object({ rate: z.number().positive().default(1) }).default({ rate: 1 }) }),
    summary: (p) => `× ${p.factor}`,
  });
  const train = defineSpec({
    kind: 'train',
    version: 1,
    title: 'Train',
    category: 'Model',
    icon: 't',
    docs: 'Pretends to train.',
    inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    outputs: [{ name: 'model', type: 'Model', label: 'Model' }],
    params: z.object({}),
    summary: () => '',
  });
  const merge = defineSpec({
    kind: 'merge',
    version: 1,
    title: 'Merge',
    category: 'Transform',
    icon: 'm',
    docs: 'Concatenates two tables; the second is optional.',
    inputs: [
      { name: 'a', type: 'Table', label: 'A' },
      { name: 'b', type: 'Table', label: 'B', optional: true },
    ],
    outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    params: z.object({}),
    summary: () => '',
  });
  const fail = defineSpec({
    kind: 'fail',
    version: 1,
    title: 'Fail',
    category: 'Transform',
    icon: 'f',
    docs: 'Throws the coded error named in its params, or a plain Error when none is named.',
    inputs: [{ name: 'table', type: 'Table', label: 'Table', optional: true }],
    outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    params: z.object({ code: errorCodeSchema.optional() }),
    summary: () => '',
  });
  const wait = defineSpec({
    kind: 'wait',
    version: 1,
    title: 'Wait',
    category: 'Transform',
    icon: 'w',
    docs: 'Works in small slices until the run is cancelled, checking the signal between slices.',
    inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    params: z.object({}),
    summary: () => '',
  });
  const chatty = defineSpec({
    kind: 'chatty',
    version: 1,
    title: 'Chatty',
    category: 'Transform',
    icon: 'c',
    docs: 'Reports progress, a log line and a warning.',
    inputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    outputs: [{ name: 'table', type: 'Table', label: 'Table' }],
    params: z.object({}),
    summary: () => '',
  });

  /** Called by "wait" once it is running, so a test can cancel at that moment. */
  let onWaitStarted: () => void = () => undefined;
  const definitions: NodeDefinition[] = [
    defineNode(source, async (_inputs, p, ctx) => {
      calls.push(ctx.nodeId);
      return { table: portValue('Table', column(Array.from({ length: p.rows }, (_, i) => i))) };
    }),
    defineNode(double, async (inputs, p, ctx) => {
      calls.push(ctx.nodeId);
      return { table: portValue('Table', column(valuesOf(requireInput(inputs, 'table', 'Table')).map((v) => v * p.factor))) };
    }),
    defineNode(train, async (inputs, _p, ctx) => {
      calls.push(ctx.nodeId);
      requireInput(inputs, 'table', 'Table');
      // Only the port type matters to these tests; the model itself is never read.
      return { model: portValue('Model', {} as ModelBundle) };
    }),
    defineNode(merge, async (inputs, _p, ctx) => {
      calls.push(ctx.nodeId);
      const a = valuesOf(requireInput(inputs, 'a', 'Table'));
      const b = inputs['b'] === undefined ? [] : valuesOf(requireInput(inputs, 'b', 'Table'));
      return { table: portValue('Table', column([...a, ...b])) };
    }),
    defineNode(fail, async (_inputs, p, ctx) => {
      calls.push(ctx.nodeId);
      if (p.code === undefined) throw new Error('plain failure');
      throw new MwError(p.code);
    }),
    defineNode(wait, async (inputs, _p, ctx) => {
      calls.push(ctx.nodeId);
      onWaitStarted();
      for (;;) {
        checkCancelled(ctx.signal);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return { table: portValue('Table', requireInput(inputs, 'table', 'Table')) };
    }),
    defineNode(chatty, async (inputs, _p, ctx) => {
      calls.push(ctx.nodeId);
      ctx.emit({ type: 'progress', fraction: 0.5, message: 'half way' });
      ctx.emit({ type: 'log', level: 'info', message: 'hello' });
      ctx.warn(new MwError('MW_TRAIN_TEXT_FEATURE', { location: { column: 'x' } }).toInfo());
      return { table: portValue('Table', requireInput(inputs, 'table', 'Table')) };
    }),
  ];
  const specs = new Map<string, NodeSpec>(definitions.map((d) => [d.spec.kind, d.spec]));
  const defs = new Map(definitions.map((d) => [d.spec.kind, d]));
  return {
    calls,
    specFor: (kind: string) => specs.get(kind),
    definitionFor: (kind: string) => defs.get(kind),
    setOnWaitStarted: (fn: () => void) => {
      onWaitStarted = fn;
    },
  };
}

type NodeLine = readonly [id: string, kind: string, params?: Record<string, unknown>, version?: number];

/** A graph from compact lines: nodes [id, kind, params?, version?] and edges "from.port -> to.port". */
export function graphOf(nodes: readonly NodeLine[], edges: readonly string[] = []): Graph {
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    metadata: { name: 'test' },
    nodes: nodes.map(([id, kind, params, version], i) => ({ id, kind, version: version ?? 1, params: params ?? {}, position: { x: i * 100, y: 0 } })),
    edges: edges.map((e, i) => {
      const [from = '', to = ''] = e.split('->').map((s) => s.trim());
      const [fromNode = '', fromPort = ''] = from.split('.');
      const [toNode = '', toPort = ''] = to.split('.');
      return { id: `e${i + 1}`, from: { node: fromNode, port: fromPort }, to: { node: toNode, port: toPort } };
    }),
  };
}
