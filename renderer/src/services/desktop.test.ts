import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MwError } from '../../../engine/errors';
import type { Graph } from '../../../engine/graph/schema';
import { encodeBridgeError } from '../../../engine/host/bridge';
import type { DataFileSummary, OpenedProject, ProjectRef } from '../../../engine/host/contract';
import type { DesktopHostApi, DocumentState, MenuCommand } from '../../../engine/host/desktop-contract';
import { createAppStore, useStore } from '../store';
import { documentStateOf, handleMenuCommand, startDesktop, syncDocumentState } from './desktop';
import { importInto } from './import';
import { finishClose } from './projects';

const emptyGraph = (name: string): Graph => ({ format: 'modelwright.graph', version: 1, metadata: { name }, nodes: [], edges: [] });
const ref = (path: string): ProjectRef => ({ path, name: path.split('/').pop() ?? path, hasAutosave: false });
const opened = (path: string): OpenedProject => ({ project: ref(path), graph: emptyGraph(ref(path).name), recovery: { available: false } });

/** A desktop window's `window.modelwright`, with only what these tests call. */
function fakeDesktopHost() {
  let menuListener: ((command: MenuCommand) => void) | null = null;
  const fns = {
    openProject: vi.fn(async (request: { path?: string }) => opened(request.path ?? '/picked/Chosen')),
    saveProject: vi.fn(async (request: { projectPath: string }) => ref(request.projectPath)),
    saveProjectAs: vi.fn(async (_request: object) => ref('/saved/Elsewhere')),
    discardAutosave: vi.fn(async () => undefined),
    inspectFile: vi.fn(async () => {
      throw new Error('not used');
    }),
    importPath: vi.fn(async (request: { path: string }): Promise<DataFileSummary> => ({
      path: request.path, size: 10, sha256: 'a'.repeat(64), table: null, error: null, warnings: [], suggestedTargets: [],
    })),
    beginImport: vi.fn(async () => {
      throw new Error('uploads are not expected here');
    }),
    abortImport: vi.fn(async () => undefined),
    getPathForFile: vi.fn((_file: { name: string }) => ''),
    setDocumentState: vi.fn(async (_state: DocumentState) => undefined),
    onEvent: vi.fn(() => () => undefined),
    onMenuCommand: vi.fn((listener: (command: MenuCommand) => void) => {
      menuListener = listener;
      return () => {
        menuListener = null;
      };
    }),
  };
  return {
    fns,
    api: fns as unknown as DesktopHostApi,
    /** What main does on a menu click; the payload is unknown on purpose (main's may be newer). */
    menu: (payload: unknown) => menuListener?.(payload as MenuCommand),
    get subscribed() {
      return menuListener !== null;
    },
  };
}

const host = fakeDesktopHost();
vi.stubGlobal('window', { modelwright: host.api });

