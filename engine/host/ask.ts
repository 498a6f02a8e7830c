/**
 * Answers a plain-text question (issue 7) against a graph and what its runs produced: the table to
 * question, the latest trained model, its metrics and feature importances. Runs where the engine runs
 * (the host's engine worker, or the CLI's process), because tables and models never leave it.
 *
 * Outputs are found by the graph's current cache keys in the output cache, so an answer is about the
 * graph as it is now. When the graph changed since its last run, the worker's memory of that run
 * answers instead and the answer says so. A data question whose table has not been computed yet runs
 * the (cheap) data steps that produce it; the model steps only run when the caller allows it (the CLI),
 * never in the app, where training is the user's Run.
 *
 * The text is only ever parsed into a typed intent; nothing in it is executed.
 */
import { basename } from 'node:path';
import { MwError, toErrorInfo, type ErrorInfo } from '../errors';
import { compile, type PlanStep, type Plan, type SpecLookup } from '../graph/compile';
import type { Graph, GraphNode } from '../graph/schema';
import type { FileAccess } from '../io/files';
import { ensureBackend } from '../ml/backend/select';
import type { InputColumnSchema, ModelBundle } from '../ml/model';
import type { MetricsResult } from '../ml/metrics/types';
import type { NodeDefinition } from '../nodes/node';
import { predictTable } from '../nodes/predict/execute';
import type { PortType } from '../nodes/ports';
import { specForKind } from '../nodes/specs';
import type { NodeOutputs } from '../nodes/values';
import {
  answerDataQuestion,
  answerModelQuestion,
  answerWhatIf,
  createQueryParser,
  modelInfoForQueries,
  planGraphEdit,
  queryContextFromTable,
  type Answer,
  type FeatureImportance,
  type Intent,
  type QueryContext,
  type WhatIfPrediction,
} from '../query/index';
import type { OutputCache } from '../run/cache';
import type { RunEvent } from '../run/events';
import { fingerprintFiles, runGraph } from '../run/run-graph';
import { cellValue, getColumn, type CategoricalColumn, type Column, type NumericColumn, type Table } from '../data/table';
import type { AskData, AskResponse } from './contract';

/** What `ask` gives back (the host adds the history entry). */
export type AskOutcome = Omit<AskResponse, 'entry'>;

export interface AskQuestion {
  readonly graph: Graph;
  readonly text: string;
  /** Question this node's table instead of the graph's data source. */
  readonly nodeId?: string;
}

/** The outputs of the latest run of a project, by node, with the cache key each was computed under. */
export interface RunMemory {
  remember(plan: Plan, outputs: ReadonlyMap<string, NodeOutputs>): void;
  recall(nodeId: string): { readonly cacheKey: string; readonly outputs: NodeOutputs } | undefined;
}

export function createRunMemory(): RunMemory {
  const byNode = new Map<string, { cacheKey: string; outputs: NodeOutputs }>();
  return {
    remember(plan, outputs) {
      for (const step of plan.steps) {
        const out = outputs.get(step.nodeId);
        if (out !== undefined) byNode.set(step.nodeId, { cacheKey: step.cacheKey, outputs: out });
      }
    },
    recall: (nodeId) => byNode.get(nodeId),
  };
}

export interface AskOptions {
  /** File access rooted at the project folder. */
  readonly files: FileAccess;
  readonly cache: OutputCache;
  /** The latest run's outputs (the engine worker keeps them per project). */
  readonly memory?: RunMemory;
  /**
   * Run Train, Evaluate and Explain when a model question finds no model (the CLI, which has no earlier
   * run to use). The app's worker never trains on a question: it answers from the latest run.
   */
  readonly trainIfNeeded?: boolean;
  /** ISO date, to read "built after 2000" as an age. */
  readonly today?: string;
  readonly signal?: AbortSignal;
  /** Events of the steps run to answer (the CLI shows them as progress). */
  readonly onEvent?: (event: RunEvent) => void;
  readonly specs?: SpecLookup;
  readonly definitions?: (kind: string) => NodeDefinition | undefined;
}

/** Node categories whose steps are cheap enough to run for a question (reading and preparing data). */
const CHEAP_CATEGORIES = new Set(['Data', 'Transform']);

interface Found {
  readonly outputs: NodeOutputs;
  /** From the latest run of an earlier version of the graph. */
  readonly stale: boolean;
}

type RunMode = 'never' | 'cheap' | 'always';

