/**
 * Turns a build or edit intent into a GraphEdit on the open graph: nodes added with parameters that
 * their kind's schema accepts, edges wired by port type, steps inserted in the usual order
 * (source → filter → select columns → split → impute → encode → scale → train → evaluate), and
 * positions laid out left to right. Pure: the caller applies the edit as one undoable command.
 */
import { MwError } from '../errors';
import type { SpecLookup } from '../graph/compile';
import type { Graph, GraphEdge, GraphNode } from '../graph/schema';
import type { NodeSpec } from '../nodes/spec';
import type { PortType } from '../nodes/ports';
import type { BuildModelIntent, EditGraphIntent, EditOp, Filter, GraphEdit, ModelKind, SplitFractions } from './intent';
import { formatValue } from './reading';

export interface GraphEditOptions {
  readonly lookup: SpecLookup;
  /** The data file for a new CSV Source, when the graph has none. */
  readonly dataPath?: string;
}

/** Where each kind sits in a Table pipeline; a new step goes after the last step of lower or equal rank. */
const RANK: Readonly<Record<string, number>> = {
  'csv-source': 0,
  'filter-rows': 1,
  'select-columns': 2,
  split: 3,
  impute: 4,
  encode: 5,
  scale: 6,
};
const TRANSFORM_RANK = 7;
const DX = 240;
const DY = 150;
const ORIGIN = { x: 80, y: 160 };

interface Draft {
  readonly lookup: SpecLookup;
  readonly nodes: Map<string, GraphNode>;
  edges: GraphEdge[];
  readonly added: Set<string>;
  readonly addedEdges: Set<string>;
  readonly removedEdges: Set<string>;
  readonly changed: Set<string>;
  readonly moved: Set<string>;
  readonly said: string[];
}

function spec(d: Draft, kind: string): NodeSpec {
  const s = d.lookup(kind);
  if (s === undefined) throw new MwError('MW_NODE_UNKNOWN_KIND', { message: `This Modelwright has no “${kind}” node yet, so the question cannot be built.`, details: { kind } });
  return s;
}

function port(s: NodeSpec, side: 'inputs' | 'outputs', type: PortType): string | undefined {
  return s[side].find((p) => p.type === type)?.name;
}

/** Validates params with the kind's schema and returns the full params (defaults filled). */
function validParams(d: Draft, kind: string, params: Record<string, unknown>): Record<string, unknown> {
  const parsed = spec(d, kind).params.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MwError('MW_NODE_INVALID_PARAMS', {
      message: `${spec(d, kind).title}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}.`,
      details: { kind, params },
    });
  }
  return parsed.data as Record<string, unknown>;
}

function newId(d: Draft, kind: string): string {
  for (let k = 1; ; k++) {
    const id = `${kind}-${k}`;
    if (!d.nodes.has(id)) return id;
  }
}

function newEdgeId(d: Draft, from: string, to: string): string {
  const base = `e-${from}-${to}`;
  const ids = new Set(d.edges.map((e) => e.id));
  if (!ids.has(base)) return base;
  for (let k = 2; ; k++) if (!ids.has(`${base}-${k}`)) return `${base}-${k}`;
}

function addNode(d: Draft, kind: string, params: Record<string, unknown>, position: { x: number; y: number }): GraphNode {
  const s = spec(d, kind);
  const node: GraphNode = { id: newId(d, kind), kind, version: s.version, params: validParams(d, kind, params), position };
  d.nodes.set(node.id, node);
  d.added.add(node.id);
  d.said.push(`add ${s.title}`);
  return node;
}

function setParams(d: Draft, node: GraphNode, patch: Record<string, unknown>, what: string): void {
  const params = validParams(d, node.kind, { ...node.params, ...patch });
  d.nodes.set(node.id, { ...node, params });
  if (!d.added.has(node.id)) {
    d.changed.add(node.id);
    d.said.push(`set ${spec(d, node.kind).title}: ${what}`);
  }
}

