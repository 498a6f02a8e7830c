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
import type { RunEvent, RunStatus } from './events';
import { executePlan, type RunResult } from './executor';
import { summarize } from './summaries';
import { RUN_LINEAGE_KEY, runLineage } from '../report/lineage';

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
  /** Records the run (e.g. in the project's run store, engine/runstore/recorder.ts). */
  readonly recorder?: RunRecorder;
}

/** What a recorder learns when a compiled run is about to start. */
export interface RecordedRunStart {
  readonly runId: string;
  readonly graph: Graph;
  readonly plan: Plan;
  /** Node id → SHA-256 of the files it reads (comma-joined when several). */
  readonly fingerprints: Readonly<Record<string, string>>;
  readonly upTo: string | undefined;
}

/** How a recorder may amend the run's outcome (e.g. an artifact could not be saved: the run failed). */
export interface RecordedRunEnd {
  readonly status: RunStatus;
  readonly error?: ErrorInfo;
}

/**
 * Plugs into runGraph so every run is recorded. Compile failures are not runs and are not recorded.
 * A recorder must not throw; if it does, the run goes on and a warning is logged.
 */
export interface RunRecorder {
  /** After compiling, before the first step; may choose the run's artifacts folder. */
  begin(start: RecordedRunStart): Promise<{ readonly artifactsDir?: string }>;
  /** Every event except `run-finished`, as it is emitted. */
  event(event: RunEvent): void;
  /** After the last step and before `run-finished` is emitted: saves artifacts, writes the record. */
  finish(outcome: { readonly plan: Plan; readonly result: RunResult; readonly runInfo: Record<string, unknown> }): Promise<RecordedRunEnd>;
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

  const runId = options.runId ?? globalThis.crypto.randomUUID();
  const onEvent = options.onEvent ?? (() => undefined);
  const recorder = options.recorder;
  // One runInfo shared by every step, carrying the run's lineage (graph, its hash, file SHA-256s) for reports.
  const runInfo = options.runInfo ?? {};
  runInfo[RUN_LINEAGE_KEY] = runLineage(runId, graph, fingerprints, new Date());
  if (recorder === undefined) {
    const result = await executePlan(compiled.plan, {
      runId,
      signal: options.signal ?? new AbortController().signal,
      files: options.files,
      cache: options.cache ?? createLruCache(),
      lookup: options.definitions ?? definitionForKind,
      onEvent,
      summarize,
      ...(options.artifactsDir === undefined ? {} : { artifactsDir: options.artifactsDir }),
      ...(options.now === undefined ? {} : { now: options.now }),
      runInfo,
    });
    return { ok: true, plan: compiled.plan, result };
  }
  return runRecorded(graph, compiled.plan, fingerprints, { ...options, runId, onEvent, recorder, runInfo });
}

/** runGraph with a recorder: the recorder sees every event and may amend the outcome before `run-finished`. */
async function runRecorded(
  graph: Graph,
  plan: Plan,
  fingerprints: Record<string, string>,
  options: RunGraphOptions & { readonly runId: string; readonly onEvent: (event: RunEvent) => void; readonly recorder: RunRecorder },
): Promise<RunGraphResult> {
  const { runId, onEvent, recorder } = options;
  // One shared runInfo, so facts nodes record (the backend used…) reach the recorder.
  const runInfo = options.runInfo ?? {};
  const warn = (what: string, thrown: unknown) =>
    onEvent({ type: 'log', runId, time: Date.now(), level: 'warn', message: `The run could not be recorded (${what}): ${thrown instanceof Error ? thrown.message : String(thrown)}` });
  let artifactsDir = options.artifactsDir;
  try {
    const begun = await recorder.begin({ runId, graph, plan, fingerprints, upTo: options.upTo });
    artifactsDir ??= begun.artifactsDir;
  } catch (thrown) {
    warn('start', thrown);
  }
  let finished: Extract<RunEvent, { type: 'run-finished' }> | undefined;
  const result = await executePlan(plan, {
    runId,
    signal: options.signal ?? new AbortController().signal,
    files: options.files,
    cache: options.cache ?? createLruCache(),
    lookup: options.definitions ?? definitionForKind,
    onEvent: (event) => {
      if (event.type === 'run-finished') {
        finished = event;
        return;
      }
      try {
        recorder.event(event);
      } catch (thrown) {
        warn('event', thrown);
      }
      onEvent(event);
    },
    summarize,
    runInfo,
    ...(artifactsDir === undefined ? {} : { artifactsDir }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  let end: RecordedRunEnd = { status: result.status, ...(result.error === undefined ? {} : { error: result.error }) };
  try {
    end = await recorder.finish({ plan, result, runInfo });
  } catch (thrown) {
    warn('finish', thrown);
  }
  const error = end.error ?? result.error;
  onEvent({
    type: 'run-finished',
    runId,
    time: finished?.time ?? Date.now(),
    status: end.status,
    durationMs: finished?.durationMs ?? result.durationMs,
    ...(error === undefined ? {} : { error }),
  });
  const amended: RunResult = { ...result, status: end.status, ...(error === undefined ? {} : { error }) };
  return { ok: true, plan, result: amended };
}