export async function ask(question: AskQuestion, options: AskOptions): Promise<AskOutcome> {
  const specs = options.specs ?? specForKind;
  const { graph } = question;
  const { files } = options;
  let fingerprints: Promise<Record<string, string>> | undefined;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  const outputPort = (node: GraphNode, type: PortType): string | undefined => specs(node.kind)?.outputs.find((p) => p.type === type)?.name;

  /** The step computing `nodeId` with the graph's current cache keys, or the errors that stop it compiling. */
  async function stepFor(nodeId: string): Promise<{ step: PlanStep; plan: Plan } | { errors: readonly ErrorInfo[] }> {
    fingerprints ??= fingerprintFiles(graph, files, specs);
    const compiled = compile(graph, specs, { upTo: nodeId, fingerprints: await fingerprints });
    if (!compiled.ok) return { errors: compiled.errors };
    const step = compiled.plan.steps.find((s) => s.nodeId === nodeId);
    if (step === undefined) return { errors: [new MwError('MW_INTERNAL', { message: `Node "${nodeId}" is not in its own plan.` }).toInfo()] };
    return { step, plan: compiled.plan };
  }

  /** A node's outputs: computed for the current graph if they are at hand (or may be run), else the latest run's. */
  async function outputsOf(nodeId: string, mode: RunMode): Promise<Found | { error: ErrorInfo } | undefined> {
    const compiled = await stepFor(nodeId);
    const recalled = options.memory?.recall(nodeId);
    if ('errors' in compiled) {
      const first = compiled.errors[0];
      return recalled !== undefined ? { outputs: recalled.outputs, stale: true } : first === undefined ? undefined : { error: first };
    }
    const cached = options.cache.get(compiled.step.cacheKey);
    if (cached !== undefined) return { outputs: cached, stale: false };
    if (recalled !== undefined && recalled.cacheKey === compiled.step.cacheKey) return { outputs: recalled.outputs, stale: false };
    const cheap = compiled.plan.steps.every((s) => options.cache.get(s.cacheKey) !== undefined || CHEAP_CATEGORIES.has(specs(s.kind)?.category ?? ''));
    if (mode === 'always' || (mode === 'cheap' && cheap)) {
      const outcome = await runGraph(graph, {
        files,
        cache: options.cache,
        upTo: nodeId,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
        specs,
        ...(options.definitions === undefined ? {} : { definitions: options.definitions }),
      });
      if (!outcome.ok) return outcome.errors[0] === undefined ? undefined : { error: outcome.errors[0] };
      options.memory?.remember(outcome.plan, outcome.result.outputs);
      const out = outcome.result.outputs.get(nodeId);
      if (out !== undefined) return { outputs: out, stale: false };
      const failed = outcome.result.errors.get(nodeId) ?? outcome.result.error;
      if (failed !== undefined) return { error: failed };
    }
    return recalled === undefined ? undefined : { outputs: recalled.outputs, stale: true };
  }

  // ── The table to question ──────────────────────────────────────────────────────────────────────
  const notes: string[] = [];
  let data: { table: Table; info: AskData } | undefined;
  let dataError: ErrorInfo | undefined;
  const candidates = tableCandidates(graph, question.nodeId, specs);
  for (const [i, candidate] of candidates.entries()) {
    const found = await outputsOf(candidate.node.id, 'cheap');
    if (found !== undefined && 'outputs' in found) {
      const table = tableIn(found.outputs);
      if (table !== undefined) {
        data = { table, info: { nodeId: candidate.node.id, label: nodeLabel(candidate.node, specs), rows: table.rowCount, stale: found.stale } };
        if (found.stale) notes.push(`The data is from the latest run of ${data.info.label}; the graph has changed since.`);
        break;
      }
    }
    if (found !== undefined && 'error' in found) dataError ??= found.error;
    const next = candidates[i + 1];
    if (candidate.selected && next !== undefined) {
      notes.push(`${nodeLabel(candidate.node, specs)} has no table yet (run it first), so the question was answered over ${nodeLabel(next.node, specs)}.`);
    }
  }

  // ── The latest model and what was measured about it ───────────────────────────────────────────
  const modelNodes = graph.nodes.filter((n) => outputPort(n, 'Model') !== undefined);
  async function findModel(mode: RunMode): Promise<{ node: GraphNode; model: ModelBundle; stale: boolean } | undefined> {
    // Any model already at hand first; only then (CLI) train the first one.
    const order: [GraphNode, RunMode][] = [...modelNodes.map((n): [GraphNode, RunMode] => [n, 'never']), ...(mode === 'always' && modelNodes[0] !== undefined ? [[modelNodes[0], 'always'] as [GraphNode, RunMode]] : [])];
    for (const [node, how] of order) {
      const found = await outputsOf(node.id, how);
      const port = outputPort(node, 'Model');
      const value = found !== undefined && 'outputs' in found && port !== undefined ? found.outputs[port] : undefined;
      if (value?.type === 'Model') return { node, model: value.value, stale: found !== undefined && 'stale' in found && found.stale };
    }
    return undefined;
  }
  let model = await findModel('never');

  const today = options.today;
  const nodeKinds = [...new Set(graph.nodes.map((n) => n.kind))];
  const contextFor = (m: typeof model): QueryContext | null =>
    data === undefined ? null : withGraphTarget(queryContextFromTable(data.table, { nodeKinds, model: m === undefined ? null : modelInfoForQueries(m.model), ...(today === undefined ? {} : { today }) }), graph);
  const emptyContext = (): QueryContext => ({ columns: [], rowCount: 0, nodeKinds, model: model === undefined ? null : modelInfoForQueries(model.model), ...(today === undefined ? {} : { today }) });

  let context = contextFor(model) ?? emptyContext();
  let intent: Intent = createQueryParser(context).parse(question.text);

  const needsModel = (i: Intent) => i.kind === 'model-question' || i.kind === 'what-if';
  if (needsModel(intent) && model === undefined && options.trainIfNeeded === true && modelNodes.length > 0) {
    model = await findModel('always');
    if (model !== undefined) {
      context = contextFor(model) ?? emptyContext();
      intent = createQueryParser(context).parse(question.text);
    }
  }
  const base = { intent, ...(data === undefined ? {} : { data: data.info }) };

  // Without a table only questions about the model can be answered.
  if (data === undefined && intent.kind !== 'model-question') return { ...base, error: dataError ?? noData(graph) };

  try {
    switch (intent.kind) {
      case 'data-question':
        return data === undefined ? base : { ...base, answer: withNotes(answerDataQuestion(intent, data.table), notes) };
      case 'build-model':
      case 'edit-graph': {
        const source = graph.nodes.find((n) => n.kind === 'csv-source');
        const path = source?.params['path'];
        const edit = planGraphEdit(intent, graph, { lookup: specs, ...(typeof path === 'string' ? { dataPath: path } : {}) });
        return { ...base, edit };
      }
      case 'model-question': {
        if (model === undefined) throw noModel(modelNodes.length > 0);
        const mode: RunMode = options.trainIfNeeded === true ? 'always' : 'never';
        const metrics = await evidence(model.node, 'Metrics', mode);
        const importance = intent.topic === 'importance' ? await importanceOf(model.node, mode) : undefined;
        const answer = answerModelQuestion(intent, { metrics: metrics?.value ?? null, importance: importance?.value ?? null });
        const stale = model.stale || metrics?.stale === true || importance?.stale === true;
        return { ...base, answer: withNotes(answer, [...notes, ...(stale ? [STALE_MODEL] : [])]) };
      }
      case 'what-if': {
        const m = model;
        if (m === undefined) throw noModel(modelNodes.length > 0);
        const known = Object.fromEntries(context.columns.filter((c) => c.categories !== undefined).map((c) => [c.name, c.categories ?? []]));
        const answer = await answerWhatIf(intent, m.model, (rows) => predictWith(m.model, rows), known);
        return { ...base, answer: withNotes(answer, [...notes, ...(m.stale ? [STALE_MODEL] : [])]) };
      }
      case 'ambiguity':
      case 'not-understood':
        return base;
    }
  } catch (thrown) {
    return { ...base, error: toErrorInfo(thrown) };
  }

  /** The first node of `type` output reading the model node's Model (Evaluate's metrics). */
  async function evidence(modelNode: GraphNode, type: 'Metrics', mode: RunMode): Promise<{ value: MetricsResult; stale: boolean } | undefined> {
    for (const node of readersOf(modelNode)) {
      const port = outputPort(node, type);
      if (port === undefined) continue;
      const found = await outputsOf(node.id, mode);
      const value = found !== undefined && 'outputs' in found ? found.outputs[port] : undefined;
      if (value?.type === 'Metrics') return { value: value.value, stale: found !== undefined && 'stale' in found && found.stale };
    }
    return undefined;
  }

  /** Permutation importances from an Explain node reading the model node's Model. */
  async function importanceOf(modelNode: GraphNode, mode: RunMode): Promise<{ value: FeatureImportance[]; stale: boolean } | undefined> {
    for (const node of readersOf(modelNode).filter((n) => n.kind === 'explain')) {
      const found = await outputsOf(node.id, mode);
      if (found === undefined || !('outputs' in found)) continue;
      const table = tableIn(found.outputs);
      const value = table === undefined ? undefined : importances(table);
      if (value !== undefined) return { value, stale: found.stale };
    }
    return undefined;
  }

  function readersOf(modelNode: GraphNode): GraphNode[] {
    const port = outputPort(modelNode, 'Model');
    return graph.edges
      .filter((e) => e.from.node === modelNode.id && e.from.port === port)
      .map((e) => byId.get(e.to.node))
      .filter((n): n is GraphNode => n !== undefined);
  }
}

