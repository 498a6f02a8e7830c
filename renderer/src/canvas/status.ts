/** What a node's face shows as its status, from its last run and its current cache key. Pure. */
import type { NodeRun, NodeStatus } from '../store/run-slice';

export type DisplayStatus = NodeStatus;

/**
 * Finished results are "stale" when the node's current cache key differs from the key it ran with (or
 * the graph no longer compiles up to it): they describe a graph that no longer exists.
 */
export function displayStatus(run: NodeRun | undefined, currentKey: string | undefined): DisplayStatus {
  if (run === undefined) return 'idle';
  if (run.status === 'done' || run.status === 'cached') {
    if (currentKey === undefined || run.cacheKey === undefined || currentKey !== run.cacheKey) return 'stale';
  }
  return run.status;
}

/**
 * Whether a node's outputs describe it as it is now: only when it finished (ran or was cached) with the
 * current graph. Otherwise (queued for a new run, out of date, cancelled…) they are from an earlier run.
 */
export function outputsAreCurrent(status: DisplayStatus): boolean {
  return status === 'done' || status === 'cached';
}

export const statusLabels: Record<DisplayStatus, string> = {
  idle: 'Not run',
  stale: 'Out of date',
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  cached: 'Cached',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};
