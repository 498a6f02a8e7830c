/**
 * The renderer's one way to the host: `getHost()` returns Electron's `window.modelwright` (exposed by
 * the preload) when present, else the browser-mode WebSocket client, built from the page's location and
 * the access token in its URL (`?token=…`, kept in sessionStorage so the page can drop it from the URL).
 */
import { HostError, hostMethodNames, type HostApi } from '../../../engine/host/contract';
import { decodeBridgeError } from '../../../engine/host/bridge';
import type { DesktopHostApi } from '../../../engine/host/desktop-contract';
import type { RunEvent } from '../../../engine/run/events';
import { createWebSocketHost, type ConnectionState, type WebSocketHost } from './ws-client';

declare global {
  interface Window {
    /** Exposed by Electron's preload through contextBridge; absent in browser mode. */
    readonly modelwright?: DesktopHostApi;
  }
}

/** The desktop window's extras (file paths of drops, document state, menu commands), or null in browser mode. */
export function desktopHost(): DesktopHostApi | null {
  return window.modelwright ?? null;
}

/**
 * contextBridge keeps only an Error's message, so the preload encodes the ErrorInfo into it; this puts
 * the coded HostError back, so the UI shows the real code instead of MW_INTERNAL.
 */
function fromDesktopBridge(api: DesktopHostApi): HostApi {
  const wrapped: Record<string, unknown> = { onEvent: (listener: (event: RunEvent) => void) => api.onEvent(listener) };
  for (const method of hostMethodNames) {
    const call = api[method] as (...args: unknown[]) => Promise<unknown>;
    wrapped[method] = (...args: unknown[]) =>
      call(...args).catch((thrown: unknown) => {
        const info = decodeBridgeError(thrown);
        throw info === null ? thrown : new HostError(info);
      });
  }
  return wrapped as unknown as HostApi;
}

const TOKEN_KEY = 'modelwright.token';
const WS_PATH = '/ws';

let host: HostApi | undefined;
let socketHost: WebSocketHost | undefined;

/** The browser-mode WebSocket URL for this page: same host and port, path /ws, the page's token. */
export function webSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>, storage?: Pick<Storage, 'getItem' | 'setItem'>): string {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl !== null && fromUrl !== '') storage?.setItem(TOKEN_KEY, fromUrl);
  const token = fromUrl ?? storage?.getItem(TOKEN_KEY) ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
}

function sessionStore(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

export function getHost(): HostApi {
  if (host !== undefined) return host;
  if (window.modelwright !== undefined) {
    host = fromDesktopBridge(window.modelwright);
  } else {
    socketHost = createWebSocketHost({ url: webSocketUrl(window.location, sessionStore()) });
    host = socketHost;
  }
  return host;
}

/** The connection to the host: always 'open' in Electron (IPC does not drop). */
export function connectionState(): ConnectionState {
  getHost();
  return socketHost?.connection ?? 'open';
}

/** Calls `listener` when the connection to the host changes; returns the unsubscribe function. */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  getHost();
  return socketHost?.onConnectionChange(listener) ?? (() => undefined);
}

export type { ConnectionState, WebSocketHost } from './ws-client';
export { createWebSocketHost, hostErrorInfo } from './ws-client';
export { uploadFile, type UploadProgress } from './upload';
