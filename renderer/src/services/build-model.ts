/** "Build a model for this": lays out the standard chain after a data source, as one undoable edit. */
import { buildModelChain } from '../graph/template';
import { useStore } from '../store';
import { autoLayoutAround } from './layout';

export function buildModel(sourceId: string, target: string): void {
  const { graph, ui } = useStore.getState();
  const source = graph.nodes.find((n) => n.id === sourceId);
  if (source === undefined) return;
  try {
    const chain = buildModelChain(source, target, new Set(graph.nodes.map((n) => n.id)));
    graph.insert(chain.nodes, chain.edges);
    // Leave nothing selected, so the results panel follows the run rather than the new nodes.
    useStore.getState().graph.select([]);
    autoLayoutAround();
    ui.toast('success', `Model pipeline added: predicting ${target}.`, 'Press Run to train and evaluate it.');
  } catch (thrown) {
    ui.toast('error', thrown instanceof Error ? thrown.message : String(thrown));
  }
}