const STALE_MODEL = 'The model is from the latest run; the graph has changed since, so run it again to ask about the graph as it is now.';

function noModel(hasTrainNode: boolean): MwError {
  return new MwError('MW_QUERY_NO_MODEL', {
    message: hasTrainNode ? 'No model has been trained yet: run the graph (its Train node) first, then ask again.' : 'There is no model yet: add one, e.g. “predict price from sqft and city”, then run it.',
  });
}

function noData(graph: Graph): ErrorInfo {
  return new MwError('MW_QUERY_NO_DATA', {
    message: graph.nodes.length === 0 ? 'The canvas is empty: there is no data to ask about yet.' : 'The graph has no data source to ask about yet.',
  }).toInfo();
}

/**
 * The raw table has no roles yet; the target chosen on the canvas (Select Columns) is marked in the
 * parser's view, so suggestions and "predict …" questions default to it.
 */
function withGraphTarget(context: QueryContext, graph: Graph): QueryContext {
  if (context.columns.some((c) => c.role === 'target')) return context;
  const target = graph.nodes.map((n) => (n.kind === 'select-columns' ? n.params['target'] : undefined)).find((t): t is string => typeof t === 'string' && t !== '');
  if (target === undefined || !context.columns.some((c) => c.name === target)) return context;
  return { ...context, columns: context.columns.map((c) => (c.name === target ? { ...c, role: 'target' } : c)) };
}

