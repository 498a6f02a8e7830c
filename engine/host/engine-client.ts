/**
 * The host's handle on the engine worker thread: starts it (TypeScript sources loaded through tsx),
 * forwards runs, cancels and inspections, and keeps the host whole when the worker dies: the run in
 * progress ends as failed with MW_ENGINE_CRASHED, pending inspections reject, a new worker starts.
 * Nothing else is lost: graphs and projects live in the renderer and on disk, not in the worker.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MwError, type ErrorInfo } from '../errors';
import type { RunEvent } from '../run/events';
import type { DataFileSummary } from './contract';
import type { EngineInspectRequest, EngineRunRequest, FromEngine, ToEngine } from './engine-protocol';

export interface EngineClientOptions {
  /** The worker's entry module; tests pass one that registers extra node kinds. */
  readonly workerUrl?: URL;
  /** Extra Node flags for the worker thread. */
  readonly execArgv?: readonly string[];
  /**
   * A cancelled run normally stops at its next step or batch. A step stuck in a long synchronous
   * computation cannot see the signal, so after this long the worker is terminated and restarted.
   */
  readonly cancelGraceMs?: number;
}

export interface EngineClient {
  /** Starts a run; events arrive through `onEvent`. Throws MW_RUN_BUSY while another run is active. */
  startRun(request: EngineRunRequest): void;
  /** Cancels the run if it is the active one; otherwise does nothing. */
  cancel(runId: string): void;
  inspect(request: EngineInspectRequest): Promise<DataFileSummary>;
  onEvent(listener: (event: RunEvent) => void): () => void;
  readonly activeRunId: string | null;
  /** The TensorFlow.js backend the last run used, or null before a run used one. */
  readonly backend: string | null;
  /** Test hook: makes the worker exit at once, as a native crash would. */
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
}

const defaultWorkerUrl = new URL('./engine-worker.ts', import.meta.url);

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

export function createEngineClient(options: EngineClientOptions = {}): EngineClient {
  const listeners = new Set<(event: RunEvent) => void>();
  const pendingInspects = new Map<number, { resolve: (r: DataFileSummary) => void; reject: (e: MwError) => void }>();
  let nextRequestId = 1;
  let worker: Worker | null = null;
  let ready = false;
  let closing = false;
  let active: ActiveRun | null = null;
  let backend: string | null = null;

  function emit(event: RunEvent): void {
    for (const listener of listeners) listener(event);
  }

  function spawn(): Worker {
    const w = new Worker(workerEntry(options.workerUrl ?? defaultWorkerUrl), { execArgv: [...(options.execArgv ?? [])] });
    worker = w;
    ready = false;
    let lastError: Error | undefined;
    w.on('message', (message: FromEngine) => onMessage(message));
    w.on('error', (error) => {
      lastError = error;
    });
    w.on('exit', (code) => {
      if (worker !== w) return;
      const wasReady = ready;
      worker = null;
      ready = false;
      if (closing) return;
      onWorkerDied(code, lastError);
      // Restart at once after a crash at work; after a failed start, only when next needed (no restart loop).
      if (wasReady) spawn();
    });
    return w;
  }

  function ensureWorker(): Worker {
    return worker ?? spawn();
  }

  function send(message: ToEngine): void {
    ensureWorker().postMessage(message);
  }

  function onMessage(message: FromEngine): void {
    switch (message.type) {
      case 'ready':
        ready = true;
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
        pendingInspects.get(message.requestId)?.resolve(message.result);
        pendingInspects.delete(message.requestId);
        break;
      case 'inspect-error':
        pendingInspects.get(message.requestId)?.reject(new MwError(message.error.code, { message: message.error.message, hint: message.error.hint, location: message.error.location, ...(message.error.details === undefined ? {} : { details: message.error.details }) }));
        pendingInspects.delete(message.requestId);
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

  /** Ends the active run with `error` on the steps it interrupted (events the dead worker still owed). */
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
  }

  function onWorkerDied(code: number, cause: Error | undefined): void {
    const details = { exitCode: code, ...(cause === undefined ? {} : { reason: cause.message }) };
    abandonActive(new MwError('MW_ENGINE_CRASHED', { details }).toInfo(), 'failed');
    for (const pending of pendingInspects.values()) pending.reject(new MwError('MW_ENGINE_CRASHED', { details }));
    pendingInspects.clear();
  }

  // Start the worker now, so the first run does not wait for TypeScript and the node registry to load.
  spawn();

  return {
    startRun(request) {
      if (active !== null) throw new MwError('MW_RUN_BUSY', { details: { activeRunId: active.runId } });
      active = { runId: request.runId, startedAt: Date.now(), sawStart: false, sawFinish: false, runningSteps: new Set() };
      send({ type: 'run', request });
    },
    cancel(runId) {
      const run = active;
      if (run === null || run.runId !== runId || worker === null) return;
      worker.postMessage({ type: 'cancel', runId });
      if (run.cancelTimer !== undefined) return;
      run.cancelTimer = setTimeout(() => {
        if (active !== run || worker === null) return;
        // The step did not notice the signal in time: stop the thread; the cache goes with it.
        const stuck = worker;
        worker = null;
        abandonActive(new MwError('MW_RUN_CANCELLED').toInfo(), 'cancelled');
        void stuck.terminate().then(() => {
          if (!closing && worker === null) spawn();
        });
      }, options.cancelGraceMs ?? 10_000);
    },
    inspect(request) {
      const requestId = nextRequestId++;
      return new Promise<DataFileSummary>((resolve, reject) => {
        pendingInspects.set(requestId, { resolve, reject });
        send({ type: 'inspect', requestId, request });
      });
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
      worker?.postMessage({ type: 'crash' });
    },
    async close() {
      closing = true;
      if (active?.cancelTimer !== undefined) clearTimeout(active.cancelTimer);
      const w = worker;
      worker = null;
      for (const pending of pendingInspects.values()) pending.reject(new MwError('MW_ENGINE_CRASHED', { message: 'The engine was shut down.' }));
      pendingInspects.clear();
      if (w !== null) await w.terminate();
    },
  };
}
