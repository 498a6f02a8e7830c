/**
 * Which node each results tab shows: the selected node when it has that kind of result, else the last
 * node (in graph order) that has one. Runs on every store change, so it stays linear in the node count.
 */
import { filePathOf } from '../graph/file-field';
import type { FlowNode } from '../graph/types';
import type { AppState } from '../store/types';
import type { ResultsTab } from '../store/ui-slice';
import { isMetricsSummary, isPredictionsSummary, isTableSummary } from './summaries';

export function selectedNodeId(s: AppState): string | null {
  let found: string | null = null;
  for (const n of s.graph.nodes) {
    if (n.selected === true) {
      if (found !== null) return null;
      found = n.id;
    }
  }
  return found;
}

function has(s: AppState, node: FlowNode, tab: ResultsTab): boolean {
  const run = s.run.nodes[node.id];
  const outputs = run?.outputs === undefined ? [] : Object.values(run.outputs);
  switch (tab) {
    case 'data': {
      if (outputs.some(isTableSummary) || s.ui.imports[node.id] !== undefined) return true;
      const path = filePathOf(node.data);
      return path !== undefined && s.project.files[path] !== undefined;
    }
    case 'training':
      return (run?.epochs.length ?? 0) > 0;
    case 'metrics':
      return outputs.some(isMetricsSummary);
    case 'predictions':
      return outputs.some(isPredictionsSummary);
    case 'log':
      return false;
  }
}

export function focusNode(s: AppState, tab: ResultsTab): string | null {
  if (tab === 'log') return null;
  let selected: FlowNode | null = null;
  let selectedCount = 0;
  let last: string | null = null;
  for (const node of s.graph.nodes) {
    if (node.selected === true) {
      selected = node;
      selectedCount++;
    }
    if (has(s, node, tab)) last = node.id;
  }
  if (selectedCount === 1 && selected !== null && (tab === 'data' || has(s, selected, tab))) return selected.id;
  if (tab === 'data' && selectedCount > 0) return null;
  return last;
}

/** Tabs that have something to show, for the dots on the tab bar ("training,metrics"). */
export function tabsWithContent(s: AppState): string {
  const tabs: ResultsTab[] = ['training', 'metrics', 'predictions'];
  return tabs.filter((t) => s.graph.nodes.some((n) => has(s, n, t))).join(',');
}