function connect(d: Draft, from: GraphNode, to: GraphNode, type: PortType): void {
  const out = port(spec(d, from.kind), 'outputs', type);
  const inp = port(spec(d, to.kind), 'inputs', type);
  if (out === undefined || inp === undefined) return;
  const edge: GraphEdge = { id: newEdgeId(d, from.id, to.id), from: { node: from.id, port: out }, to: { node: to.id, port: inp } };
  d.edges.push(edge);
  d.addedEdges.add(edge.id);
}

function removeEdge(d: Draft, edge: GraphEdge): void {
  d.edges = d.edges.filter((e) => e !== edge);
  if (d.addedEdges.has(edge.id)) d.addedEdges.delete(edge.id);
  else d.removedEdges.add(edge.id);
}

function moveRight(d: Draft, fromX: number, by: number, except: ReadonlySet<string>): void {
  for (const node of d.nodes.values()) {
    if (except.has(node.id) || node.position.x < fromX) continue;
    d.nodes.set(node.id, { ...node, position: { x: node.position.x + by, y: node.position.y } });
    if (!d.added.has(node.id)) d.moved.add(node.id);
  }
}

function nodesOfKind(d: Draft, kind: string): GraphNode[] {
  return [...d.nodes.values()].filter((n) => n.kind === kind);
}

/** The edge feeding a node's Table input, if any. */
function tableEdgeInto(d: Draft, node: GraphNode): GraphEdge | undefined {
  const inp = port(spec(d, node.kind), 'inputs', 'Table');
  return d.edges.find((e) => e.to.node === node.id && e.to.port === inp);
}

/**
 * The Table pipeline from the first CSV Source: each step's Table output feeding the next step's Table
 * input, until a node that outputs no Table (e.g. Train).
 */
function chain(d: Draft): GraphNode[] {
  const source = nodesOfKind(d, 'csv-source')[0];
  if (source === undefined) return [];
  const out: GraphNode[] = [source];
  const seen = new Set([source.id]);
  for (;;) {
    const last = out[out.length - 1]!;
    const lastOut = port(spec(d, last.kind), 'outputs', 'Table');
    if (lastOut === undefined) break;
    const next = d.edges
      .filter((e) => e.from.node === last.id && e.from.port === lastOut)
      .map((e) => d.nodes.get(e.to.node))
      .find((n): n is GraphNode => n !== undefined && !seen.has(n.id) && d.lookup(n.kind) !== undefined && port(spec(d, n.kind), 'outputs', 'Table') !== undefined && port(spec(d, n.kind), 'inputs', 'Table') !== undefined);
    if (next === undefined) break;
    out.push(next);
    seen.add(next.id);
  }
  return out;
}

function rank(kind: string): number {
  return RANK[kind] ?? TRANSFORM_RANK;
}

/** The next pipeline node reading this node's Table (a transform, or Train), nearest first. */
function consumerOf(d: Draft, node: GraphNode): { edge: GraphEdge; node: GraphNode } | undefined {
  const out = port(spec(d, node.kind), 'outputs', 'Table');
  const found: { edge: GraphEdge; node: GraphNode }[] = [];
  for (const e of d.edges) {
    if (e.from.node !== node.id || e.from.port !== out) continue;
    const to = d.nodes.get(e.to.node);
    if (to !== undefined) found.push({ edge: e, node: to });
  }
  const inPipeline = (n: GraphNode): boolean => n.kind === 'train' || (d.lookup(n.kind) !== undefined && port(spec(d, n.kind), 'outputs', 'Table') !== undefined);
  return found.find((f) => inPipeline(f.node)) ?? found[0];
}

