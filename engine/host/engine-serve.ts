/**
 * The engine side of the host ↔ engine channel: runs graphs (one output cache kept across runs, so
 * unchanged steps come back `cached`), cancels them, and reads data files for the inspector. Runs in a
 * worker thread (engine-worker.ts) so the host's event loop, and with it the UI, never waits on training.
 */
import { createHash } from 'node:crypto';
import { isMwError, MwError, toErrorInfo, type ErrorInfo } from '../errors';
import { readCsv } from '../data/csv/index';
import type { SpecLookup } from '../graph/compile';
import { createNodeFileAccess } from '../io/node-files';
import type { NodeDefinition } from '../nodes/node';
import { BACKEND_INFO_KEY } from '../ml/backend/step';
import { backendInfoSchema } from '../ml/backend/info';
import { createLruCache } from '../run/cache';
import type { RunEvent } from '../run/events';
import { runGraph } from '../run/run-graph';
import { summarizeTable } from '../run/summaries';
import type { DataFileSummary } from './contract';
import type { EngineInspectRequest, EngineRunRequest, FromEngine, ToEngine } from './engine-protocol';
import { ask, createRunMemory, type RunMemory } from './ask';
import type { FileAccess } from '../io/files';
import { suggestTargets } from './suggest-target';
import type { PdfPrinter } from '../report/pdf';
import { exportReportFromGraph, previewReportFromGraph, type ReportServiceDeps } from '../report/service';
import { isProject } from '../project/project';
import { RunStore } from '../runstore/store';
import { projectRecorder } from '../mlops/recording';
import type { RunRecorder } from '../run/run-graph';

/** The two directions of whatever carries the messages (a worker's parentPort, a utilityProcess port). */
export interface EnginePort {
  postMessage(message: FromEngine): void;
  onMessage(handler: (message: ToEngine) => void): void;
}

export interface EngineServeOptions {
  /** Registries; the defaults are the built-in node kinds (tests add their own). */
  readonly specs?: SpecLookup;
  readonly definitions?: (kind: string) => NodeDefinition | undefined;
  /** Step outputs kept across runs. */
  readonly cacheCapacity?: number;
  /** How the worker dies on the test hook `crash` (the worker entry passes process.exit). */
  readonly crash?: () => void;
  /**
   * Prints report PDFs (browser mode: Chromium through playwright-core). Omitted in Electron, whose main
   * process prints the exported HTML with webContents.printToPDF.
   */
  readonly printer?: PdfPrinter;
}

