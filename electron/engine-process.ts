/**
 * The engine in its own OS process: an EngineClient (engine/host/engine-client.ts's interface) over
 * any message-passing child, and the Electron `utilityProcess` that main uses as that child. Training
 * then never blocks the main process, and native modules (tfjs-node) load in a process of their own.
 *
 * When the process dies mid-run (a native crash, out of memory), the run ends as failed with
 * MW_ENGINE_CRASHED on the steps it interrupted, pending inspections reject, a message is logged and a
 * new process starts at once. Nothing else is lost: graphs live in the renderer and on disk.
 *
 * The run tracking mirrors createEngineClient's (worker threads); engine-client.ts could take a
 * `spawn` option instead and serve both (see the report to the lead), leaving here only the transport.
 */
import type { UtilityProcess } from 'electron';
import { MwError, type ErrorInfo } from '../engine/errors';
import type { DataFileSummary } from '../engine/host/contract';
import type { EngineClient } from '../engine/host/engine-client';
import type { FromEngine, ToEngine } from '../engine/host/engine-protocol';
import type { RunEvent } from '../engine/run/events';

/** One running engine process, seen from the host. */
export interface EngineProcess {
  postMessage(message: ToEngine): void;
  onMessage(handler: (message: FromEngine) => void): void;
  /** Called once when the process has ended; `reason` when the runtime said why. */
  onExit(handler: (code: number, reason?: string) => void): void;
  kill(): void;
}

export interface ProcessEngineOptions {
  /** Starts a new engine process. */
  readonly spawn: () => EngineProcess;
  /** A cancelled run stuck in a long synchronous step is stopped by killing the process after this. */
  readonly cancelGraceMs?: number;
  /** Where crash messages go (main: stderr). */
  readonly log?: (line: string) => void;
}

interface ActiveRun {
  readonly runId: string;
  readonly startedAt: number;
  sawStart: boolean;
  sawFinish: boolean;
  readonly runningSteps: Set<string>;
  cancelTimer?: ReturnType<typeof setTimeout>;
}

export function createProcessEngineClient(options: ProcessEngineOptions): EngineClient {
  const listeners = new Set<(event: RunEvent) => void>();
  const pendingInspects = new Map<number, { resolve: (r: DataFileSummary) => void; reject: (e: MwError) => void }>();
  const log = options.log ?? (() => undefined);
  let nextRequestId = 1;
  let child: EngineProcess | null = null;
  let ready = false;
  let closing = false;
  let active: ActiveRun | null = null;
  let backend: string | null = null;

  function emit(event: RunEvent): void {
    for (const listener of listeners) listener(event);
  }

  function start(): EngineProcess {
    const proc = options.spawn();
    child = proc;
    ready = false;
    proc.onMessage((message) => {
      if (child === proc) onMessage(message);
    });
    proc.onExit((code, reason) => {
      if (child !== proc) return;
      const wasReady = ready;
      child = null;
      ready = false;
      if (closing) return;
      const interrupted = active?.runId;
      onDied(code, reason);
      log(
        `The engine process stopped unexpectedly (exit code ${code}${reason === undefined ? '' : `, ${reason}`})` +
          `${interrupted === undefined ? '' : `; run ${interrupted} was marked failed`}` +
          `${wasReady ? '; a new engine process is starting.' : '; it will start again when needed.'}`,
      );
      // At once after a crash at work; after a failed start only when next needed (no restart loop).
      if (wasReady) start();
    });
    return proc;
  }

  function send(message: ToEngine): void {
    (child ?? start()).postMessage(message);
  }

  function onMessage(message: FromEngine): void {
    switch (message.type) {
      case 'ready':
        ready = true;
        break;
      case 'event':
        track(message.event);
        emit(message.event);
        if (message.event.type === 'run-finished' && active?.runId === message.event.runId) finishActive();
        break;
      case 'run-done':
        if (message.backend !== null) backend = message.backend;
        break;
      case 'inspect-result':
        pendingInspects.get(message.requestId)?.resolve(message.result);
        pendingInspects.delete(message.requestId);
        break;
      case 'inspect-error': {
        const { code, message: text, hint, location, details } = message.error;
        pendingInspects.get(message.requestId)?.reject(new MwError(code, { message: text, hint, location, ...(details === undefined ? {} : { details }) }));
        pendingInspects.delete(message.requestId);
        break;
      }
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

  /** Ends the active run with the events the dead process still owed. */
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

  function onDied(code: number, reason: string | undefined): void {
    const details = { exitCode: code, ...(reason === undefined ? {} : { reason }) };
    abandonActive(new MwError('MW_ENGINE_CRASHED', { details }).toInfo(), 'failed');
    for (const pending of pendingInspects.values()) pending.reject(new MwError('MW_ENGINE_CRASHED', { details }));
    pendingInspects.clear();
  }

  // Start now, so the first run does not wait for the engine to load.
  start();

  return {
    startRun(request) {
      if (active !== null) throw new MwError('MW_RUN_BUSY', { details: { activeRunId: active.runId } });
      active = { runId: request.runId, startedAt: Date.now(), sawStart: false, sawFinish: false, runningSteps: new Set() };
      send({ type: 'run', request });
    },
    cancel(runId) {
      const run = active;
      if (run === null || run.runId !== runId || child === null) return;
      child.postMessage({ type: 'cancel', runId });
      if (run.cancelTimer !== undefined) return;
      run.cancelTimer = setTimeout(() => {
        if (active !== run || child === null) return;
        // The step did not notice the signal in time: stop the process; a fresh one takes over.
        const stuck = child;
        child = null;
        abandonActive(new MwError('MW_RUN_CANCELLED').toInfo(), 'cancelled');
        stuck.kill();
        if (!closing) start();
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
      child?.postMessage({ type: 'crash' });
    },
    async close() {
      closing = true;
      if (active?.cancelTimer !== undefined) clearTimeout(active.cancelTimer);
      const proc = child;
      child = null;
      for (const pending of pendingInspects.values()) pending.reject(new MwError('MW_ENGINE_CRASHED', { message: 'The engine was shut down.' }));
      pendingInspects.clear();
      proc?.kill();
    },
  };
}

/** The part of Electron's `utilityProcess` module used here (passed in, so this file loads without Electron). */
export interface UtilityProcessModule {
  fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore'; env?: Record<string, string | undefined> }): UtilityProcess;
}

/**
 * Starts the engine (the bundled electron/engine-entry.ts) in an Electron utility process. A V8 fatal
 * error is reported through 'error' before 'exit'; its type and location become the crash reason.
 */
export function utilityEngineSpawner(utilityProcess: UtilityProcessModule, entry: string, env: Record<string, string | undefined> = process.env): () => EngineProcess {
  return () => {
    const proc = utilityProcess.fork(entry, [], { serviceName: 'Modelwright engine', stdio: 'inherit', env });
    let reason: string | undefined;
    proc.on('error', (type, location) => {
      reason = `${type} at ${location}`;
    });
    return {
      postMessage: (message) => proc.postMessage(message),
      onMessage: (handler) => proc.on('message', (message: FromEngine) => handler(message)),
      onExit: (handler) => proc.once('exit', (code) => handler(code, reason)),
      kill: () => {
        proc.kill();
      },
    };
  };
}
