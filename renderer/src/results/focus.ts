/** Which node each results tab shows: the selected node when it has that kind of result, else the latest one that does. */
import type { AppState } from '../store/types';
import type { ResultsTab } from '../store/ui-slice';
import { isMetricsSummary, isPredictionsSummary } from './summaries';
import { tableOutputOf } from './upstream';

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

function has(s: AppState, id: string, tab: ResultsTab): boolean {
  const run = s.run.nodes[id];
  switch (tab) {
    case 'data':
      return tableOutputOf(s, id) !== undefined || s.ui.imports[id] !== undefined;
    case 'training':
      return (run?.epochs.length ?? 0) > 0;
    case 'metrics':
      return Object.values(run?.outputs ?? {}).some(isMetricsSummary);
    case 'predictions':
      return Object.values(run?.outputs ?? {}).some(isPredictionsSummary);
    case 'log':
      return false;
  }
}

export function focusNode(s: AppState, tab: ResultsTab): string | null {
  const selected = selectedNodeId(s);
  if (selected !== null && (tab === 'data' || has(s, selected, tab))) return selected;
  if (tab === 'data') return null;
  const ids = Object.keys(s.run.nodes).filter((id) => s.graph.nodes.some((n) => n.id === id) && has(s, id, tab));
  return ids[ids.length - 1] ?? null;
}

/** Tabs that have something to show, for the dots on the tab bar. */
export function tabsWithContent(s: AppState): string {
  const tabs: ResultsTab[] = ['training', 'metrics', 'predictions'];
  return tabs.filter((t) => focusNode(s, t) !== null).join(',');
}
