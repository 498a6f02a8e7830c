/** What a node's execute function gets besides its inputs and params: effects, passed in. */
import type { FileAccess } from '../io/files';
import { MwError, type ErrorInfo } from '../errors';
import type { StepEventInput } from './events';

export interface ExecContext {
  readonly nodeId: string;
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly files: FileAccess;
  /** Folder where this run may write artifacts (model files, predictions). */
  readonly artifactsDir: string | undefined;
  /** Progress, log lines and training epochs for the run's event stream. */
  emit(event: StepEventInput): void;
  /** A non-fatal, coded problem shown on the node (e.g. an identifier used as a feature). */
  warn(warning: ErrorInfo): void;
  /** Milliseconds, monotonic; injected so tests can fake time. */
  now(): number;
  /** Shared, per-run facts (e.g. which TensorFlow.js backend is in use). */
  readonly runInfo: Record<string, unknown>;
}

/** Throws the coded cancellation error if the run was cancelled; call it between batches and chunks. */
export function checkCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new MwError('MW_RUN_CANCELLED');
}
