/**
 * Runs a Plan step by step: streams RunEvents, honours cancellation, reuses cached outputs by key.
 * A failed step skips the steps that depend on it; independent branches still run (as KNIME does),
 * so one broken branch does not hide the results of the others.
 */
import { MwError, toErrorInfo, type ErrorInfo } from '../errors';
import type { Plan } from '../graph/compile';
import type { FileAccess } from '../io/files';
import type { NodeDefinition } from '../nodes/node';
import type { NodeInputs, NodeOutputs, PortValue } from '../nodes/values';
import type { OutputCache } from './cache';
import type { ExecContext } from './context';
import type { RunEvent, RunStatus } from './events';

export interface RunOptions {
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly files: FileAccess;
  readonly cache: OutputCache;
  readonly lookup: (kind: string) => NodeDefinition | undefined;
  readonly onEvent: (event: RunEvent) => void;
  /** Turns an output into the JSON that crosses to the renderer. */
  readonly summarize: (value: PortValue) => unknown;
  readonly artifactsDir?: string;
  readonly now?: () => number;
  readonly runInfo?: Record<string, unknown>;
}

export interface RunResult {
  readonly status: RunStatus;
  readonly durationMs: number;
  /** Outputs of every step that ran or came from the cache. */
  readonly outputs: ReadonlyMap<string, NodeOutputs>;
  readonly errors: ReadonlyMap<string, ErrorInfo>;
  readonly error?: ErrorInfo;
}

export async function executePlan(plan: Plan, options: RunOptions): Promise<RunResult> {
  const now = options.now ?? (() => performance.now());
  const wall = () => Date.now();
  const started = now();
  const { runId } = options;
  const outputs = new Map<string, NodeOutputs>();
  const errors = new Map<string, ErrorInfo>();
  const failedOrSkipped = new Set<string>();
  let status: RunStatus = 'succeeded';
  let runError: ErrorInfo | undefined;
  // One object for the whole run: steps share facts through it (e.g. the backend chosen by the first model step).
  const runInfo = options.runInfo ?? {};

  options.onEvent({
    type: 'run-started',
    runId,
    time: wall(),
    steps: plan.steps.map((s) => ({ nodeId: s.nodeId, kind: s.kind, cached: options.cache.get(s.cacheKey) !== undefined })),
  });

  for (const step of plan.steps) {
    if (options.signal.aborted) {
      status = 'cancelled';
      runError = new MwError('MW_RUN_CANCELLED').toInfo();
      break;
    }
    const blockedBy = Object.values(step.inputs).find((ref) => failedOrSkipped.has(ref.node));
    if (blockedBy !== undefined) {
      failedOrSkipped.add(step.nodeId);
      options.onEvent({ type: 'step-skipped', runId, time: wall(), nodeId: step.nodeId, reason: `Upstream node "${blockedBy.node}" did not finish.` });
      continue;
    }
    const stepStart = now();
    const cached = options.cache.get(step.cacheKey);
    if (cached !== undefined) {
      outputs.set(step.nodeId, cached);
      options.onEvent({ type: 'step-finished', runId, time: wall(), nodeId: step.nodeId, durationMs: 0, cached: true, outputs: summarizeAll(cached, options), warnings: [] });
      continue;
    }
    options.onEvent({ type: 'step-started', runId, time: wall(), nodeId: step.nodeId, kind: step.kind });
    const warnings: ErrorInfo[] = [];
    const ctx: ExecContext = {
      nodeId: step.nodeId,
      runId,
      signal: options.signal,
      files: options.files,
      artifactsDir: options.artifactsDir,
      runInfo,
      now,
      emit: (event) => options.onEvent({ ...event, runId, time: wall(), nodeId: step.nodeId }),
      warn: (warning) => warnings.push({ ...warning, location: { ...warning.location, nodeId: step.nodeId } }),
    };
    try {
      const definition = options.lookup(step.kind);
      if (definition === undefined) throw new MwError('MW_NODE_UNKNOWN_KIND', { message: `Unknown node kind "${step.kind}".` });
      const inputs: Record<string, PortValue | undefined> = {};
      for (const [port, ref] of Object.entries(step.inputs)) inputs[port] = outputs.get(ref.node)?.[ref.port];
      const result = await definition.execute(inputs as NodeInputs, step.params, ctx);
      options.cache.set(step.cacheKey, result);
      outputs.set(step.nodeId, result);
      options.onEvent({ type: 'step-finished', runId, time: wall(), nodeId: step.nodeId, durationMs: now() - stepStart, cached: false, outputs: summarizeAll(result, options), warnings });
    } catch (thrown) {
      const info = toErrorInfo(thrown, { nodeId: step.nodeId });
      errors.set(step.nodeId, info);
      failedOrSkipped.add(step.nodeId);
      options.onEvent({ type: 'step-failed', runId, time: wall(), nodeId: step.nodeId, durationMs: now() - stepStart, error: info });
      if (info.code === 'MW_RUN_CANCELLED') {
        status = 'cancelled';
        runError = info;
        break;
      }
      if (status === 'succeeded' || status === 'failed') status = info.code === 'MW_TRAIN_DIVERGED' ? 'diverged' : 'failed';
      runError ??= info;
    }
  }

  const durationMs = now() - started;
  options.onEvent({ type: 'run-finished', runId, time: wall(), status, durationMs, ...(runError === undefined ? {} : { error: runError }) });
  return { status, durationMs, outputs, errors, ...(runError === undefined ? {} : { error: runError }) };
}

function summarizeAll(result: NodeOutputs, options: RunOptions): Record<string, unknown> {
  return Object.fromEntries(Object.entries(result).map(([port, value]) => [port, options.summarize(value)]));
}
