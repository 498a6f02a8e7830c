/**
 * The desktop app's main process (bundled to dist/electron/main.mjs). It owns the window, the menus and
 * dialogs, serves the renderer from `app://modelwright`, implements HostApi over IPC (ipc.ts) with the
 * same host service as browser mode, and runs the engine in a utility process (engine-process.ts).
 * Every security decision is a pure function in security.ts; this file wires them to Electron.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  screen,
  session,
  shell,
  utilityProcess,
  type WebContents,
} from 'electron';
import { MwError } from '../engine/errors';
import { createEngineClient } from '../engine/host/engine-client';
import { createHostService, type HostService } from '../engine/host/service';
import { defaultWorkspace } from '../engine/project/workspace';
import { APP_ENTRY_URL, APP_SCHEME, mimeType, resolveAppFile } from './app-origin';
import { EVENT_CHANNEL, MENU_CHANNEL } from '../engine/host/bridge';
import type { DocumentState, MenuCommand } from '../engine/host/desktop-contract';
import { APP_NAME, CLOSE_PROMPT, closeChoice, closePromptMessage, WINDOW_OPEN_LOG, windowTitle } from './document';
import { utilityEngineSpawner } from './engine-process';
import { registerIpc } from './ipc';
import { aboutDetail, buildMenuTemplate } from './menu';
import { withNativeDialogs } from './native-dialogs';
import { createNodeFileAccess } from '../engine/io/node-files';
import { electronPdfPrinter } from './pdf-printer';
import { withReportExport } from './report-export';
import { appResponseHeaders, buildWebPreferences, decideLink, isAllowedNavigation } from './security';
import { placeWindow, readWindowState, writeWindowState, type WindowState } from './window-state';

/** The app's root: dist/electron/main.mjs → ../.. (the asar root when packaged). */
const root = fileURLToPath(new URL('../..', import.meta.url));
const bundleDir = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = join(root, 'renderer', 'dist');
const isDev = !app.isPackaged;
const log = (line: string) => process.stderr.write(`[modelwright] ${line}\n`);

// Tests and second profiles: a separate user-data folder (window state, single-instance lock).
const userDataOverride = process.env['MODELWRIGHT_USER_DATA'];
if (userDataOverride !== undefined && userDataOverride !== '') app.setPath('userData', userDataOverride);
app.setName(APP_NAME);

// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

