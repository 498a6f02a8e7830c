/**
 * Projects: start-screen data, new/open/save/save as, examples, crash recovery. Calls the host, then
 * store actions. Opening a project also re-inspects its data files so column pickers and schemas work
 * before the first run.
 */
import type { OpenedProject } from '../../../engine/host/contract';
import type { Graph } from '../../../engine/graph/schema';
import { specForKind } from '../../../engine/nodes/specs';
import { desktopHost, getHost } from '../host';
import { toGraph } from '../graph/convert';
import { fileFieldKey } from '../inspector/form-model';
import { useStore } from '../store';
import { errorInfoOf } from './errors';
import { fitViewSoon } from './viewport';

function fail(thrown: unknown): void {
  const error = errorInfoOf(thrown);
  // Closing a native open/save dialog is a choice, not a failure.
  if (error.code === 'MW_DIALOG_CANCELLED') return;
  useStore.getState().ui.toast('error', error.message, error.hint);
}

async function busy<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
  useStore.getState().project.setBusy(what);
  try {
    return await work();
  } catch (thrown) {
    fail(thrown);
    return undefined;
  } finally {
    useStore.getState().project.setBusy(null);
  }
}

/** Host info, examples, recent and workspace projects for the start screen. */
export async function loadStartData(): Promise<void> {
  const host = getHost();
  const { project } = useStore.getState();
  try {
    const [info, examples, recent, projects] = await Promise.all([host.getInfo(), host.listExamples(), host.listRecentProjects(), host.listProjects()]);
    project.setInfo(info);
    project.setExamples(examples);
    project.setRecent(recent);
    project.setWorkspaceProjects(projects);
  } catch (thrown) {
    fail(thrown);
  }
}

/** Paths of the data files the graph reads, by node id. */
export function dataFiles(graph: Graph): { nodeId: string; path: string }[] {
  const out: { nodeId: string; path: string }[] = [];
  for (const node of graph.nodes) {
    const spec = specForKind(node.kind);
    const key = spec === undefined ? undefined : fileFieldKey(spec.params);
    const path = key === undefined ? undefined : node.params[key];
    if (typeof path === 'string' && path !== '') out.push({ nodeId: node.id, path });
  }
  return out;
}

/** Re-reads one data file's summary (after its path was typed in the inspector). */
export async function refreshFile(path: string): Promise<void> {
  const current = useStore.getState().project.current;
  if (current === null || path === '') return;
  try {
    useStore.getState().project.setFile(await getHost().inspectFile({ path, projectPath: current.path }));
  } catch (thrown) {
    fail(thrown);
  }
}

/** "Save as…": Electron shows its native dialog; browser mode asks for a project name. */
export function requestSaveAs(): void {
  const { project, graph, ui } = useStore.getState();
  if (project.info?.nativeDialogs === true) void saveProjectAs();
  else ui.setPrompt({ purpose: 'save-as', initial: project.current?.name ?? graph.name });
}

async function inspectFiles(graph: Graph, projectPath: string): Promise<void> {
  await Promise.all(dataFiles(graph).map(async ({ path }) => {
    try {
      const summary = await getHost().inspectFile({ path, projectPath });
      useStore.getState().project.setFile(summary);
    } catch {
      // A missing file shows on the node when it runs (MW_FILE_NOT_FOUND); nothing to do here.
    }
  }));
}

function applyOpened(opened: OpenedProject): void {
  const { graph, project, run } = useStore.getState();
  run.reset();
  const rev = graph.load(opened.graph);
  project.opened(opened.project, rev, opened.recovery);
  fitViewSoon();
  void inspectFiles(opened.graph, opened.project.path);
}

export async function openExample(id: string): Promise<void> {
  const opened = await busy('Opening example…', () => getHost().openExample({ id }));
  if (opened !== undefined) applyOpened(opened);
}

export async function newProject(name: string): Promise<void> {
  const opened = await busy('Creating project…', () => getHost().newProject({ name }));
  if (opened !== undefined) applyOpened(opened);
}

export async function openProject(path?: string): Promise<void> {
  const opened = await busy('Opening project…', () => getHost().openProject(path === undefined ? {} : { path }));
  if (opened !== undefined) applyOpened(opened);
}

