/**
 * Test support: the example graphs with quick training settings, run up to a Report node with the real
 * registry, and helpers that read a rendered report back (parse5 errors, resource URLs, data values).
 * Not used by the app.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'parse5';
import type { Graph } from '../graph/schema';
import { parseGraphValue } from '../graph/load';
import type { FileAccess } from '../io/files';
import type { NodeOutputs } from '../nodes/values';
import { runGraph } from '../run/run-graph';
import { withReportNode } from './auto-wire';
import type { ReportDocument } from './document';
import type { ReportParams } from './params';

export const examplesDir = join(import.meta.dirname, '../../examples');

/** An example graph with a small network and few epochs/resamples, so a test trains in about a second. */
export function quickExample(name: 'houses' | 'breast-cancer'): Graph {
  const graph = parseGraphValue(JSON.parse(readFileSync(join(examplesDir, `${name}.json`), 'utf8')));
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      if (n.kind === 'train') return { ...n, params: { ...n.params, model: 'neural-network', epochs: 12, hiddenLayers: [12] } };
      if (n.kind === 'evaluate') return { ...n, params: { ...n.params, resamples: 200 } };
      if (n.kind === 'explain') return { ...n, params: { ...n.params, repeats: 2 } };
      return n;
    }),
  };
}

/**
 * Adds a Predict node on the graph's CSV Source, fed by its Train node (predictions for the report), and
 * connects it to the graph's Report node when it has one, as a user would.
 */
export function withPredict(graph: Graph): Graph {
  const source = graph.nodes.find((n) => n.kind === 'csv-source');
  const train = graph.nodes.find((n) => n.kind === 'train');
  if (source === undefined || train === undefined) throw new Error('the graph needs a CSV Source and a Train node');
  const report = graph.nodes.find((n) => n.kind === 'report');
  return {
    ...graph,
    nodes: [...graph.nodes, { id: 'predict', kind: 'predict', version: 1, params: {}, position: { x: 0, y: 200 } }],
    edges: [
      ...graph.edges,
      { id: 'predict-model', from: { node: train.id, port: 'model' }, to: { node: 'predict', port: 'model' } },
      { id: 'predict-table', from: { node: source.id, port: 'table' }, to: { node: 'predict', port: 'table' } },
      ...(report === undefined ? [] : [{ id: 'predict-report', from: { node: 'predict', port: 'predictions' }, to: { node: report.id, port: 'predictions' } }]),
    ],
  };
}

/** The graph without its Report nodes (and their edges), as before a report was added. */
export function withoutReport(graph: Graph): Graph {
  const gone = new Set(graph.nodes.filter((n) => n.kind === 'report').map((n) => n.id));
  return { ...graph, nodes: graph.nodes.filter((n) => !gone.has(n.id)), edges: graph.edges.filter((e) => !gone.has(e.to.node) && !gone.has(e.from.node)) };
}

export interface ReportRun {
  readonly graph: Graph;
  readonly nodeId: string;
  readonly document: ReportDocument;
  readonly outputs: ReadonlyMap<string, NodeOutputs>;
  readonly runId: string;
}

/** Runs the graph up to its (possibly added) Report node. */
export async function runReport(graph: Graph, files: FileAccess, params: Partial<ReportParams> = {}): Promise<ReportRun> {
  const wiring = withReportNode(graph, { params });
  const outcome = await runGraph(wiring.graph, { files, upTo: wiring.nodeId, runId: 'test-run' });
  if (!outcome.ok) throw new Error(outcome.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
  const value = outcome.result.outputs.get(wiring.nodeId)?.['report'];
  if (value?.type !== 'Report') throw new Error(`no report: ${JSON.stringify(outcome.result.error)}`);
  return { graph: wiring.graph, nodeId: wiring.nodeId, document: value.value, outputs: outcome.result.outputs, runId: 'test-run' };
}

/** HTML parse errors as parse5 (the WHATWG parsing algorithm) reports them. */
export function htmlParseErrors(html: string): string[] {
  const errors: string[] = [];
  parse(html, { onParseError: (e) => errors.push(`${e.code} at ${e.startOffset}`) });
  return errors;
}

/** Every URL the page could load or link to: src/href/action/poster/srcset/data attributes, CSS url() and @import. */
export function resourceReferences(html: string): string[] {
  const refs: string[] = [];
  for (const m of html.matchAll(/\s(?:src|href|xlink:href|action|formaction|poster|srcset|data|background)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)) refs.push(m[1]!.replace(/^["']|["']$/g, ''));
  for (const m of html.matchAll(/url\(\s*([^)]*)\)/gi)) refs.push(m[1]!.trim().replace(/^["']|["']$/g, ''));
  for (const m of html.matchAll(/@import\s+([^;]+)/gi)) refs.push(m[1]!.trim());
  return refs;
}

/** `data-value` numbers of the cells of a table's row, by the row's key (`data-key`). */
export function rowValues(html: string, table: string, key: string): number[] {
  const start = html.indexOf(`data-table="${table}"`);
  if (start < 0) return [];
  const end = html.indexOf('</table>', start);
  const body = html.slice(start, end);
  const row = body.match(new RegExp(`<tr data-key="${key}">(.*?)</tr>`, 's'))?.[1] ?? '';
  return [...row.matchAll(/data-value="([^"]+)"/g)].map((m) => Number(m[1]));
}
