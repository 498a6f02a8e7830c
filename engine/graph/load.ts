/**
 * Loading graph files: parse, check the format version, migrate older versions, validate.
 * Pure: takes text, returns a Graph or throws a coded MwError. File I/O lives in engine/io.
 */
import { MwError } from '../errors';
import { GRAPH_FORMAT, GRAPH_VERSION, graphSchema, type Graph } from './schema';

/** One step per old file version: migrations[v] upgrades a version-v document to v+1. */
const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 0 was the unreleased prototype format: `links` instead of `edges`, no metadata.
  0: (doc) => {
    const { links, ...rest } = doc;
    return { ...rest, version: 1, edges: links ?? [], metadata: doc['metadata'] ?? { name: 'Untitled' } };
  },
};

export function parseGraphText(text: string): Graph {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new MwError('MW_GRAPH_PARSE', { message: `The graph file is not valid JSON: ${(cause as Error).message}`, cause });
  }
  return parseGraphValue(raw);
}

export function parseGraphValue(raw: unknown): Graph {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MwError('MW_GRAPH_INVALID', { message: 'The graph file must contain a JSON object.' });
  }
  let doc = raw as Record<string, unknown>;
  if (doc['format'] !== GRAPH_FORMAT) {
    throw new MwError('MW_GRAPH_INVALID', { message: `The file is not a Modelwright graph (format is ${JSON.stringify(doc['format'])}).`, location: { field: 'format' } });
  }
  const version = doc['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new MwError('MW_GRAPH_UNSUPPORTED_VERSION', { message: `The graph file version ${JSON.stringify(version)} is not supported.`, location: { field: 'version' } });
  }
  if (version > GRAPH_VERSION) {
    throw new MwError('MW_GRAPH_TOO_NEW', { message: `The graph file has version ${version}; this Modelwright reads up to ${GRAPH_VERSION}.`, details: { version } });
  }
  for (let v = version; v < GRAPH_VERSION; v++) {
    const migrate = migrations[v];
    if (migrate === undefined) throw new MwError('MW_GRAPH_UNSUPPORTED_VERSION', { message: `No migration from graph version ${v}.` });
    doc = migrate(doc);
  }
  const parsed = graphSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw new MwError('MW_GRAPH_INVALID', { message: `The graph file is invalid at "${path}": ${issue?.message ?? 'unknown problem'}.`, location: { field: path } });
  }
  return parsed.data;
}

export function serializeGraph(graph: Graph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}