protocol.registerSchemesAsPrivileged([
  // standard: relative URLs and a real origin; secure: a secure context (like https); no CORS bypass.
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // Another Modelwright is running: it gets focus (below, 'second-instance'); this one leaves.
  app.quit();
} else {
  void start().catch((error: unknown) => {
    log(`Modelwright could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  let window: BrowserWindow | null = null;
  let documentState: DocumentState = { projectName: null, dirty: false };
  /** Set when the user chose "Save" in the close prompt: close once the renderer reports it saved. */
  let closeAfterSaveUntil = 0;
  let allowClose = false;
  let recent: { name: string; path: string }[] = [];

  app.on('second-instance', () => {
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('web-contents-created', (_event, contents) => harden(contents));

  await app.whenReady();

  denyPermissions();
  protocol.handle(APP_SCHEME, serveAppFile);

  const workspace = defaultWorkspace();
  const engine = createEngineClient({ spawn: utilityEngineSpawner(utilityProcess, join(bundleDir, 'engine.mjs')), log });
  const service: HostService = createHostService({ mode: 'electron', workspace, examplesDir: join(root, 'examples'), version: app.getVersion(), engine });
  const withDialogs = withNativeDialogs(
    service,
    {
      async chooseProjectToOpen(defaultPath) {
        const options = { title: 'Open a Modelwright project', defaultPath, buttonLabel: 'Open', properties: ['openDirectory' as const] };
        const result = window === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(window, options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      async chooseSaveLocation(defaultPath) {
        const options = { title: 'Save the project as', defaultPath, buttonLabel: 'Save', nameFieldLabel: 'Project name', properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
        const result = window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
        return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath;
      },
    },
    workspace,
  );
  // Reports: the engine writes the HTML; main asks where (save dialog) and prints the PDF (printToPDF).
  const api = withReportExport(withDialogs, {
    workspace,
    printer: electronPdfPrinter({ BrowserWindow, session }),
    exportReportTo: (request, path) => service.exportReportTo(request, path),
    files: (folder) => createNodeFileAccess(folder),
    async chooseReportPath(defaultPath, format) {
      const filters = format === 'pdf' ? [{ name: 'PDF document', extensions: ['pdf'] }] : [{ name: 'Web page (HTML)', extensions: ['html'] }];
      const options = { title: 'Export the report', defaultPath, buttonLabel: 'Export', filters, properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
      const result = window === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(window, options);
      return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath;
    },
  });

  registerIpc(
    ipcMain,
    api,
    {
      async setDocumentState(state) {
        const projectChanged = state.projectPath !== documentState.projectPath;
        documentState = state;
        if (window !== null && !window.isDestroyed()) {
          window.setTitle(windowTitle(state));
          if (process.platform === 'darwin') {
            window.setDocumentEdited(state.dirty);
            window.setRepresentedFilename(state.projectPath ?? '');
          }
          if (!state.dirty && Date.now() < closeAfterSaveUntil) {
            allowClose = true;
            window.close();
          }
        }
        if (projectChanged) await refreshMenu();
      },
      async nativeEdit(action, event) {
        const contents = event.sender;
        if (action === 'undo') contents.undo();
        else if (action === 'redo') contents.redo();
        else if (action === 'cut') contents.cut();
        else if (action === 'copy') contents.copy();
        else if (action === 'paste') contents.paste();
        else contents.selectAll();
      },
    },
    { onRefused: (channel, error) => log(`Refused ${channel}: ${error.message}`) },
  );

  service.onEvent((event) => {
    if (window !== null && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  });

  function send(command: MenuCommand): void {
    if (window === null || window.isDestroyed()) return;
    window.webContents.send(MENU_CHANNEL, command);
    window.focus();
  }

  async function refreshMenu(): Promise<void> {
    recent = await api.listRecentProjects().then((list) => list.map(({ name, path }) => ({ name, path }))).catch(() => recent);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          appName: APP_NAME,
          isDev,
          recent,
          send,
          showAbout: () => void showAbout(),
          openDocs: () => void openDocs(),
        }),
      ),
    );
  }

  async function showAbout(): Promise<void> {
    const info = await api.getInfo();
    const detail = aboutDetail({ version: info.version, backend: info.backend, electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node, workspace: info.workspace });
    const options = { type: 'info' as const, title: `About ${APP_NAME}`, message: APP_NAME, detail, buttons: ['OK'] };
    if (window === null) await dialog.showMessageBox(options);
    else await dialog.showMessageBox(window, options);
  }

  async function openDocs(): Promise<void> {
    // Packaged: the docs are copied next to the asar (extraResources), where the OS can open them.
    const docs = app.isPackaged ? join(process.resourcesPath, 'docs', 'desktop.md') : join(root, 'docs', 'desktop.md');
    const failure = await shell.openPath(docs);
    if (failure !== '') log(`Could not open the documentation (${docs}): ${failure}`);
  }

  async function createWindow(): Promise<BrowserWindow> {
    const stateFile = join(app.getPath('userData'), 'window-state.json');
    const saved = await readWindowState(stateFile);
    const placement = placeWindow(saved, screen.getAllDisplays().map((display) => display.workArea));
    const win = new BrowserWindow({
      ...placement.bounds,
      minWidth: 800,
      minHeight: 560,
      show: false,
      title: APP_NAME,
      backgroundColor: '#f7f7f8',
      webPreferences: buildWebPreferences({ preload: join(bundleDir, 'preload.cjs'), devTools: isDev }),
    });
    // The title follows the project (setDocumentState), not the page's <title>.
    win.on('page-title-updated', (event) => event.preventDefault());
    win.once('ready-to-show', () => {
      if (placement.maximized) win.maximize();
      if (placement.fullScreen) win.setFullScreen(true);
      win.show();
    });
    win.on('close', (event) => {
      if (!allowClose && documentState.dirty) {
        event.preventDefault();
        void promptToSave(win);
        return;
      }
      const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized(), fullScreen: win.isFullScreen() };
      void writeWindowState(stateFile, state).catch((error: unknown) => log(`Could not remember the window size: ${String(error)}`));
    });
    win.on('closed', () => {
      if (window === win) window = null;
    });
    let reloads = 0;
    win.webContents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit' || win.isDestroyed()) return;
      // A page that keeps crashing is not reloaded forever.
      const reload = reloads++ < 3;
      log(`The window's page stopped (${details.reason}, exit code ${details.exitCode})${reload ? '; reloading it' : ''}. Projects on disk and the autosave are kept.`);
      if (reload) void win.loadURL(APP_ENTRY_URL);
    });
    await win.loadURL(APP_ENTRY_URL);
    return win;
  }

  async function promptToSave(win: BrowserWindow): Promise<void> {
    const { response } = await dialog.showMessageBox(win, {
      type: 'question',
      buttons: [...CLOSE_PROMPT.buttons],
      defaultId: CLOSE_PROMPT.defaultId,
      cancelId: CLOSE_PROMPT.cancelId,
      message: closePromptMessage(documentState),
      detail: "Your changes will be lost if you don't save them.",
    });
    const choice = closeChoice(response);
    if (choice === 'save') {
      // The renderer saves as if Save had been chosen, then reports a clean state; then the window closes.
      closeAfterSaveUntil = Date.now() + 60_000;
      send({ type: 'save' });
    } else if (choice === 'discard') {
      allowClose = true;
      win.close();
    }
  }

  app.on('window-all-closed', () => app.quit());
  // Stop the engine only once the windows are gone (a close prompt may still cancel the quit before).
  let shutDown = false;
  app.on('will-quit', (event) => {
    if (shutDown) return;
    shutDown = true;
    event.preventDefault();
    void service.close().finally(() => app.quit());
  });

  await refreshMenu();
  window = await createWindow();
  // Playwright and people reading the terminal: the window is up.
  process.stderr.write(`${WINDOW_OPEN_LOG} ${APP_ENTRY_URL}; projects in ${workspace}.\n`);
}

/** Serves renderer/dist at app://modelwright/ with the CSP and security headers on every response. */
async function serveAppFile(request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
  const file = resolveAppFile(rendererDir, request.url);
  if (file === null) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: appResponseHeaders(mimeType(file)) });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

/** No permission is ever granted: Modelwright needs no camera, microphone, location, notifications… */
function denyPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/**
 * Applied to every web contents the app ever creates: no navigation away from the app, no new windows,
 * no <webview>, and https links to the system browser only right after a real click or key press.
 */
function harden(contents: WebContents): void {
  let lastGesture = Number.NEGATIVE_INFINITY;
  contents.on('before-mouse-event', (_event, mouse) => {
    if (mouse.type === 'mouseDown' || mouse.type === 'mouseUp') lastGesture = Date.now();
  });
  contents.on('before-input-event', (_event, input) => {
    if (input.type === 'keyDown') lastGesture = Date.now();
  });
  const openIfClicked = (url: string) => {
    const decision = decideLink(url, Date.now() - lastGesture);
    if (decision.action === 'open-external') void shell.openExternal(decision.url);
  };
  contents.setWindowOpenHandler(({ url }) => {
    openIfClicked(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    openIfClicked(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
}

// A fatal error before the window exists must not leave a process behind.
process.on('unhandledRejection', (reason) => {
  log(`Unhandled: ${reason instanceof MwError ? `${reason.code} ${reason.message}` : String(reason)}`);
});
