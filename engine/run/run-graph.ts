/**
 * One entry point from a graph to a finished run, shared by the CLI and the hosts: fingerprints the files
 * the nodes read (SHA-256, so an edited data file invalidates exactly the steps that depend on it),
 * compiles, and executes with the node registry.
 */
import { MwError, type ErrorInfo } from '../errors';
import { compile, validateParams, type Plan, type SpecLookup } from '../graph/compile';
import { parseGraphText } from '../graph/load';
import type { Graph } from '../graph/schema';
import type { FileAccess } from '../io/files';
import type { NodeDefinition } from '../nodes/node';
import { definitionForKind } from '../nodes/registry';
import { specForKind } from '../nodes/specs';
import { createLruCache, type OutputCache } from './cache';
import type { RunEvent } from './events';
import { executePlan, type RunResult } from './executor';
import { summarize } from './summaries';

export interface RunGraphOptions {
  /** File access rooted at the project folder (relative paths in params resolve against it). */
  readonly files: FileAccess;
  /** Keep one cache across runs to reuse unchanged steps; a fresh one is used when omitted. */
  readonly cache?: OutputCache;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
  /** Run only what this node needs. */
  readonly upTo?: string;
  readonly runId?: string;
  readonly artifactsDir?: string;
  readonly runInfo?: Record<string, unknown>;
  readonly now?: () => number;
  /** Registries; the defaults are the built-in node kinds (tests pass their own). */
  readonly specs?: SpecLookup;
  readonly definitions?: (kind: string) => NodeDefinition | undefined;
}

export type RunGraphResult =
  /** The graph does not compile: nothing ran. */
  | { readonly ok: false; readonly errors: readonly ErrorInfo[] }
  | { readonly ok: true; readonly plan: Plan; readonly result: RunResult };

/** Reads and validates a graph file (coded MW_GRAPH_* or MW_FILE_* errors). */
export async function loadGraphFile(files: FileAccess, path: string): Promise<Graph> {
  return parseGraphText(await files.readText(path));
}

/**
 * SHA-256 of the files each node reads (nodes whose spec has `files(params)`), keyed by node id.
 * A file that cannot be read gets a marker instead: the node itself reports the coded error when it runs.
 */
export async function fingerprintFiles(graph: Graph, files: FileAccess, specs: SpecLookup, only?: ReadonlySet<string>): Promise<Record<string, string>> {
  const fingerprints: Record<string, string> = {};
  for (const node of graph.nodes) {
    if (only !== undefined && !only.has(node.id)) continue;
    const spec = specs(node.kind);
    if (spec?.files === undefined) continue;
    const validated = validateParams(node, spec);
    if (!validated.ok) continue;
    const paths = spec.files(validated.params);
    if (paths.length === 0) continue;
    const shas = await Promise.all(
      paths.map(async (p) => {
        try {
          return await files.sha256(p);
        } catch (thrown) {
          return `unreadable:${thrown instanceof MwError ? thrown.code : 'error'}`;
        }
      }),
    );
    fingerprints[node.id] = shas.join(',');
  }
  return fingerprints;
}

export async function runGraph(graph: Graph, options: RunGraphOptions): Promise<RunGraphResult> {
  const specs = options.specs ?? specForKind;
  const compileOptions = options.upTo === undefined ? {} : { upTo: options.upTo };
  // Compile once to learn which nodes run, then fingerprint only their files and compile with the keys.
  const first = compile(graph, specs, compileOptions);
  if (!first.ok) return { ok: false, errors: first.errors };
  const needed = new Set(first.plan.steps.map((s) => s.nodeId));
  const fingerprints = await fingerprintFiles(graph, options.files, specs, needed);
  const compiled = compile(graph, specs, { ...compileOptions, fingerprints });
  if (!compiled.ok) return { ok: false, errors: compiled.errors };

  const result = await executePlan(compiled.plan, {
    runId: options.runId ?? globalThis.crypto.randomUUID(),
    signal: options.signal ?? new AbortController().signal,
    files: options.files,
    cache: options.cache ?? createLruCache(),
    lookup: options.definitions ?? definitionForKind,
    onEvent: options.onEvent ?? (() => undefined),
    summarize,
    ...(options.artifactsDir === undefined ? {} : { artifactsDir: options.artifactsDir }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.runInfo === undefined ? {} : { runInfo: options.runInfo }),
  });
  return { ok: true, plan: compiled.plan, result };
}
