/**
 * The application menu as a template (pure data plus callbacks; main builds it with
 * Menu.buildFromTemplate). File and Edit items send menu commands to the window, which acts as if its
 * own button or shortcut had been used; the renderer owns the graph, main never edits it.
 *
 * Edit shortcuts: on Windows and Linux the page gets the keys itself (the canvas handles Ctrl+Z… and
 * text fields their native editing), so the accelerators are shown but not registered, and a shortcut
 * never fires twice. On macOS text fields need the menu for Cmd+C/V/Z, so they are registered there.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { EditAction, MenuCommand } from '../engine/host/desktop-contract';

export interface MenuInput {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  /** Development build: View offers reload and the dev tools. */
  readonly isDev: boolean;
  /** Recent projects, most recent first. */
  readonly recent: readonly { readonly name: string; readonly path: string }[];
  send(command: MenuCommand): void;
  showAbout(): void;
  openDocs(): void;
}

const MAX_RECENT = 10;

export function buildMenuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin';
  const send = (command: MenuCommand) => () => input.send(command);
  const edit = (label: string, action: EditAction, accelerator: string): MenuItemConstructorOptions => ({
    label,
    accelerator,
    registerAccelerator: mac,
    click: send({ type: 'edit', action }),
  });

  const recent: MenuItemConstructorOptions[] =
    input.recent.length === 0
      ? [{ label: 'No recent projects', enabled: false }]
      : input.recent.slice(0, MAX_RECENT).map((project) => ({
          label: project.name,
          sublabel: project.path,
          toolTip: project.path,
          click: send({ type: 'open-recent', path: project.path }),
        }));

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [{
        label: input.appName,
        submenu: [
          { label: `About ${input.appName}`, click: () => input.showAbout() },
          { type: 'separator' },
          { role: 'services' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { role: 'quit' },
        ],
      }]
    : [];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: send({ type: 'new-project' }) },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: send({ type: 'open-project' }) },
      { label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send({ type: 'save' }) },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: send({ type: 'save-as' }) },
      { type: 'separator' },
      // Opens the report preview in the window, whose Export buttons ask where to save (issue 6).
      { id: 'export-report', label: 'Export Report…', click: send({ type: 'export-report' }) },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' } as const]),
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      edit('Undo', 'undo', 'CmdOrCtrl+Z'),
      edit('Redo', 'redo', mac ? 'Cmd+Shift+Z' : 'Ctrl+Shift+Z'),
      { type: 'separator' },
      edit('Cut', 'cut', 'CmdOrCtrl+X'),
      edit('Copy', 'copy', 'CmdOrCtrl+C'),
      edit('Paste', 'paste', 'CmdOrCtrl+V'),
      edit('Select All', 'selectAll', 'CmdOrCtrl+A'),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(input.isDev ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { label: `${input.appName} Documentation`, click: () => input.openDocs() },
      ...(mac ? [] : [{ type: 'separator' } as const, { label: `About ${input.appName}`, click: () => input.showAbout() }]),
    ],
  };

  return [...appMenu, file, editMenu, view, ...(mac ? [{ role: 'windowMenu' } as const] : []), help];
}

/** The About box's detail text: versions and the engine backend in use. */
export function aboutDetail(info: { version: string; backend: string | null; electron: string; chrome: string; node: string; workspace: string }): string {
  const backend = info.backend ?? 'not loaded yet: the engine picks it at the first run (TensorFlow native with @tensorflow/tfjs-node, else WebAssembly)';
  return [
    `Version ${info.version}`,
    `Engine backend: ${backend}`,
    `Projects folder: ${info.workspace}`,
    '',
    `Electron ${info.electron} · Chromium ${info.chrome} · Node ${info.node}`,
  ].join('\n');
}