export function serveEngine(port: EnginePort, options: EngineServeOptions = {}): void {
  const cache = createLruCache(options.cacheCapacity);
  const running = new Map<string, AbortController>();
  // Per project folder: the latest run's outputs (questions about the model use them) and one file
  // access, whose SHA-256 cache saves re-hashing the data on every question.
  const projects = new Map<string, { memory: RunMemory; files: FileAccess }>();
  const project = (baseDir: string) => {
    let p = projects.get(baseDir);
    if (p === undefined) {
      p = { memory: createRunMemory(), files: createNodeFileAccess(baseDir) };
      projects.set(baseDir, p);
      // A few projects at most: the memory holds tables and models.
      if (projects.size > 4) projects.delete(projects.keys().next().value ?? baseDir);
    }
    return p;
  };

  port.onMessage((message) => {
    switch (message.type) {
      case 'run':
        void run(message.request);
        break;
      case 'cancel':
        running.get(message.runId)?.abort();
        break;
      case 'inspect':
        inspect(message.request).then(
          (result) => port.postMessage({ type: 'inspect-result', requestId: message.requestId, result }),
          (thrown: unknown) => port.postMessage({ type: 'inspect-error', requestId: message.requestId, error: toErrorInfo(thrown) }),
        );
        break;
      case 'ask': {
        const { request, requestId } = message;
        const { memory, files } = project(request.baseDir);
        ask(request, {
          files,
          cache,
          memory,
          ...(request.today === undefined ? {} : { today: request.today }),
          ...(options.specs === undefined ? {} : { specs: options.specs }),
          ...(options.definitions === undefined ? {} : { definitions: options.definitions }),
        }).then(
          (result) => port.postMessage({ type: 'ask-result', requestId, result }),
          (thrown: unknown) => port.postMessage({ type: 'ask-error', requestId, error: toErrorInfo(thrown) }),
        );
        break;
      }
      case 'preview-report':
      case 'export-report':
        void report(message);
        break;
      case 'crash':
        (options.crash ?? (() => process.exit(70)))();
        break;
    }
  });

  async function run(request: EngineRunRequest): Promise<void> {
    const { runId } = request;
    const controller = new AbortController();
    running.set(runId, controller);
    const runInfo: Record<string, unknown> = {};
    let started = false;
    let finished = false;
    const t0 = performance.now();
    const emit = (event: RunEvent) => {
      if (event.type === 'run-started') started = true;
      if (event.type === 'run-finished') finished = true;
      port.postMessage({ type: 'event', event });
    };
    // A run that fails before the executor starts (the graph does not compile, a file cannot be
    // fingerprinted) still gets the full event sequence, with the errors on the nodes they concern.
    const failEarly = (errors: readonly ErrorInfo[]) => {
      const time = Date.now();
      if (!started) emit({ type: 'run-started', runId, time, steps: [] });
      const seen = new Set<string>();
      for (const error of errors) {
        const nodeId = error.location.nodeId;
        if (nodeId === undefined || seen.has(nodeId)) continue;
        seen.add(nodeId);
        emit({ type: 'step-failed', runId, time, nodeId, durationMs: 0, error });
      }
      const first = errors[0] ?? new MwError('MW_INTERNAL').toInfo();
      if (!finished) emit({ type: 'run-finished', runId, time, status: 'failed', durationMs: performance.now() - t0, error: first });
    };
    let store: RunStore | null = null;
    try {
      const { memory, files } = project(request.baseDir);
      store = await openRunStore(request.baseDir, (message) => emit({ type: 'log', runId, time: Date.now(), level: 'warn', message }));
      const recorder: RunRecorder | null = store === null ? null : projectRecorder(store, request.baseDir);
      const outcome = await runGraph(request.graph, {
        files,
        cache,
        signal: controller.signal,
        onEvent: emit,
        runId,
        runInfo,
        ...(request.upTo === undefined ? {} : { upTo: request.upTo }),
        ...(options.specs === undefined ? {} : { specs: options.specs }),
        ...(options.definitions === undefined ? {} : { definitions: options.definitions }),
        // Every run of a project is recorded in its run store; its artifacts go to runs/<id>/.
        ...(recorder === null ? {} : { recorder }),
      });
      if (!outcome.ok) failEarly(outcome.errors);
      else memory.remember(outcome.plan, outcome.result.outputs);
    } catch (thrown) {
      failEarly([toErrorInfo(thrown)]);
    } finally {
      store?.close();
      running.delete(runId);
      port.postMessage({ type: 'run-done', runId, backend: backendLabel(runInfo[BACKEND_INFO_KEY]) });
    }
  }

  /**
   * Previews or exports a report: a run up to the Report node with the shared cache (after a run every
   * step is a hit), cancellable like any run by its id; its events go out like a run's.
   */
  async function report(message: Extract<ToEngine, { type: 'preview-report' | 'export-report' }>): Promise<void> {
    const { request, requestId } = message;
    const { runId } = request;
    const controller = new AbortController();
    running.set(runId, controller);
    const deps: ReportServiceDeps = {
      files: project(request.baseDir).files,
      cache,
      signal: controller.signal,
      runId,
      onEvent: (event) => port.postMessage({ type: 'event', event }),
    };
    try {
      if (message.type === 'preview-report') {
        const result = await previewReportFromGraph(request.graph, request.nodeId, deps);
        port.postMessage({ type: 'preview-report-result', requestId, result });
      } else {
        const r = message.request;
        const exportRequest = {
          graph: r.graph,
          format: r.format,
          ...(r.nodeId === undefined ? {} : { nodeId: r.nodeId }),
          ...(r.path === undefined ? {} : { path: r.path }),
          ...(r.projectPath === undefined ? {} : { projectPath: r.projectPath }),
        };
        const result = await exportReportFromGraph(exportRequest, { ...deps, ...(options.printer === undefined ? {} : { printer: options.printer }) });
        port.postMessage({ type: 'export-report-result', requestId, result });
      }
    } catch (thrown) {
      port.postMessage({ type: 'report-error', requestId, runId, error: toErrorInfo(thrown) });
    } finally {
      running.delete(runId);
    }
  }
}

/**
 * The run store of the project a run belongs to, opened for this run (WAL: the host reads the same file
 * meanwhile). Null when the run has no project (an unsaved graph) or the store cannot be written: the run
 * still goes on, unrecorded, and `warn` says why.
 */
async function openRunStore(baseDir: string, warn: (message: string) => void): Promise<RunStore | null> {
  if (!(await isProject(baseDir))) return null;
  let store: RunStore;
  try {
    store = RunStore.open(baseDir);
  } catch (thrown) {
    warn(`This run is not recorded: the run database could not be opened (${toErrorInfo(thrown).message}).`);
    return null;
  }
  if (store.writable) return store;
  warn(`This run is not recorded: ${store.state.problem?.message ?? 'the run database is read-only.'}`);
  store.close();
  return null;
}

/** "wasm (@tensorflow/tfjs-backend-wasm 4.22.0)" from the backend a run recorded, or null if none did. */
function backendLabel(recorded: unknown): string | null {
  const info = backendInfoSchema.safeParse(recorded);
  return info.success ? `${info.data.name} (${info.data.package} ${info.data.version})` : null;
}

/**
 * Reads a data file as the CSV Source node would and summarises it. Content problems (ragged rows, an
 * empty file…) come back in `error` so the caller can still place the node; a missing or unreadable
 * file throws.
 */
export async function inspect(request: EngineInspectRequest): Promise<DataFileSummary> {
  const files = createNodeFileAccess(request.baseDir);
  const { size } = await files.stat(request.path);
  const hash = createHash('sha256');
  let hashedAll = false;
  // Hash the bytes as they stream through the parser, so a large file is read once.
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of files.openRead(request.path)) {
      hash.update(chunk);
      yield chunk;
    }
    hashedAll = true;
  }
  const base = { path: request.path, size };
  try {
    const csv = await readCsv(hashed(), { expectedBytes: size });
    const sha256 = hashedAll ? hash.digest('hex') : await files.sha256(request.path);
    const table = summarizeTable(csv.table);
    return { ...base, sha256, table, error: null, warnings: csv.warnings, suggestedTargets: suggestTargets(table) };
  } catch (thrown) {
    if (!isMwError(thrown) || !thrown.code.startsWith('MW_CSV_')) throw thrown;
    return { ...base, sha256: await files.sha256(request.path), table: null, error: thrown.toInfo(), warnings: [], suggestedTargets: [] };
  }
}
