/**
 * The object the preload exposes as `window.modelwright`, built from injected IPC functions so it is
 * unit-tested without Electron (preload.ts passes ipcRenderer's). Exactly the HostApi methods (each an
 * `invoke` on `modelwright:<method>`), `onEvent`, and the desktop extras of DesktopHostApi. Nothing here
 * hands the page an IPC object, an IPC event or a way to name a channel.
 */
import type { HostCalls } from '../engine/host/contract';
import type { RunEvent } from '../engine/run/events';
import { channelFor, EVENT_CHANNEL, hostMethodArity, MENU_CHANNEL, unwrapEnvelope } from '../engine/host/bridge';
import type { DesktopHostApi, DocumentState, DroppedFile, EditAction, MenuCommand } from '../engine/host/desktop-contract';

/** The focused element, as far as deciding "is the user typing in a text field" needs. */
export interface FocusedElement {
  readonly tagName: string;
  readonly isContentEditable?: boolean;
  readonly type?: string;
  readonly readOnly?: boolean;
  readonly disabled?: boolean;
}

export interface PreloadDeps {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  /** Subscribes to a main → window channel; the handler gets only the payload, never the IPC event. */
  on(channel: string, handler: (payload: unknown) => void): () => void;
  getPathForFile(file: DroppedFile): string;
  activeElement(): FocusedElement | null;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number', '']);

/** True when the focus is in something that edits text itself (inputs, text areas, contenteditable). */
export function isTextEditing(element: FocusedElement | null): boolean {
  if (element === null || element.disabled === true) return false;
  if (element.isContentEditable === true) return true;
  const tag = element.tagName.toUpperCase();
  if (tag === 'TEXTAREA') return element.readOnly !== true;
  if (tag === 'INPUT') return element.readOnly !== true && TEXT_INPUT_TYPES.has((element.type ?? '').toLowerCase());
  return false;
}

export function createPreloadApi(deps: PreloadDeps): DesktopHostApi {
  const call = async (method: string, args: unknown[]) => unwrapEnvelope(await deps.invoke(channelFor(method), ...args));

  const calls: Record<string, (request?: unknown) => Promise<unknown>> = {};
  for (const [method, arity] of Object.entries(hostMethodArity)) {
    // A method without a request gets no argument, whatever the page passed (an event, by mistake).
    calls[method] = arity === 'none' ? () => call(method, []) : (request?: unknown) => call(method, [request]);
  }

  const menuListeners = new Set<(command: MenuCommand) => void>();
  // One subscription for the page's lifetime: edit commands go to the focused text field (natively, in
  // main) or, when the user is not typing, to the canvas's listeners.
  deps.on(MENU_CHANNEL, (payload) => {
    const command = payload as MenuCommand;
    if (command.type === 'edit' && isTextEditing(deps.activeElement())) {
      void call('nativeEdit', [command.action satisfies EditAction]).catch(() => undefined);
      return;
    }
    for (const listener of menuListeners) listener(command);
  });

  return {
    ...(calls as unknown as HostCalls),
    onEvent(listener: (event: RunEvent) => void) {
      return deps.on(EVENT_CHANNEL, (payload) => listener(payload as RunEvent));
    },
    getPathForFile(file: DroppedFile) {
      return deps.getPathForFile(file);
    },
    async setDocumentState(state: DocumentState) {
      await call('setDocumentState', [state]);
    },
    onMenuCommand(listener: (command: MenuCommand) => void) {
      menuListeners.add(listener);
      return () => {
        menuListeners.delete(listener);
      };
    },
  };
}
