/**
 * The Edit commands on the canvas (undo, redo, cut, copy, paste, select all), shared by the keyboard
 * shortcuts and the desktop app's Edit menu. The clipboard holds a graph fragment in the ui slice.
 */
import type { EditAction } from '../../../engine/host/desktop-contract';
import { assertNever } from '../../../engine/util/assert';
import { useStore } from '../store';

export function editGraph(action: EditAction): void {
  const { graph, ui } = useStore.getState();
  switch (action) {
    case 'undo':
      graph.undo();
      return;
    case 'redo':
      graph.redo();
      return;
    case 'copy':
      ui.setClipboard(graph.copySelection());
      return;
    case 'cut':
      ui.setClipboard(graph.copySelection());
      graph.deleteSelection();
      return;
    case 'paste':
      if (ui.clipboard !== null) graph.paste(ui.clipboard);
      return;
    case 'selectAll':
      graph.selectAll();
      return;
    default:
      assertNever(action, 'edit action');
  }
}