/** Lets the services' host calls (fake promises) and the store updates after them finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function openInStore(path: string): void {
  const { graph, project } = useStore.getState();
  project.opened(ref(path), graph.load(emptyGraph('P')), null);
}

function addTwoNodes(): string[] {
  const { graph } = useStore.getState();
  return [graph.addNode('split', { x: 0, y: 0 }), graph.addNode('split', { x: 200, y: 0 })].filter((id): id is string => id !== undefined);
}

describe('document state sent to the desktop window', () => {
  it('is the project name, folder and unsaved flag; null name on the start screen', () => {
    const store = createAppStore();
    expect(documentStateOf(store.getState())).toEqual({ projectName: null, dirty: false });
    store.getState().project.opened(ref('/w/Houses'), store.getState().graph.rev, null);
    expect(documentStateOf(store.getState())).toEqual({ projectName: 'Houses', projectPath: '/w/Houses', dirty: false });
    store.getState().graph.addNode('split', { x: 0, y: 0 });
    expect(documentStateOf(store.getState()).dirty).toBe(true);
  });

  it('is sent at start and on each change of project or dirty state, not on every store update', async () => {
    const store = createAppStore();
    const setDocumentState = vi.fn(async (_state: DocumentState) => undefined);
    const stop = syncDocumentState({ setDocumentState }, store);
    const s = () => store.getState();

    s().project.opened(ref('/w/Houses'), s().graph.rev, null);
    const id = s().graph.addNode('split', { x: 0, y: 0 }) as string;
    s().graph.setParams(id, { seed: 7 }); // still dirty: nothing new to say
    s().graph.select([]); // selection only
    s().project.saved(ref('/w/Houses'), s().graph.rev);
    s().project.saved(ref('/w/Houses 2'), s().graph.rev); // Save As: new folder
    s().project.closed();
    stop();
    s().project.opened(ref('/w/Other'), s().graph.rev, null);
    await settle();

    expect(setDocumentState.mock.calls.map(([state]) => state)).toEqual([
      { projectName: null, dirty: false },
      { projectName: 'Houses', projectPath: '/w/Houses', dirty: false },
      { projectName: 'Houses', projectPath: '/w/Houses', dirty: true },
      { projectName: 'Houses', projectPath: '/w/Houses', dirty: false },
      { projectName: 'Houses 2', projectPath: '/w/Houses 2', dirty: false },
      { projectName: null, dirty: false },
    ]);
  });

  it('is sent again with the next change after a failed send', async () => {
    const store = createAppStore();
    const setDocumentState = vi.fn(async (_state: DocumentState) => undefined).mockRejectedValueOnce(new Error('window gone'));
    syncDocumentState({ setDocumentState }, store);
    await settle();
    store.getState().ui.setResultsOpen(false); // not a document change, but the last send failed
    expect(setDocumentState).toHaveBeenCalledTimes(2);
    store.getState().ui.setResultsOpen(true);
    expect(setDocumentState).toHaveBeenCalledTimes(2);
  });
});

describe('menu commands', () => {
  let stop: () => void = () => undefined;
  beforeEach(() => {
    Object.values(host.fns).forEach((fn) => fn.mockClear());
    useStore.getState().project.closed();
    stop = startDesktop(host.api);
  });
  afterEach(() => stop());

  it('Open… and Open Recent open a project (Open… with no path: the native dialog)', async () => {
    host.menu({ type: 'open-project' });
    await settle();
    expect(host.fns.openProject).toHaveBeenLastCalledWith({});
    expect(useStore.getState().project.current?.path).toBe('/picked/Chosen');

    host.menu({ type: 'open-recent', path: '/w/Recent' });
    await settle();
    expect(host.fns.openProject).toHaveBeenLastCalledWith({ path: '/w/Recent' });
    expect(useStore.getState().project.current?.path).toBe('/w/Recent');
  });

  it('New Project asks for the name', () => {
    host.menu({ type: 'new-project' });
    expect(useStore.getState().ui.prompt).toEqual({ purpose: 'new', initial: 'My project' });
    useStore.getState().ui.setPrompt(null);
  });

  it('Save saves the open project; Save As passes no name (the native dialog)', async () => {
    openInStore('/w/Houses');
    addTwoNodes();
    host.menu({ type: 'save' });
    await settle();
    expect(host.fns.saveProject).toHaveBeenCalledWith(expect.objectContaining({ projectPath: '/w/Houses' }));
    expect(documentStateOf(useStore.getState()).dirty).toBe(false);

    host.menu({ type: 'save-as' });
    await settle();
    const request = host.fns.saveProjectAs.mock.calls[0]?.[0] as Record<string, unknown>;
    expect(Object.keys(request).sort()).toEqual(['fromPath', 'graph']);
    expect(request['fromPath']).toBe('/w/Houses');
    expect(useStore.getState().project.current?.path).toBe('/saved/Elsewhere');
  });

  it('Save and Save As do nothing on the start screen', async () => {
    host.menu({ type: 'save' });
    host.menu({ type: 'save-as' });
    await settle();
    expect(host.fns.saveProject).not.toHaveBeenCalled();
    expect(host.fns.saveProjectAs).not.toHaveBeenCalled();
  });

  it('a closed native dialog is ignored quietly; other failures show a toast', async () => {
    const toastsShown = () => useStore.getState().ui.nextToastId;
    const before = toastsShown();
    host.fns.openProject.mockRejectedValueOnce(encodeBridgeError(new MwError('MW_DIALOG_CANCELLED').toInfo()));
    host.menu({ type: 'open-project' });
    await settle();
    expect(host.fns.openProject).toHaveBeenCalledTimes(1);
    expect(toastsShown()).toBe(before);
    expect(useStore.getState().project.current).toBeNull();

    host.fns.openProject.mockRejectedValueOnce(encodeBridgeError(new MwError('MW_INTERNAL', { message: 'disk on fire' }).toInfo()));
    host.menu({ type: 'open-project' });
    await settle();
    expect(useStore.getState().ui.toasts.at(-1)?.message).toBe('disk on fire');
  });

  it('with unsaved changes, asks before opening another project', async () => {
    openInStore('/w/Houses');
    addTwoNodes();
    host.menu({ type: 'open-recent', path: '/w/Other' });
    expect(useStore.getState().ui.leaving).toBe(true);
    expect(host.fns.openProject).not.toHaveBeenCalled();
    await finishClose('cancel');
    expect(host.fns.openProject).not.toHaveBeenCalled();

    host.menu({ type: 'open-recent', path: '/w/Other' });
    await finishClose('save');
    await settle();
    expect(host.fns.saveProject).toHaveBeenCalledTimes(1);
    expect(host.fns.openProject).toHaveBeenCalledWith({ path: '/w/Other' });
    expect(useStore.getState().project.current?.path).toBe('/w/Other');
  });

  it('Edit commands undo, redo, cut, copy, paste and select all on the canvas', () => {
    openInStore('/w/Houses');
    const [a, b] = addTwoNodes();
    const nodes = () => useStore.getState().graph.nodes;
    const selected = () => nodes().filter((n) => n.selected === true).map((n) => n.id);

    host.menu({ type: 'edit', action: 'selectAll' });
    expect(selected()).toEqual([a, b]);
    host.menu({ type: 'edit', action: 'copy' });
    expect(useStore.getState().ui.clipboard?.nodes.map((n) => n.id)).toEqual([a, b]);
    host.menu({ type: 'edit', action: 'paste' });
    expect(nodes()).toHaveLength(4);
    host.menu({ type: 'edit', action: 'undo' });
    expect(nodes()).toHaveLength(2);
    host.menu({ type: 'edit', action: 'redo' });
    expect(nodes()).toHaveLength(4);
    useStore.getState().graph.select([a as string]);
    host.menu({ type: 'edit', action: 'cut' });
    expect(nodes().map((n) => n.id)).not.toContain(a);
    expect(useStore.getState().ui.clipboard?.nodes.map((n) => n.id)).toEqual([a]);
  });

  it('ignores commands it does not know, and stops listening when stopped', () => {
    openInStore('/w/Houses');
    addTwoNodes();
    host.menu({ type: 'format-disk' });
    host.menu({ type: 'edit', action: 'delete-everything' });
    expect(useStore.getState().graph.nodes).toHaveLength(2);
    expect(host.subscribed).toBe(true);
    stop();
    expect(host.subscribed).toBe(false);
  });

  it('handleMenuCommand is the same mapping without the window', () => {
    openInStore('/w/Houses');
    addTwoNodes();
    handleMenuCommand({ type: 'edit', action: 'undo' });
    expect(useStore.getState().graph.nodes).toHaveLength(1);
  });
});

describe('dropped files in the desktop app', () => {
  beforeEach(() => {
    Object.values(host.fns).forEach((fn) => fn.mockClear());
    openInStore('/w/Houses');
  });

  it('are read in place by their real path, without an upload', async () => {
    host.fns.getPathForFile.mockReturnValueOnce('/Users/me/Downloads/houses.csv');
    const nodeId = useStore.getState().graph.addNode('csv-source', { x: 0, y: 0 }) as string;
    await importInto(nodeId, new File(['a,b\n1,2\n'], 'houses.csv'));
    expect(host.fns.importPath).toHaveBeenCalledWith({ projectPath: '/w/Houses', path: '/Users/me/Downloads/houses.csv', copy: false });
    expect(host.fns.beginImport).not.toHaveBeenCalled();
    expect(useStore.getState().graph.nodes.find((n) => n.id === nodeId)?.data.params['path']).toBe('/Users/me/Downloads/houses.csv');
  });

  it('without a path (a file made in the page) are uploaded', async () => {
    const nodeId = useStore.getState().graph.addNode('csv-source', { x: 0, y: 0 }) as string;
    await importInto(nodeId, new File(['a,b\n1,2\n'], 'made.csv'));
    expect(host.fns.importPath).not.toHaveBeenCalled();
    expect(host.fns.beginImport).toHaveBeenCalled();
  });
});
