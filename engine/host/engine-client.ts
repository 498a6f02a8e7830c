/**
 * The host's handle on the engine: starts it (by default a worker thread loading the TypeScript sources
 * through tsx; Electron passes a `spawn` that forks a utility process), forwards runs, cancels and
 * inspections, and keeps the host whole when the engine dies: the run in progress ends as failed with
 * MW_ENGINE_CRASHED, pending inspections reject, a new engine starts. Nothing else is lost: graphs and
 * projects live in the renderer and on disk, not in the engine.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MwError, type ErrorInfo } from '../errors';
import type { RunEvent } from '../run/events';
import type { DataFileSummary } from './contract';
import type { ExportReportResponse, PreviewReportResponse } from '../report/contract';
import type {
  EngineAskRequest,
  EngineAskResult,
  EngineExportReportRequest,
  EngineInspectRequest,
  EngineReportRequest,
  EngineRunRequest,
  FromEngine,
  ToEngine,
} from './engine-protocol';

/** One running engine (a worker thread, a child process…), seen from the host. */
export interface EngineProcess {
  postMessage(message: ToEngine): void;
  onMessage(listener: (message: FromEngine) => void): void;
  /** Called once when the process/thread ends; `error` when it died of an error. */
  onExit(listener: (code: number, error?: Error) => void): void;
  terminate(): void;
}

export interface EngineClientOptions {
  /** Starts an engine; by default a worker thread running `workerUrl` (see workerEngineSpawner). */
  readonly spawn?: () => EngineProcess;
  /** The default worker's entry module; tests pass one that registers extra node kinds. */
  readonly workerUrl?: URL;
  /** Extra Node flags for the default worker thread. */
  readonly execArgv?: readonly string[];
  /**
   * A cancelled run normally stops at its next step or batch. A step stuck in a long synchronous
   * computation cannot see the signal, so after this long the engine is terminated and restarted.
   */
  readonly cancelGraceMs?: number;
  /** Where the message about an engine that stopped unexpectedly goes (Electron main: stderr). */
  readonly log?: (line: string) => void;
}

export interface EngineClient {
  /** Starts a run; events arrive through `onEvent`. Throws MW_RUN_BUSY while another run is active. */
  startRun(request: EngineRunRequest): void;
  /** Cancels the run if it is the active one; otherwise does nothing. */
  cancel(runId: string): void;
  inspect(request: EngineInspectRequest): Promise<DataFileSummary>;
  /** Answers a plain-text question over the graph's data and latest run (engine/host/ask.ts). */
  ask(request: EngineAskRequest): Promise<EngineAskResult>;
  /**
   * Builds the report (a run up to the Report node, `request.runId`, so it is the active run: MW_RUN_BUSY
   * while another runs, cancellable with `cancel`) and returns its HTML.
   */
  previewReport(request: EngineReportRequest): Promise<PreviewReportResponse>;
  /** Builds the report as `previewReport` does and writes it. */
  exportReport(request: EngineExportReportRequest): Promise<ExportReportResponse>;
  onEvent(listener: (event: RunEvent) => void): () => void;
  readonly activeRunId: string | null;
  /** The TensorFlow.js backend the last run used, or null before a run used one. */
  readonly backend: string | null;
  /** Test hook: makes the engine exit at once, as a native crash would. */
  crashForTest(): void;
  close(): Promise<void>;
}

interface ActiveRun {
  readonly runId: string;
  readonly startedAt: number;
  sawStart: boolean;
  sawFinish: boolean;
  /** Steps started and not yet finished, for the failure events a crash leaves owed. */
  readonly runningSteps: Set<string>;
  cancelTimer?: ReturnType<typeof setTimeout>;
  /** A report build: the reply its caller waits for (rejected if the run is abandoned). */
  readonly replyId?: number;
}

/**
 * The URL of tsx's ESM API (`tsx/esm/api`), found through tsx's package.json exports so no internal path
 * is hard-coded.
 */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('tsx/package.json');
  const exportsField = (JSON.parse(readFileSync(packageJson, 'utf8')) as { exports: Record<string, unknown> }).exports['./esm/api'];
  const target = typeof exportsField === 'object' && exportsField !== null ? (exportsField as { import?: unknown }).import : undefined;
  const file = typeof target === 'string' ? target : (target as { default?: unknown } | undefined)?.default;
  if (typeof file !== 'string') throw new Error('tsx/esm/api was not found in tsx\'s package.json exports.');
  return pathToFileURL(join(dirname(packageJson), file)).href;
}

/**
 * Where the worker starts. A `.ts` entry gets a one-line ESM bootstrap that registers tsx's loader inside
 * the worker before importing it: on Node 20, `execArgv: ['--import', 'tsx']` does not reach worker
 * threads (the entry fails with ERR_UNKNOWN_FILE_EXTENSION), while tsx's `register()` API does.
 */
