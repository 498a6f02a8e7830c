/**
 * The preload of every Modelwright window (bundled to dist/electron/preload.cjs: a sandboxed preload is
 * CommonJS and may require only `electron`). Exposes exactly `window.modelwright` through contextBridge;
 * ipcRenderer itself never reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { createPreloadApi, type FocusedElement } from './preload-api';

const api = createPreloadApi({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on(channel, handler) {
    // The page gets the payload only: the IPC event would hand it `sender`, i.e. ipcRenderer.
    const listener = (_event: IpcRendererEvent, payload: unknown) => handler(payload);
    ipcRenderer.on(channel, listener);
    return () => {
      ipcRenderer.removeListener(channel, listener);
    };
  },
  getPathForFile: (file) => webUtils.getPathForFile(file as File),
  // This file is compiled without DOM types (electron/ is Node code); the preload does run in the page.
  activeElement: () => (globalThis as { document?: { activeElement: FocusedElement | null } }).document?.activeElement ?? null,
});

contextBridge.exposeInMainWorld('modelwright', api);
