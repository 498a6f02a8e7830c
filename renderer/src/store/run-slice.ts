/**
 * The run slice: the current run's phase and, per node, its status, progress, outputs (summaries),
 * training history and error. It only folds RunEvents; the run service talks to the host.
 */
import type { ErrorInfo } from '../../../engine/errors';
import type { RunEvent, RunStatus, StepStatus } from '../../../engine/run/events';
import type { EpochPoint } from '../../../engine/charts';
import type { SetState, SliceCreator } from './types';

export type RunPhase = 'idle' | 'starting' | 'running' | 'cancelling' | RunStatus;

/** A step's status; 'cancelled' is the canvas's own (the engine reports a cancelled step as failed with MW_RUN_CANCELLED). */
export type NodeStatus = StepStatus | 'cancelled';

export interface NodeRun {
  readonly status: NodeStatus;
  /** 0…1 while running, when the step reports progress. */
  readonly progress: number | null;
  readonly message?: string;
  readonly error?: ErrorInfo;
  readonly warnings: readonly ErrorInfo[];
  /**
   * Output port → summary, from the last time the node finished; dropped when it starts again. Kept while
   * the node is only queued or out of date (the face shows them as stale: canvas/status.ts).
   */
  readonly outputs?: Readonly<Record<string, unknown>>;
  readonly durationMs?: number;
  /** The node's cache key when it last ran: a different current key means stale. */
  readonly cacheKey?: string;
  readonly epochs: readonly EpochPoint[];
  readonly totalEpochs?: number;
  readonly metricName?: string;
}

export interface LogLine {
  readonly time: number;
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly nodeId?: string;
  readonly message: string;
}

export interface RunData {
  readonly runId: string | null;
  readonly phase: RunPhase;
  readonly upTo: string | null;
  readonly nodes: Readonly<Record<string, NodeRun>>;
  /** Cache keys of the graph that was sent, by node. */
  readonly keys: Readonly<Record<string, string>>;
  readonly startedAt: number | null;
  readonly durationMs: number | null;
  readonly error: ErrorInfo | null;
  readonly log: readonly LogLine[];
}

export interface RunActions {
  /** The user pressed Run: remember the keys being run. */
  requested(keys: Readonly<Record<string, string>>, upTo: string | null, time: number): void;
  /** The host accepted the run. */
  started(runId: string): void;
  /** The host refused to start (or could not be reached). */
  startFailed(error: ErrorInfo): void;
  cancelRequested(): void;
  applyEvent(event: RunEvent): void;
  /** Forgets all results (a different project was opened). */
  reset(): void;
}

export type RunSlice = RunData & RunActions;

const LOG_LIMIT = 500;
export const idleNode: NodeRun = { status: 'idle', progress: null, warnings: [], epochs: [] };

export const initialRun: RunData = { runId: null, phase: 'idle', upTo: null, nodes: {}, keys: {}, startedAt: null, durationMs: null, error: null, log: [] };

export function isActive(phase: RunPhase): boolean {
  return phase === 'starting' || phase === 'running' || phase === 'cancelling';
}

function updateNode(run: RunData, nodeId: string, update: (n: NodeRun) => NodeRun): RunData['nodes'] {
  return { ...run.nodes, [nodeId]: update(run.nodes[nodeId] ?? idleNode) };
}

function appendLog(run: RunData, line: LogLine): readonly LogLine[] {
  const log = [...run.log, line];
  return log.length > LOG_LIMIT ? log.slice(-LOG_LIMIT) : log;
}

