/**
 * The desktop window's extras (Electron only; nothing happens in browser mode): main is told which
 * project is open and whether it has unsaved edits (window title, macOS edited dot, close prompt), and
 * the native menu's commands run the same services as the buttons and shortcuts.
 */
import { menuCommandSchema, type DesktopHostApi, type DocumentState, type MenuCommand } from '../../../engine/host/desktop-contract';
import { assertNever } from '../../../engine/util/assert';
import { desktopHost } from '../host';
import { useStore, type AppStore } from '../store';
import type { AppState } from '../store/types';
import { openReport } from '../report/service';
import { editGraph } from './edit';
import { leaveThen, openProject, saveProject, saveProjectAs } from './projects';

/** What main shows for this state of the app. */
export function documentStateOf(s: AppState): DocumentState {
  const current = s.project.current;
  if (current === null) return { projectName: null, dirty: false };
  return { projectName: current.name, projectPath: current.path, dirty: s.graph.rev !== s.project.savedRev };
}

function sameDocumentState(a: DocumentState, b: DocumentState): boolean {
  return a.projectName === b.projectName && a.projectPath === b.projectPath && a.dirty === b.dirty;
}

/**
 * Sends the document state now and whenever it changes (not on every store update: a drag updates the
 * store each frame). Returns the stop function.
 */
export function syncDocumentState(host: Pick<DesktopHostApi, 'setDocumentState'>, store: AppStore = useStore): () => void {
  let sent: DocumentState | null = null;
  const send = (state: DocumentState) => {
    if (sent !== null && sameDocumentState(sent, state)) return;
    sent = state;
    host.setDocumentState(state).catch(() => {
      // Only the title and close prompt depend on it: send it again with the next change.
      sent = null;
    });
  };
  send(documentStateOf(store.getState()));
  return store.subscribe((state) => send(documentStateOf(state)));
}

/** Runs one menu command as if its button or shortcut had been used. */
export function handleMenuCommand(command: MenuCommand): void {
  const hasProject = useStore.getState().project.current !== null;
  switch (command.type) {
    case 'new-project':
      leaveThen(() => useStore.getState().ui.setPrompt({ purpose: 'new', initial: 'My project' }));
      return;
    case 'open-project':
      // No path: the host shows the native open dialog (closing it is ignored quietly).
      leaveThen(() => void openProject());
      return;
    case 'open-recent':
      leaveThen(() => void openProject(command.path));
      return;
    case 'save':
      if (hasProject) void saveProject();
      return;
    case 'save-as':
      // No name: the host shows the native save dialog.
      if (hasProject) void saveProjectAs();
      return;
    case 'export-report':
      // The preview first; its Export buttons ask where to save (native dialog) and write.
      if (hasProject) void openReport();
      return;
    case 'edit':
      // The preload sends edit commands to a focused text field itself; the ones that get here are the canvas's.
      if (hasProject) editGraph(command.action);
      return;
    default:
      assertNever(command, 'menu command');
  }
}

/** Starts the desktop integration (a no-op in browser mode); returns the stop function. */
export function startDesktop(host: DesktopHostApi | null = desktopHost()): () => void {
  if (host === null) return () => undefined;
  const stopSync = syncDocumentState(host);
  const stopMenu = host.onMenuCommand((payload) => {
    // main validates what it sends; a newer main's unknown command is ignored rather than mishandled.
    const parsed = menuCommandSchema.safeParse(payload);
    if (parsed.success) handleMenuCommand(parsed.data);
  });
  return () => {
    stopMenu();
    stopSync();
  };
}