function withNotes(answer: Answer, notes: readonly string[]): Answer {
  return notes.length === 0 ? answer : { ...answer, notes: [...answer.notes, ...notes] };
}

/** The node's name on the canvas: its label, its data file's name, or its kind's title. */
function nodeLabel(node: GraphNode, specs: SpecLookup): string {
  if (node.label !== undefined && node.label.trim() !== '') return node.label;
  const path = node.params['path'];
  if (typeof path === 'string' && path !== '') return basename(path);
  return specs(node.kind)?.title ?? node.kind;
}

/**
 * Which tables a data question may be answered over, in order: the selected node's (a Table or
 * Predictions output), then the graph's data source: the raw table feeding the first model (walking up
 * its Table inputs to a node with none), else the first node that makes a table from nothing. The raw
 * source is the default because a question names columns as the data file has them; prepared tables
 * have encoded and scaled columns.
 */
export function tableCandidates(graph: Graph, nodeId: string | undefined, specs: SpecLookup): { node: GraphNode; selected: boolean }[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out: { node: GraphNode; selected: boolean }[] = [];
  const selected = nodeId === undefined ? undefined : byId.get(nodeId);
  if (selected !== undefined && specs(selected.kind)?.outputs.some((p) => p.type === 'Table' || p.type === 'Predictions') === true) out.push({ node: selected, selected: true });
  const tableInputs = (n: GraphNode) => specs(n.kind)?.inputs.filter((p) => p.type === 'Table').map((p) => p.name) ?? [];
  const isSource = (n: GraphNode) => (specs(n.kind)?.inputs.length ?? 1) === 0 && specs(n.kind)?.outputs.some((p) => p.type === 'Table') === true;
  const upstreamSource = (start: GraphNode): GraphNode | undefined => {
    const seen = new Set<string>();
    let node: GraphNode | undefined = start;
    while (node !== undefined && !seen.has(node.id)) {
      if (isSource(node)) return node;
      seen.add(node.id);
      const inputs = tableInputs(node);
      const current: GraphNode = node;
      const edge = graph.edges.find((e) => e.to.node === current.id && inputs.includes(e.to.port));
      node = edge === undefined ? undefined : byId.get(edge.from.node);
    }
    return undefined;
  };
  const trainer = graph.nodes.find((n) => specs(n.kind)?.outputs.some((p) => p.type === 'Model') === true);
  const source = (trainer === undefined ? undefined : upstreamSource(trainer)) ?? graph.nodes.find(isSource);
  if (source !== undefined && source !== selected) out.push({ node: source, selected: false });
  return out;
}

