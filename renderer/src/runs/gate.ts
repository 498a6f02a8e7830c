/**
 * What a Threshold Gate node shows on the canvas: passed (its step finished, so every condition held) or
 * failed (its step failed with MW_GATE_FAILED, whose details list each condition with the value found).
 * Other failures (a metric the evaluation lacks…) are configuration errors, shown as errors, not verdicts.
 * Pure.
 */
import type { ErrorInfo } from '../../../engine/errors';
import type { DisplayStatus } from '../canvas/status';
import { formatMetric } from '../results/summaries';

export interface GateVerdict {
  readonly passed: boolean;
  /** The conditions that failed, e.g. "test r2 ≥ 0.9 (got 0.85)". */
  readonly failed: readonly string[];
}

function failedConditions(error: ErrorInfo): string[] {
  const conditions = error.details?.['conditions'];
  if (!Array.isArray(conditions)) return [];
  return conditions.flatMap((c: unknown) => {
    if (typeof c !== 'object' || c === null) return [];
    const { label, actual, passed } = c as Record<string, unknown>;
    if (passed !== false || typeof label !== 'string') return [];
    return [`${label} (got ${typeof actual === 'number' ? formatMetric(actual) : 'no value'})`];
  });
}

export function gateVerdict(kind: string, status: DisplayStatus, error: ErrorInfo | undefined): GateVerdict | null {
  if (kind !== 'gate') return null;
  if (status === 'done' || status === 'cached') return { passed: true, failed: [] };
  if (status === 'failed' && error?.code === 'MW_GATE_FAILED') return { passed: false, failed: failedConditions(error) };
  return null;
}
