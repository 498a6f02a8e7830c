/**
 * HostApi over Electron IPC: one wrapper registers `ipcMain.handle('modelwright:<method>')` for every
 * method of the contract (and the desktop-only ones), and every call goes through the same gate:
 *
 *   1. the sender frame must be the app's own top-level page (`app://modelwright/…`), else
 *      MW_IPC_BAD_SENDER;
 *   2. the payload must be exactly one value that the method's zod schema accepts, else
 *      MW_IPC_BAD_PAYLOAD (engine/host/dispatch.ts also checks the response);
 *   3. only then does the implementation run.
 *
 * Handlers never throw across IPC (Electron would flatten the error to a string): they resolve to an
 * Envelope, which the preload unwraps. The registry and the event are structural types, so tests pass
 * a fake ipcMain and fake events; main.ts passes Electron's `ipcMain`.
 */
import { MwError, toErrorInfo, type ErrorInfo } from '../engine/errors';
import { badPayload, hostMethodNames, type HostCalls } from '../engine/host/contract';
import { dispatch } from '../engine/host/dispatch';
import { isAppUrl } from './app-origin';
import { channelFor, desktopMethodNames, type Envelope } from '../engine/host/bridge';
import { desktopMethods, type DocumentState, type EditAction } from '../engine/host/desktop-contract';

/** What the gate reads from an invoke event (a subset of Electron's IpcMainInvokeEvent). */
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** The part of Electron's `ipcMain` the wrapper uses. */
export interface IpcRegistry<E extends InvokeEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<Envelope>): void;
  removeHandler(channel: string): void;
}

/** Desktop-only methods; they get the invoke event (to find the sender's window). */
export interface DesktopHandlers<E> {
  setDocumentState(state: DocumentState, event: E): Promise<void>;
  nativeEdit(action: EditAction, event: E): Promise<void>;
}

export interface RegisterIpcOptions<E> {
  /** Called for every call refused for its sender or its argument count (main logs them). */
  readonly onRefused?: (channel: string, error: ErrorInfo, event: E) => void;
}

/** Why the sender may not call the host, or null when it is the app's own top-level page. */
export function senderRefusal(event: InvokeEventLike): ErrorInfo | null {
  let url: unknown;
  let isTop = false;
  try {
    // Reading a frame that navigated away or was destroyed throws in Electron: refuse it too.
    const frame = event.senderFrame;
    url = frame?.url;
    isTop = frame !== null && frame !== undefined && frame.parent === null;
  } catch {
    url = undefined;
  }
  if (isTop && isAppUrl(url)) return null;
  const from = typeof url !== 'string' ? 'a frame that no longer exists' : `${isTop ? '' : 'a sub-frame at '}"${url.slice(0, 200)}"`;
  return new MwError('MW_IPC_BAD_SENDER', { message: `A request from ${from} was refused: only the Modelwright window may call the host.` }).toInfo();
}

/** The one request value of a call, or MW_IPC_BAD_PAYLOAD when the page sent more than one. */
function singleArgument(channel: string, args: readonly unknown[]): { ok: true; value: unknown } | { ok: false; error: ErrorInfo } {
  if (args.length <= 1) return { ok: true, value: args[0] };
  return { ok: false, error: new MwError('MW_IPC_BAD_PAYLOAD', { message: `The ${channel} call has ${args.length} arguments; it takes at most one.` }).toInfo() };
}

async function callDesktop<E>(handlers: DesktopHandlers<E>, method: (typeof desktopMethodNames)[number], params: unknown, event: E): Promise<Envelope> {
  const schema = desktopMethods[method];
  const request = schema.request.safeParse(params);
  if (!request.success) return { ok: false, error: badPayload(`${method} request`, request.error) };
  try {
    switch (method) {
      case 'setDocumentState':
        await handlers.setDocumentState(request.data as DocumentState, event);
        break;
      case 'nativeEdit':
        await handlers.nativeEdit(request.data as EditAction, event);
        break;
    }
    return { ok: true, result: undefined };
  } catch (thrown) {
    return { ok: false, error: toErrorInfo(thrown) };
  }
}

/**
 * Registers the handler of every HostApi and desktop method; returns a function that removes them.
 * `api` is the host service (with native dialogs in Electron); its methods only ever see payloads that
 * passed the gate.
 */
export function registerIpc<E extends InvokeEventLike>(registry: IpcRegistry<E>, api: HostCalls, desktop: DesktopHandlers<E>, options: RegisterIpcOptions<E> = {}): () => void {
  const channels: string[] = [];

  function gate(channel: string, call: (params: unknown, event: E) => Promise<Envelope>): void {
    channels.push(channel);
    registry.handle(channel, async (event, ...args) => {
      const refusal = senderRefusal(event) ?? (() => {
        const single = singleArgument(channel, args);
        return single.ok ? null : single.error;
      })();
      if (refusal !== null) {
        options.onRefused?.(channel, refusal, event);
        return { ok: false, error: refusal };
      }
      return call(args[0], event);
    });
  }

  for (const method of hostMethodNames) {
    gate(channelFor(method), async (params) => {
      const result = await dispatch(api, method, params);
      return result.ok ? { ok: true, result: result.result } : { ok: false, error: result.error };
    });
  }
  for (const method of desktopMethodNames) {
    gate(channelFor(method), (params, event) => callDesktop(desktop, method, params, event));
  }

  return () => {
    for (const channel of channels) registry.removeHandler(channel);
  };
}
