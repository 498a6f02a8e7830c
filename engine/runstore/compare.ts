/**
 * Compares recorded runs side by side (pure): parameters matched by node id and name with the differing ones
 * flagged, input files by SHA-256, metrics with deltas against the first run and the best run marked, and the
 * training curves ready to overlay.
 */
import { metricInfo } from '../ml/metrics/catalog';
import { evaluationPartitionNames } from '../ml/metrics/types';
import { stableStringify } from '../util/hash';
import type { RunComparison, RunDetail } from './schema';

function sameValues(values: readonly unknown[]): boolean {
  const texts = values.map((v) => (v === undefined ? '\u0000undefined' : stableStringify(v)));
  return texts.every((t) => t === texts[0]);
}

export function compareRunDetails(runs: readonly RunDetail[]): RunComparison {
  const params: RunComparison['params'] = [];
  const nodeIds = orderedUnion(runs.map((r) => Object.keys(r.params)));
  for (const nodeId of nodeIds) {
    const nodes = runs.map((r) => r.params[nodeId]);
    const first = nodes.find((n) => n !== undefined);
    if (first === undefined) continue;
    const names = orderedUnion(nodes.map((n) => (n === undefined ? [] : Object.keys(n.params))));
    if (nodes.some((n) => n === undefined)) {
      params.push({ nodeId, label: first.label, kind: first.kind, param: '(node)', values: nodes.map((n) => (n === undefined ? undefined : n.kind)), differs: true });
    }
    for (const param of names) {
      const values = nodes.map((n) => n?.params[param]);
      params.push({ nodeId, label: first.label, kind: first.kind, param, values, differs: !sameValues(values) });
    }
  }

  const inputKeys = orderedUnion(runs.map((r) => r.inputs.map((i) => `${i.nodeId}\u0000${i.path}`)));
  const inputs = inputKeys.map((key) => {
    const [nodeId = '', path = ''] = key.split('\u0000');
    const sha256 = runs.map((r) => r.inputs.find((i) => i.nodeId === nodeId && i.path === path)?.sha256 ?? null);
    return { nodeId, path, sha256, differs: !sameValues(sha256) };
  });

  const metrics: RunComparison['metrics'] = [];
  const metricNodes = orderedUnion(runs.map((r) => Object.keys(r.metrics)));
  for (const nodeId of metricNodes) {
    for (const partition of evaluationPartitionNames) {
      const names = orderedUnion(runs.map((r) => Object.keys(r.metrics[nodeId]?.scores[partition] ?? {})));
      for (const metric of names) {
        const values = runs.map((r) => r.metrics[nodeId]?.scores[partition]?.[metric] ?? null);
        const base = values[0] ?? null;
        const deltas = values.map((v) => (v === null || base === null ? null : v - base));
        const higher = metricInfo(metric)?.higherIsBetter ?? null;
        metrics.push({ nodeId, partition, metric, higherIsBetter: higher, values, deltas, best: bestIndex(values, higher) });
      }
    }
  }

  const history: RunComparison['history'] = [];
  for (const run of runs) {
    for (const [nodeId, epochs] of Object.entries(run.history)) history.push({ runId: run.id, nodeId, epochs });
  }

  return {
    runs: runs.map((r) => ({ id: r.id, number: r.number, name: r.name, status: r.status, startedAt: r.startedAt })),
    params,
    inputs,
    metrics,
    history,
  };
}

/** Index of the single best value, or null when direction is unknown, values are missing or the best is tied. */
function bestIndex(values: readonly (number | null)[], higherIsBetter: boolean | null): number | null {
  if (higherIsBetter === null) return null;
  let best: number | null = null;
  let tied = false;
  values.forEach((v, i) => {
    if (v === null) return;
    const current = best === null ? null : values[best];
    if (current === null || current === undefined) {
      best = i;
      tied = false;
    } else if (v === current) {
      tied = true;
    } else if (higherIsBetter ? v > current : v < current) {
      best = i;
      tied = false;
    }
  });
  return tied ? null : best;
}

/** Union of lists, in first-seen order. */
function orderedUnion(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const item of list) seen.add(item);
  return [...seen];
}