/** The first Table among a node's outputs (or the table of its Predictions). */
function tableIn(outputs: NodeOutputs): Table | undefined {
  for (const value of Object.values(outputs)) {
    if (value.type === 'Table') return value.value;
    if (value.type === 'Predictions') return value.value.table;
  }
  return undefined;
}

/** Explain's table (feature, importance, spread) as importances. */
function importances(table: Table): FeatureImportance[] | undefined {
  const feature = getColumn(table, 'feature');
  const mean = getColumn(table, 'importance');
  const spread = getColumn(table, 'spread');
  if (feature === undefined || mean?.kind !== 'numeric') return undefined;
  const out: FeatureImportance[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const name = cellValue(feature, i);
    const m = cellValue(mean, i);
    const s = spread === undefined ? null : cellValue(spread, i);
    if (name === null || typeof m !== 'number') continue;
    out.push({ feature: String(name), mean: m, ...(typeof s === 'number' ? { std: s } : {}) });
  }
  return out;
}

/** Raw input rows as a Table in the model's input schema (null = missing, filled by the recipe). */
export function rowsAsTable(schema: readonly InputColumnSchema[], rows: readonly Record<string, unknown>[]): Table {
  const n = rows.length;
  const columns = schema.map((input): Column => {
    if (input.type === 'categorical' || input.type === 'text' || input.type === 'identifier') {
      const categories: string[] = [];
      const codes = new Int32Array(n);
      rows.forEach((row, i) => {
        const v = row[input.name];
        if (v === null || v === undefined) {
          codes[i] = -1;
          return;
        }
        const text = String(v);
        let code = categories.indexOf(text);
        if (code < 0) code = categories.push(text) - 1;
        codes[i] = code;
      });
      const column: CategoricalColumn = { name: input.name, role: 'feature', kind: 'categorical', type: input.type, codes, categories };
      return column;
    }
    const values = new Float64Array(n);
    const missing = new Uint8Array(n);
    rows.forEach((row, i) => {
      const v = row[input.name];
      const x = v === null || v === undefined ? Number.NaN : typeof v === 'boolean' ? (v ? 1 : 0) : input.type === 'datetime' && typeof v === 'string' ? Date.parse(v) : Number(v);
      values[i] = x;
      missing[i] = Number.isFinite(x) ? 0 : 1;
    });
    const column: NumericColumn = { name: input.name, role: 'feature', kind: 'numeric', type: input.type, values, missing };
    return column;
  });
  return { rowCount: n, columns, partition: null, recipe: [], sources: [] };
}

/** Scores raw rows exactly as the Predict node does (the model's recipe, then its estimator). */
async function predictWith(model: ModelBundle, rows: readonly Record<string, unknown>[]): Promise<WhatIfPrediction[]> {
  if (model.estimator.family === 'network') await ensureBackend();
  const predictions = predictTable(model, rowsAsTable(model.inputSchema, rows), { probabilities: true });
  const table = predictions.table;
  const predicted = getColumn(table, predictions.predictionColumn);
  if (predicted === undefined) throw new MwError('MW_INTERNAL', { message: 'Predict gave no prediction column.' });
  const probability = predictions.probabilityColumns.map((name) => getColumn(table, name));
  return rows.map((_, i): WhatIfPrediction => {
    const value = cellValue(predicted, i);
    if (model.task === 'regression') return typeof value === 'number' ? { value } : {};
    const probabilities: Record<string, number> = {};
    model.classes.forEach((cls, c) => {
      const column = probability[c];
      const p = column === undefined ? null : cellValue(column, i);
      if (typeof p === 'number') probabilities[cls] = p;
    });
    return { ...(value === null ? {} : { label: String(value) }), probabilities };
  });
}