/** Inserts a Table step of `kind` at its place in the pipeline, or returns the existing one. */
function ensureStep(d: Draft, kind: string, params: Record<string, unknown>, options: GraphEditOptions): GraphNode {
  const existing = chain(d).find((n) => n.kind === kind) ?? nodesOfKind(d, kind)[0];
  if (existing !== undefined) return existing;
  const steps = chain(d);
  if (steps.length === 0) {
    if (kind === 'csv-source') throw new MwError('MW_QUERY_NOT_UNDERSTOOD', { message: 'Open a data file first.' });
    ensureSource(d, options);
    return ensureStep(d, kind, params, options);
  }
  const before = [...steps].reverse().find((n) => rank(n.kind) <= rank(kind)) ?? steps[0]!;
  const after = consumerOf(d, before);
  const at = after === undefined ? { x: before.position.x + DX, y: before.position.y } : { ...after.node.position };
  if (after !== undefined) moveRight(d, after.node.position.x, DX, new Set([before.id]));
  const node = addNode(d, kind, params, at);
  // Everything that read `before`'s table (the next step, and Evaluate/Explain) now reads the new step's.
  const beforeOut = port(spec(d, before.kind), 'outputs', 'Table');
  const out = port(spec(d, node.kind), 'outputs', 'Table');
  const readers = d.edges.filter((e) => e.from.node === before.id && e.from.port === beforeOut);
  for (const e of readers) {
    removeEdge(d, e);
    if (out === undefined) continue;
    const edge: GraphEdge = { id: newEdgeId(d, node.id, e.to.node), from: { node: node.id, port: out }, to: e.to };
    d.edges.push(edge);
    d.addedEdges.add(edge.id);
  }
  connect(d, before, node, 'Table');
  return node;
}

function ensureSource(d: Draft, options: GraphEditOptions): GraphNode {
  const existing = nodesOfKind(d, 'csv-source')[0];
  if (existing !== undefined) return existing;
  if (options.dataPath === undefined || options.dataPath === '') {
    throw new MwError('MW_QUERY_NOT_UNDERSTOOD', { message: 'There is no data on the canvas yet; open or drop a CSV file first.' });
  }
  return addNode(d, 'csv-source', { path: options.dataPath }, { ...ORIGIN });
}

function trainNode(d: Draft): GraphNode | undefined {
  return nodesOfKind(d, 'train')[0];
}

function requireTrain(d: Draft, what: string): GraphNode {
  const t = trainNode(d);
  if (t === undefined) {
    throw new MwError('MW_QUERY_NOT_UNDERSTOOD', { message: `There is no Train node to ${what} yet; start with a sentence like “predict <column> from <columns>”.` });
  }
  return t;
}

