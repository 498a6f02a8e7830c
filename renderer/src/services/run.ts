/** Run all / Run to selected / Cancel, and the run-event subscription. Calls the host, then actions. */
import { getHost } from '../host';
import { toGraph } from '../graph/convert';
import { useStore } from '../store';
import { isActive } from '../store/run-slice';
import { errorInfoOf } from './errors';

/** Starts a run of the whole graph, or of `upTo` and what it depends on. */
export async function runGraph(upTo?: string): Promise<void> {
  const state = useStore.getState();
  const { graph, project, ui } = state;
  if (isActive(state.run.phase)) return;
  if (!graph.validation.ok) {
    const first = Object.values(graph.validation.byNode)[0]?.[0] ?? Object.values(graph.validation.byEdge)[0]?.[0] ?? graph.validation.general[0];
    ui.toast('error', first === undefined ? 'The graph has errors.' : first.message, 'Fix the errors marked in red, then run again.');
    if (first?.location.nodeId !== undefined) graph.select([first.location.nodeId]);
    return;
  }
  if (graph.nodes.length === 0) {
    ui.toast('info', 'The canvas is empty.', 'Drop a CSV file or drag nodes from the palette first.');
    return;
  }
  state.run.requested(graph.validation.keys, upTo ?? null, Date.now());
  try {
    const request = {
      graph: toGraph(graph.name, graph.nodes, graph.edges),
      ...(project.current === null ? {} : { projectPath: project.current.path }),
      ...(upTo === undefined ? {} : { upTo }),
    };
    const { runId } = await getHost().run(request);
    useStore.getState().run.started(runId);
  } catch (thrown) {
    const error = errorInfoOf(thrown);
    useStore.getState().run.startFailed(error);
    useStore.getState().ui.toast('error', error.message, error.hint);
  }
}

/** Runs up to the selected node (the only one, or the last clicked of several). */
export function runToSelected(): Promise<void> {
  const selected = useStore.getState().graph.nodes.filter((n) => n.selected === true);
  const target = selected[selected.length - 1];
  if (target === undefined) {
    useStore.getState().ui.toast('info', 'Select a node to run up to.');
    return Promise.resolve();
  }
  return runGraph(target.id);
}

export async function cancelRun(): Promise<void> {
  const { run } = useStore.getState();
  if (!isActive(run.phase)) return;
  run.cancelRequested();
  if (run.runId === null) return; // the run-started answer will arrive; cancelled below once it does
  try {
    await getHost().cancel({ runId: run.runId });
  } catch (thrown) {
    const error = errorInfoOf(thrown);
    useStore.getState().ui.toast('error', error.message, error.hint);
  }
}

/** Feeds every run event into the store; returns the unsubscribe function. */
export function subscribeRunEvents(): () => void {
  let cancelSent: string | null = null;
  return getHost().onEvent((event) => {
    const store = useStore.getState();
    store.run.applyEvent(event);
    const { run, ui } = useStore.getState();
    // Cancel pressed before the host said which run it started.
    if (run.phase === 'cancelling' && run.runId !== null && cancelSent !== run.runId) {
      cancelSent = run.runId;
      void getHost().cancel({ runId: run.runId }).catch(() => undefined);
    }
    if (event.type === 'epoch' && !ui.resultsTabPinned && ui.resultsTab !== 'training') ui.setResultsTab('training');
    if (event.type === 'run-finished') {
      const hasMetrics = Object.values(run.nodes).some((n) => Object.values(n.outputs ?? {}).some((o) => typeof o === 'object' && o !== null && (o as { type?: unknown }).type === 'Metrics'));
      if (event.status === 'succeeded' && hasMetrics && !ui.resultsTabPinned) ui.setResultsTab('metrics');
      if (event.status === 'cancelled') ui.toast('info', 'Run cancelled.', 'Finished steps are cached; press Run to continue.');
      if (event.status === 'failed' || event.status === 'diverged') {
        const failed = Object.entries(run.nodes).find(([, n]) => n.status === 'failed');
        ui.toast('error', event.error?.message ?? 'The run failed.', event.error?.hint);
        if (failed !== undefined) useStore.getState().graph.select([failed[0]]);
      }
    }
  });
}