export function workerEntry(entry: URL): URL {
  if (!entry.pathname.endsWith('.ts')) return entry;
  const code = `import { register } from ${JSON.stringify(tsxApiUrl())}; register(); await import(${JSON.stringify(entry.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}


/** The default engine: a worker thread running `workerUrl` (engine-worker.ts unless a test passes its own). */
export function workerEngineSpawner(options: Pick<EngineClientOptions, 'workerUrl' | 'execArgv'> = {}): () => EngineProcess {
  return () => {
    const worker = new Worker(workerEntry(options.workerUrl ?? new URL('./engine-worker.ts', import.meta.url)), { execArgv: [...(options.execArgv ?? [])] });
    let lastError: Error | undefined;
    // Listened to from the start: an 'error' event nobody listens to would throw in the host.
    worker.on('error', (error) => {
      lastError = error;
    });
    return {
      postMessage: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on('message', (message: FromEngine) => listener(message)),
      onExit: (listener) => worker.once('exit', (code) => listener(code, lastError)),
      terminate: () => {
        void worker.terminate();
      },
    };
  };
}

/** An engine the client started, with what the client knows of it. */
interface RunningEngine {
  readonly process: EngineProcess;
  /** It said 'ready' (it loaded), so a crash from now on is worth an immediate restart. */
  ready: boolean;
  /** Settles when the process has ended. */
  readonly ended: Promise<void>;
}

export function createEngineClient(options: EngineClientOptions = {}): EngineClient {
  const spawnProcess = options.spawn ?? workerEngineSpawner(options);
  const log = options.log ?? (() => undefined);
  const listeners = new Set<(event: RunEvent) => void>();
  // Requests answered by one reply (inspections, questions), by request id.
  const pendingReplies = new Map<number, { resolve: (result: unknown) => void; reject: (e: MwError) => void }>();
  let nextRequestId = 1;
  let running: RunningEngine | null = null;
  let closing = false;
  let active: ActiveRun | null = null;
  let backend: string | null = null;

  function emit(event: RunEvent): void {
    for (const listener of listeners) listener(event);
  }

  function start(): RunningEngine {
    const proc = spawnProcess();
    let markEnded = (): void => undefined;
    const engine: RunningEngine = { process: proc, ready: false, ended: new Promise<void>((resolve) => (markEnded = resolve)) };
    running = engine;
    // An engine being stopped (after a cancel that timed out) may still speak: only the current one is heard.
    proc.onMessage((message) => {
      if (running === engine) onMessage(engine, message);
    });
    proc.onExit((code, error) => {
      markEnded();
      if (running !== engine) return;
      running = null;
      if (closing) return;
      const interrupted = active?.runId;
      onDied(code, error);
      log(
        `The engine stopped unexpectedly (exit code ${code}${error === undefined ? '' : `, ${error.message}`})` +
          `${interrupted === undefined ? '' : `; run ${interrupted} was marked failed`}` +
          `${engine.ready ? '; a new engine is starting.' : '; it will start again when needed.'}`,
      );
      // Restart at once after a crash at work; after a failed start, only when next needed (no restart loop).
      if (engine.ready) start();
    });
    return engine;
  }

  function send(message: ToEngine): void {
    (running ?? start()).process.postMessage(message);
  }

  function onMessage(engine: RunningEngine, message: FromEngine): void {
    switch (message.type) {
      case 'ready':
        engine.ready = true;
        break;
      case 'event':
        track(message.event);
        emit(message.event);
        // The run is over for the caller at run-finished: a listener may start the next run right away.
        if (message.event.type === 'run-finished' && active?.runId === message.event.runId) finishActive();
        break;
      case 'run-done':
        if (message.backend !== null) backend = message.backend;
        break;
      case 'inspect-result':
      case 'ask-result':
        pendingReplies.get(message.requestId)?.resolve(message.result);
        pendingReplies.delete(message.requestId);
        break;
      case 'preview-report-result':
      case 'export-report-result':
        pendingReplies.get(message.requestId)?.resolve(message.result);
        pendingReplies.delete(message.requestId);
        break;
      case 'report-error':
        // A build that failed before its run started (no Report node, the graph does not compile) sends
        // no run-finished: the run is over for the client now.
        if (active?.runId === message.runId) finishActive();
        rejectReply(message.requestId, message.error);
        break;
      case 'inspect-error':
      case 'ask-error':
        rejectReply(message.requestId, message.error);
        break;
    }
  }

  function track(event: RunEvent): void {
    if (active === null || event.runId !== active.runId) return;
    if (event.type === 'run-started') active.sawStart = true;
    else if (event.type === 'step-started') active.runningSteps.add(event.nodeId);
    else if (event.type === 'step-finished' || event.type === 'step-failed') active.runningSteps.delete(event.nodeId);
    else if (event.type === 'run-finished') active.sawFinish = true;
  }

  function finishActive(): void {
    if (active?.cancelTimer !== undefined) clearTimeout(active.cancelTimer);
    active = null;
  }

  /** Ends the active run with `error` on the steps it interrupted (events the dead engine still owed). */
  function abandonActive(error: ErrorInfo, status: 'failed' | 'cancelled'): void {
    const run = active;
    if (run === null) return;
    const time = Date.now();
    if (!run.sawStart) emit({ type: 'run-started', runId: run.runId, time, steps: [] });
    for (const nodeId of run.runningSteps) {
      emit({ type: 'step-failed', runId: run.runId, time, nodeId, durationMs: 0, error: { ...error, location: { ...error.location, nodeId } } });
    }
    if (!run.sawFinish) emit({ type: 'run-finished', runId: run.runId, time, status, durationMs: time - run.startedAt, error });
    finishActive();
    if (run.replyId !== undefined) rejectReply(run.replyId, error);
  }

  /** Rejects a pending request with the coded error the engine (or the client) gave. */
  function rejectReply(requestId: number, error: ErrorInfo): void {
    const { code, message, hint, location, details } = error;
    pendingReplies.get(requestId)?.reject(new MwError(code, { message, hint, location, ...(details === undefined ? {} : { details }) }));
    pendingReplies.delete(requestId);
  }

  function onDied(code: number, cause: Error | undefined): void {
    const details = { exitCode: code, ...(cause === undefined ? {} : { reason: cause.message }) };
    abandonActive(new MwError('MW_ENGINE_CRASHED', { details }).toInfo(), 'failed');
    for (const pending of pendingReplies.values()) pending.reject(new MwError('MW_ENGINE_CRASHED', { details }));
    pendingReplies.clear();
  }

  /** A report build is a run (one at a time, cancellable, failed on a crash) answered by one reply. */
  function buildReport<T>(message: Extract<ToEngine, { type: 'preview-report' | 'export-report' }>): Promise<T> {
    if (active !== null) return Promise.reject(new MwError('MW_RUN_BUSY', { details: { activeRunId: active.runId } }));
    const { requestId } = message;
    active = { runId: message.request.runId, startedAt: Date.now(), sawStart: false, sawFinish: false, runningSteps: new Set(), replyId: requestId };
    return new Promise<T>((resolve, reject) => {
      pendingReplies.set(requestId, { resolve: resolve as (result: unknown) => void, reject });
      send(message);
    });
  }

  // Start the engine now, so the first run does not wait for TypeScript and the node registry to load.
  start();

  return {
    startRun(request) {
      if (active !== null) throw new MwError('MW_RUN_BUSY', { details: { activeRunId: active.runId } });
      active = { runId: request.runId, startedAt: Date.now(), sawStart: false, sawFinish: false, runningSteps: new Set() };
      send({ type: 'run', request });
    },
    cancel(runId) {
      const run = active;
      if (run === null || run.runId !== runId || running === null) return;
      running.process.postMessage({ type: 'cancel', runId });
      if (run.cancelTimer !== undefined) return;
      run.cancelTimer = setTimeout(() => {
        if (active !== run || running === null) return;
        // The step did not notice the signal in time: stop the engine (its cache goes with it) and,
        // once it has ended, start a fresh one.
        const stuck = running;
        running = null;
        abandonActive(new MwError('MW_RUN_CANCELLED').toInfo(), 'cancelled');
        stuck.process.terminate();
        void stuck.ended.then(() => {
          if (!closing && running === null) start();
        });
      }, options.cancelGraceMs ?? 10_000);
    },
    inspect(request) {
      const requestId = nextRequestId++;
      return new Promise<DataFileSummary>((resolve, reject) => {
        pendingReplies.set(requestId, { resolve: resolve as (result: unknown) => void, reject });
        send({ type: 'inspect', requestId, request });
      });
    },
    ask(request) {
      const requestId = nextRequestId++;
      return new Promise<EngineAskResult>((resolve, reject) => {
        pendingReplies.set(requestId, { resolve: resolve as (result: unknown) => void, reject });
        send({ type: 'ask', requestId, request });
      });
    },
    previewReport(request) {
      return buildReport<PreviewReportResponse>({ type: 'preview-report', requestId: nextRequestId++, request });
    },
    exportReport(request) {
      return buildReport<ExportReportResponse>({ type: 'export-report', requestId: nextRequestId++, request });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get activeRunId() {
      return active?.runId ?? null;
    },
    get backend() {
      return backend;
    },
    crashForTest() {
      running?.process.postMessage({ type: 'crash' });
    },
    async close() {
      closing = true;
      if (active?.cancelTimer !== undefined) clearTimeout(active.cancelTimer);
      const engine = running;
      running = null;
      for (const pending of pendingReplies.values()) pending.reject(new MwError('MW_ENGINE_CRASHED', { message: 'The engine was shut down.' }));
      pendingReplies.clear();
      if (engine === null) return;
      engine.process.terminate();
      await engine.ended;
    },
  };
}