/** Train params for a model kind (linear and logistic regression are the Train node's "linear" model). */
function modelParams(d: Draft, kind: ModelKind, hiddenLayers: readonly number[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (kind === 'linear' || kind === 'logistic') out['model'] = 'linear';
  else out['model'] = kind;
  if (kind === 'logistic') out['task'] = 'classification';
  if (hiddenLayers !== undefined) out['hiddenLayers'] = [...hiddenLayers];
  const train = spec(d, 'train');
  if (out['model'] !== undefined && !train.params.safeParse(out).success) {
    throw new MwError('MW_QUERY_BAD_VALUE', { message: `${String(out['model'])} models are not available on the Train node of this Modelwright.`, details: { modelKind: kind } });
  }
  return out;
}

function splitParams(current: Record<string, unknown>, f: SplitFractions): Record<string, unknown> {
  const curTest = typeof current['test'] === 'number' ? current['test'] : 0.2;
  const curVal = typeof current['validation'] === 'number' ? current['validation'] : 0.1;
  let test = f.test;
  let validation = f.validation;
  if (f.train !== undefined) {
    if (test !== undefined && validation === undefined) validation = Math.max(0, 1 - f.train - test);
    else if (test === undefined && validation !== undefined) test = 1 - f.train - validation;
    else if (test === undefined && validation === undefined) {
      validation = Math.min(curVal, 1 - f.train);
      test = 1 - f.train - validation;
      if (test <= 0) {
        validation = 0;
        test = 1 - f.train;
      }
    }
  }
  test ??= curTest;
  validation ??= curVal;
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  if (!(test > 0) || test + validation >= 1) {
    throw new MwError('MW_SPLIT_FRACTIONS', { message: `A split of test ${formatValue(test)} and validation ${formatValue(validation)} leaves no training rows.` });
  }
  return { test: round(test), validation: round(validation) };
}

const FILTER_OPS: Readonly<Record<Filter['op'], string>> = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=', in: 'in', missing: 'is missing', present: 'is not missing' };

function filterText(v: Filter['value']): string {
  if (v === null || Array.isArray(v)) return '';
  return typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
}

function filterConditions(filters: readonly Filter[]): Record<string, unknown>[] {
  return filters.map((f) => ({
    column: f.column,
    op: FILTER_OPS[f.op],
    value: filterText(f.value),
    values: Array.isArray(f.value) ? f.value.map((v) => filterText(v)) : [],
  }));
}

function columnList(current: unknown): string[] {
  return Array.isArray(current) ? current.filter((c): c is string => typeof c === 'string') : [];
}

function applyOp(d: Draft, op: EditOp, options: GraphEditOptions): void {
  switch (op.op) {
    case 'impute': {
      const params: Record<string, unknown> = {};
      if (op.strategy !== undefined) params['strategy'] = op.strategy;
      if (op.columns !== undefined) params['columns'] = op.columns;
      if (op.value !== undefined) {
        if (typeof op.value === 'number') params['fillNumber'] = op.value;
        else params['fillText'] = String(op.value);
      }
      const existing = nodesOfKind(d, 'impute')[0];
      if (existing === undefined) ensureStep(d, 'impute', params, options);
      else setParams(d, existing, params, Object.entries(params).map(([k, v]) => `${k} ${formatValue(v as string)}`).join(', '));
      return;
    }
    case 'scale':
    case 'encode': {
      const existing = nodesOfKind(d, op.op)[0];
      if (existing === undefined) ensureStep(d, op.op, { method: op.method }, options);
      else setParams(d, existing, { method: op.method }, `method ${op.method}`);
      return;
    }
    case 'split': {
      const existing = nodesOfKind(d, 'split')[0];
      if (existing === undefined) ensureStep(d, 'split', splitParams({}, op.fractions), options);
      else {
        const p = splitParams(existing.params, op.fractions);
        setParams(d, existing, p, `test ${formatValue(p['test'] as number)}, validation ${formatValue(p['validation'] as number)}`);
      }
      return;
    }
    case 'filter': {
      const existing = nodesOfKind(d, 'filter-rows')[0];
      const conditions = filterConditions(op.filters);
      if (existing === undefined) ensureStep(d, 'filter-rows', { conditions, combine: 'all' }, options);
      else setParams(d, existing, { conditions: [...(Array.isArray(existing.params['conditions']) ? (existing.params['conditions'] as unknown[]) : []), ...conditions] }, 'more conditions');
      return;
    }
    case 'ignore-columns':
    case 'target': {
      const select = ensureStep(d, 'select-columns', {}, options);
      if (op.op === 'target') setParams(d, select, { target: op.column }, `target ${op.column}`);
      else {
        const ignored = [...new Set([...columnList(select.params['ignored']), ...op.columns])];
        const features = columnList(select.params['features']).filter((c) => !op.columns.includes(c));
        setParams(d, select, { ignored, features }, `ignore ${op.columns.join(', ')}`);
      }
      return;
    }
    case 'epochs':
      setParams(d, requireTrain(d, 'set epochs on'), { epochs: op.epochs }, `epochs ${op.epochs}`);
      return;
    case 'learning-rate':
      setParams(d, requireTrain(d, 'set the learning rate of'), { learningRate: op.value }, `learning rate ${op.value}`);
      return;
    case 'batch-size':
      setParams(d, requireTrain(d, 'set the batch size of'), { batchSize: op.value }, `batch size ${op.value}`);
      return;
    case 'model': {
      const train = requireTrain(d, 'change');
      setParams(d, train, modelParams(d, op.modelKind, op.hiddenLayers), `model ${op.modelKind}${op.hiddenLayers === undefined ? '' : ` (${op.hiddenLayers.join(', ')})`}`);
      return;
    }
    case 'evaluate':
    case 'explain':
      ensureScorer(d, op.op, requireTrain(d, `${op.op}`));
      return;
  }
}

/** An Evaluate or Explain node reading the Train node's model and the table it was trained on. */
function ensureScorer(d: Draft, kind: 'evaluate' | 'explain', train: GraphNode): GraphNode | undefined {
  if (d.lookup(kind) === undefined) return undefined;
  const existing = nodesOfKind(d, kind)[0];
  if (existing !== undefined) return existing;
  const y = kind === 'evaluate' ? train.position.y : train.position.y + DY;
  const node = addNode(d, kind, {}, { x: train.position.x + DX, y });
  connect(d, train, node, 'Model');
  const tableFrom = tableEdgeInto(d, train);
  const source = tableFrom === undefined ? undefined : d.nodes.get(tableFrom.from.node);
  if (source !== undefined) connect(d, source, node, 'Table');
  return node;
}

function buildModel(d: Draft, intent: BuildModelIntent, options: GraphEditOptions): void {
  ensureSource(d, options);
  const select = ensureStep(d, 'select-columns', {}, options);
  setParams(d, select, { target: intent.target, features: intent.features ?? [], ignored: intent.allExcept }, `target ${intent.target}`);
  if (nodesOfKind(d, 'split').length === 0) ensureStep(d, 'split', {}, options);
  for (const op of intent.options) if (op.op !== 'epochs' && op.op !== 'learning-rate' && op.op !== 'batch-size' && op.op !== 'model') applyOp(d, op, options);
  const params: Record<string, unknown> = { ...modelParams(d, intent.modelKind, intent.hiddenLayers) };
  if (intent.task !== undefined) params['task'] = intent.task;
  for (const op of intent.options) {
    if (op.op === 'epochs') params['epochs'] = op.epochs;
    if (op.op === 'learning-rate') params['learningRate'] = op.value;
    if (op.op === 'batch-size') params['batchSize'] = op.value;
  }
  let train = trainNode(d);
  const steps = chain(d);
  const end = steps[steps.length - 1]!;
  if (train === undefined) {
    train = addNode(d, 'train', params, { x: end.position.x + DX, y: end.position.y });
    connect(d, end, train, 'Table');
  } else {
    // Nothing said about the model: the Train node keeps its settings (and is not listed as changed).
    if (Object.keys(params).length > 0) setParams(d, train, params, Object.keys(params).join(', '));
    if (tableEdgeInto(d, train) === undefined) connect(d, end, train, 'Table');
  }
  ensureScorer(d, 'evaluate', train);
}

/** Plans the edit for a build or edit intent. Throws MwError when it cannot be done on this graph. */
export function planGraphEdit(intent: BuildModelIntent | EditGraphIntent, graph: Graph, options: GraphEditOptions): GraphEdit {
  const d: Draft = {
    lookup: options.lookup,
    nodes: new Map(graph.nodes.map((n) => [n.id, n])),
    edges: [...graph.edges],
    added: new Set(),
    addedEdges: new Set(),
    removedEdges: new Set(),
    changed: new Set(),
    moved: new Set(),
    said: [],
  };
  if (intent.kind === 'build-model') buildModel(d, intent, options);
  else for (const op of intent.edits) applyOp(d, op, options);
  const addNodes = [...d.added].map((id) => d.nodes.get(id)!);
  return {
    summary: d.said.length === 0 ? 'Nothing to change.' : `${d.said.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()),
    addNodes,
    addEdges: d.edges.filter((e) => d.addedEdges.has(e.id)),
    removeEdges: [...d.removedEdges],
    setParams: [...d.changed].map((id) => ({ nodeId: id, params: d.nodes.get(id)!.params })),
    moveNodes: [...d.moved].filter((id) => !d.added.has(id)).map((id) => ({ nodeId: id, position: d.nodes.get(id)!.position })),
  };
}