/** Folds one RunEvent into the run data. Pure, exported for tests. */
export function foldRunEvent(run: RunData, event: RunEvent): RunData {
  if (run.runId === null ? run.phase !== 'starting' : event.runId !== run.runId) return run;
  const base = run.runId === null ? { ...run, runId: event.runId } : run;
  switch (event.type) {
    case 'run-started': {
      const nodes = { ...base.nodes };
      for (const step of event.steps) {
        const prev = nodes[step.nodeId] ?? idleNode;
        const { error: _e, ...rest } = prev;
        nodes[step.nodeId] = { ...rest, status: 'queued', progress: null, warnings: [] };
      }
      return { ...base, phase: base.phase === 'cancelling' ? 'cancelling' : 'running', nodes };
    }
    case 'step-started':
      // The step runs anew (cached steps never start): its previous outputs no longer describe it, and a
      // cancel or failure must not leave them showing as if this run had made them.
      return {
        ...base,
        nodes: updateNode(base, event.nodeId, (n) => {
          const { outputs: _o, durationMs: _d, cacheKey: _k, ...rest } = n;
          return { ...rest, status: 'running', progress: null, epochs: [] };
        }),
      };
    case 'progress':
      return {
        ...base,
        nodes: updateNode(base, event.nodeId, (n) => ({ ...n, progress: event.fraction, ...(event.message === undefined ? {} : { message: event.message }) })),
      };
    case 'epoch':
      return {
        ...base,
        nodes: updateNode(base, event.nodeId, (n) => ({
          ...n,
          progress: event.epochs > 0 ? event.epoch / event.epochs : n.progress,
          totalEpochs: event.epochs,
          ...(event.metricName === undefined ? {} : { metricName: event.metricName }),
          epochs: [...n.epochs, { epoch: event.epoch, loss: event.loss, valLoss: event.valLoss, metric: event.metric, valMetric: event.valMetric }],
        })),
      };
    case 'step-finished': {
      const key = base.keys[event.nodeId];
      return {
        ...base,
        nodes: updateNode(base, event.nodeId, (n) => {
          const { error: _e, message: _m, ...rest } = n;
          return { ...rest, status: event.cached ? 'cached' : 'done', progress: null, outputs: event.outputs, durationMs: event.durationMs, warnings: event.warnings, ...(key === undefined ? {} : { cacheKey: key }) };
        }),
        log: event.warnings.reduce<RunData>((r, w) => ({ ...r, log: appendLog(r, { time: event.time, level: 'warn', nodeId: event.nodeId, message: w.message }) }), base).log,
      };
    }
    case 'step-failed':
      if (event.error.code === 'MW_RUN_CANCELLED') {
        return { ...base, nodes: updateNode(base, event.nodeId, (n) => ({ ...n, status: 'cancelled', progress: null, durationMs: event.durationMs })) };
      }
      return {
        ...base,
        nodes: updateNode(base, event.nodeId, (n) => ({ ...n, status: 'failed', progress: null, error: event.error, durationMs: event.durationMs })),
        log: appendLog(base, { time: event.time, level: 'error', nodeId: event.nodeId, message: `${event.error.code}: ${event.error.message}` }),
      };
    case 'step-skipped':
      return { ...base, nodes: updateNode(base, event.nodeId, (n) => ({ ...n, status: 'skipped', progress: null })) };
    case 'log':
      return { ...base, log: appendLog(base, { time: event.time, level: event.level, message: event.message, ...(event.nodeId === undefined ? {} : { nodeId: event.nodeId }) }) };
    case 'run-finished': {
      // Steps still queued or running when a run ends did not finish (cancelled): back to idle.
      const nodes: Record<string, NodeRun> = {};
      for (const [id, n] of Object.entries(base.nodes)) {
        nodes[id] = n.status === 'queued' || n.status === 'running' ? { ...n, status: n.outputs === undefined ? 'idle' : 'stale', progress: null } : n;
      }
      return { ...base, phase: event.status, nodes, durationMs: event.durationMs, error: event.error ?? null };
    }
  }
}

export const createRunSlice: SliceCreator<'run'> = (set: SetState) => {
  const update = (f: (r: RunSlice) => Partial<RunData>) => set((s) => ({ run: { ...s.run, ...f(s.run) } }));
  return {
    ...initialRun,
    requested(keys, upTo, time) {
      update(() => ({ runId: null, phase: 'starting', upTo, keys, startedAt: time, durationMs: null, error: null }));
    },
    started(runId) {
      update((r) => (r.runId === null ? { runId } : {}));
    },
    startFailed(error) {
      update(() => ({ phase: 'failed', error }));
    },
    cancelRequested() {
      update((r) => (isActive(r.phase) ? { phase: 'cancelling' } : {}));
    },
    applyEvent(event) {
      set((s) => ({ run: { ...s.run, ...foldRunEvent(s.run, event) } }));
    },
    reset() {
      update(() => initialRun);
    },
  };
};