function currentGraph(): { graph: Graph; rev: number } {
  const { graph } = useStore.getState();
  return { graph: toGraph(graph.name, graph.nodes, graph.edges), rev: graph.rev };
}

/** Saves the open project; resolves true when it was saved. */
export async function saveProject(): Promise<boolean> {
  const current = useStore.getState().project.current;
  if (current === null) return false;
  const { graph, rev } = currentGraph();
  const saved = await busy('Saving…', () => getHost().saveProject({ projectPath: current.path, graph }));
  if (saved !== undefined) {
    useStore.getState().project.saved(saved, rev);
    useStore.getState().ui.toast('success', `Saved ${saved.name}.`);
  }
  return saved !== undefined;
}

/** Save as: under a new name in the workspace, or (no name, Electron) wherever the native dialog says. */
export async function saveProjectAs(name?: string): Promise<void> {
  const current = useStore.getState().project.current;
  const { graph, rev } = currentGraph();
  const named = name === undefined ? graph : { ...graph, metadata: { ...graph.metadata, name } };
  const saved = await busy('Saving…', () => getHost().saveProjectAs({
    graph: named,
    ...(name === undefined ? {} : { name }),
    ...(current === null ? {} : { fromPath: current.path }),
  }));
  if (saved !== undefined) {
    useStore.getState().graph.rename(saved.name);
    useStore.getState().project.saved(saved, rev);
    useStore.getState().ui.toast('success', `Saved as ${saved.name}.`);
  }
}

export async function restoreAutosave(): Promise<void> {
  const current = useStore.getState().project.current;
  if (current === null) return;
  const restored = await busy('Restoring…', () => getHost().restoreAutosave({ projectPath: current.path }));
  if (restored === undefined) return;
  const { graph, project, ui } = useStore.getState();
  const savedRev = project.savedRev;
  graph.load(restored.graph);
  // The restored graph is not the saved one: keep the project marked unsaved.
  project.saved(current, savedRev);
  ui.toast('success', 'Restored the autosaved graph.', 'Save to keep it.');
  fitViewSoon();
  void inspectFiles(restored.graph, current.path);
}

export async function discardAutosave(): Promise<void> {
  const current = useStore.getState().project.current;
  if (current === null) return;
  await busy('Discarding…', () => getHost().discardAutosave({ projectPath: current.path }));
  useStore.getState().project.setRecovery(null);
}

export function isUnsaved(): boolean {
  const { graph, project } = useStore.getState();
  return project.current !== null && graph.rev !== project.savedRev;
}

/** What to do once the user has answered "save before closing?" (default: back to the start screen). */
let afterLeaving: (() => void) | null = null;

/**
 * Leaves the open project for `next` (the start screen, another project, a new one); asks first
 * whether to save when there are unsaved changes.
 */
export function leaveThen(next: () => void): void {
  if (!isUnsaved()) {
    next();
    return;
  }
  afterLeaving = next;
  useStore.getState().ui.setLeaving(true);
}

/** Back to the start screen; asks first when there are unsaved changes. */
export function requestClose(): void {
  leaveThen(closeProject);
}

/** The answer to "save before closing?". */
export async function finishClose(choice: 'save' | 'discard' | 'cancel'): Promise<void> {
  const next = afterLeaving ?? closeProject;
  afterLeaving = null;
  useStore.getState().ui.setLeaving(false);
  if (choice === 'cancel') return;
  if (choice === 'save' && !(await saveProject())) return;
  if (choice === 'discard') await discardAutosave();
  next();
}

/**
 * The browser's own "leave this page?" prompt while there are unsaved changes (the autosave still has them).
 * Not in the desktop app: there main asks before closing (setDocumentState's `dirty`), and a prevented
 * unload would silently keep the window open after the user chose "Don't Save".
 */
export function guardUnload(): () => void {
  if (desktopHost() !== null) return () => undefined;
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (isUnsaved()) event.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  return () => window.removeEventListener('beforeunload', onBeforeUnload);
}

export function closeProject(): void {
  const { project, run, graph } = useStore.getState();
  run.reset();
  graph.load({ format: 'modelwright.graph', version: 1, metadata: { name: 'Untitled' }, nodes: [], edges: [] });
  project.closed();
  void loadStartData();
}
