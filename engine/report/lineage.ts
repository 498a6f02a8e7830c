/**
 * What a run knows about itself, for audit: its id and start time, the graph it ran (with a hash), and the
 * SHA-256 of every file a node read. runGraph puts it in `runInfo[RUN_LINEAGE_KEY]`; the Report node reads
 * it to draw the pipeline and write the lineage section.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { graphSchema, type Graph } from '../graph/schema';
import { stableStringify } from '../util/hash';

export const RUN_LINEAGE_KEY = 'lineage';

export const runLineageSchema = z.object({
  runId: z.string(),
  /** ISO-8601. */
  startedAt: z.string(),
  graph: graphSchema,
  graphHash: z.string(),
  /** Node id → SHA-256 of the files it reads (comma-joined when several). */
  fingerprints: z.record(z.string(), z.string()),
});
export type RunLineage = z.infer<typeof runLineageSchema>;

/**
 * SHA-256 of what makes two graphs compute the same thing: nodes (id, kind, version, params) and edges;
 * positions, labels and metadata do not count. The run store records runs by this same function
 * (engine/runstore/store.ts imports it), so a report's hash finds its run.
 */
export function graphHash(graph: Graph): string {
  const nodes = [...graph.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((n) => ({ id: n.id, kind: n.kind, version: n.version, params: n.params }));
  const edges = graph.edges.map((e) => `${e.from.node}.${e.from.port}>${e.to.node}.${e.to.port}`).sort();
  return createHash('sha256').update(stableStringify({ nodes, edges })).digest('hex');
}

export function runLineage(runId: string, graph: Graph, fingerprints: Readonly<Record<string, string>>, startedAt: Date): RunLineage {
  return { runId, startedAt: startedAt.toISOString(), graph, graphHash: graphHash(graph), fingerprints: { ...fingerprints } };
}

/** The lineage runGraph recorded, or null (a node run outside runGraph, e.g. in a unit test). */
export function lineageOf(runInfo: Readonly<Record<string, unknown>>): RunLineage | null {
  const parsed = runLineageSchema.safeParse(runInfo[RUN_LINEAGE_KEY]);
  return parsed.success ? parsed.data : null;
}
