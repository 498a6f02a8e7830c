/** Writes the crash-recovery backup within 2 s of an edit (see autosave-scheduler.ts). */
import { getHost } from '../host';
import { toGraph } from '../graph/convert';
import { useStore } from '../store';
import { browserTimers, createAutosaveScheduler } from './autosave-scheduler';

/** Starts watching the store; returns the stop function. */
export function startAutosave(): () => void {
  let saving = false;
  const scheduler = createAutosaveScheduler({
    quietMs: 700,
    maxWaitMs: 1600,
    timers: browserTimers,
    save: () => {
      const { graph, project } = useStore.getState();
      const current = project.current;
      if (current === null || graph.rev === project.savedRev) return;
      if (saving) {
        scheduler.edited(); // one write at a time; try again shortly
        return;
      }
      saving = true;
      getHost()
        .autosave({ projectPath: current.path, graph: toGraph(graph.name, graph.nodes, graph.edges) })
        .then((r) => useStore.getState().project.autosaved(r.savedAt))
        .catch(() => scheduler.edited())
        .finally(() => {
          saving = false;
        });
    },
  });
  const unsubscribe = useStore.subscribe((state, previous) => {
    if (state.graph.rev === previous.graph.rev) return;
    if (state.project.current === null || state.graph.rev === state.project.savedRev) {
      scheduler.cancel();
      return;
    }
    scheduler.edited();
  });
  return () => {
    unsubscribe();
    scheduler.cancel();
  };
}
