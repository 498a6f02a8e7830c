/**
 * "Export report" on a graph without a Report node: adds one, wired the way a user would wire it. The
 * Evaluate node's metrics; the model it scored; the table after Split (values as read, with the
 * partition) to profile; an Explain node and a Predict node fed by the same model, when there are any.
 * Used by `modelwright report` and, through the host, by the canvas toolbar.
 */
import { MwError } from '../errors';
import type { Graph, GraphEdge, GraphNode, PortRef } from '../graph/schema';
import { reportParams, type ReportParams } from './params';

export interface ReportWiring {
  readonly graph: Graph;
  /** The Report node to run and export. */
  readonly nodeId: string;
  /** Whether the node was added (false: the graph already had it). */
  readonly added: boolean;
}

function inputOf(graph: Graph, nodeId: string, port: string): PortRef | undefined {
  return graph.edges.find((e) => e.to.node === nodeId && e.to.port === port)?.from;
}

function unique(taken: ReadonlySet<string>, base: string): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The output of the Split node upstream of `from` (following table inputs), or `from` itself. */
function profiledTable(graph: Graph, from: PortRef): PortRef {
  const seen = new Set<string>();
  let at: PortRef | undefined = from;
  while (at !== undefined && !seen.has(at.node)) {
    seen.add(at.node);
    const node = graph.nodes.find((n) => n.id === at!.node);
    if (node?.kind === 'split') return at;
    at = inputOf(graph, at.node, 'table');
  }
  return from;
}

/**
 * The graph with a Report node to export: `nodeId` if given (it must be a Report node), else the first
 * Report node, else a new one wired to the first Evaluate node. MW_REPORT_NOT_FOUND when there is neither.
 */
export function withReportNode(graph: Graph, options: { nodeId?: string; params?: Partial<ReportParams> } = {}): ReportWiring {
  if (options.nodeId !== undefined) {
    const node = graph.nodes.find((n) => n.id === options.nodeId);
    if (node?.kind !== 'report') throw new MwError('MW_REPORT_NOT_FOUND', { message: `The graph has no Report node "${options.nodeId}".`, location: { nodeId: options.nodeId } });
    return { graph: withParams(graph, node.id, options.params), nodeId: node.id, added: false };
  }
  const existing = graph.nodes.find((n) => n.kind === 'report');
  if (existing !== undefined) return { graph: withParams(graph, existing.id, options.params), nodeId: existing.id, added: false };
  const evaluate = graph.nodes.find((n) => n.kind === 'evaluate');
  if (evaluate === undefined) throw new MwError('MW_REPORT_NOT_FOUND', { message: 'The graph has neither a Report node nor an Evaluate node to report on.' });

  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const id = unique(nodeIds, 'report');
  const edges: GraphEdge[] = [];
  const connect = (from: PortRef, port: string) => {
    const edgeId = unique(edgeIds, `${id}-${port}`);
    edgeIds.add(edgeId);
    edges.push({ id: edgeId, from: { ...from }, to: { node: id, port } });
  };
  connect({ node: evaluate.id, port: 'metrics' }, 'metrics');
  const model = inputOf(graph, evaluate.id, 'model');
  const table = inputOf(graph, evaluate.id, 'table');
  if (model !== undefined) {
    connect(model, 'model');
    const sameModel = (n: GraphNode) => {
      const m = inputOf(graph, n.id, 'model');
      return m !== undefined && m.node === model.node && m.port === model.port;
    };
    const explain = graph.nodes.find((n) => n.kind === 'explain' && sameModel(n));
    if (explain !== undefined) connect({ node: explain.id, port: 'importance' }, 'importance');
    const predict = graph.nodes.find((n) => n.kind === 'predict' && sameModel(n));
    if (predict !== undefined) connect({ node: predict.id, port: 'predictions' }, 'predictions');
  }
  if (table !== undefined) connect(profiledTable(graph, table), 'table');
  const params = reportParams.parse({ title: graph.metadata.name, ...options.params });
  const node: GraphNode = { id, kind: 'report', version: 1, params, position: { x: evaluate.position.x + 260, y: evaluate.position.y }, label: 'Report' };
  return { graph: { ...graph, nodes: [...graph.nodes, node], edges: [...graph.edges, ...edges] }, nodeId: id, added: true };
}

function withParams(graph: Graph, nodeId: string, params: Partial<ReportParams> | undefined): Graph {
  if (params === undefined || Object.keys(params).length === 0) return graph;
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, ...params } } : n)) };
}
