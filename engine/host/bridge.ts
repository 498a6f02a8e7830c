/**
 * What the main process and the preload agree on, without zod (the sandboxed preload is bundled from
 * this and stays small): channel names, which HostApi methods take a request, the reply envelope, and
 * how a coded error survives the trip through contextBridge.
 *
 * contextBridge copies an Error's message but drops its other properties (Electron's context-isolation
 * docs), so a rejected call carries its ErrorInfo as JSON after a marker in the message; the renderer
 * turns it back into a HostError with `decodeBridgeError` (proposed to move to engine/host/contract.ts
 * so the renderer can import it).
 */
import type { ErrorInfo } from '../errors';
import type { HostCalls, HostMethod } from './contract';

/** Every IPC channel of the app starts with this. */
export const CHANNEL_PREFIX = 'modelwright:';
/** Run events, main → window. */
export const EVENT_CHANNEL = `${CHANNEL_PREFIX}event`;
/** Menu commands, main → window. */
export const MENU_CHANNEL = `${CHANNEL_PREFIX}menu`;

export function channelFor(method: string): string {
  return `${CHANNEL_PREFIX}${method}`;
}

/**
 * Each HostApi method and whether it takes a request object. A method that takes none is invoked with
 * no argument whatever the page passed (its schema is z.void()). ipc.test.ts checks this against the
 * contract's `hostMethods`; the type below makes a missing or extra method a compile error.
 */
export const hostMethodArity = {
  getInfo: 'none',
  run: 'request',
  cancel: 'request',
  inspectFile: 'request',
  beginImport: 'request',
  importChunk: 'request',
  finishImport: 'request',
  abortImport: 'request',
  importPath: 'request',
  newProject: 'request',
  openProject: 'request',
  saveProject: 'request',
  saveProjectAs: 'request',
  listRecentProjects: 'none',
  listProjects: 'none',
  autosave: 'request',
  checkRecovery: 'request',
  restoreAutosave: 'request',
  discardAutosave: 'request',
  listExamples: 'none',
  openExample: 'request',
  ask: 'request',
  listQueries: 'request',
  pinQuery: 'request',
  runStoreState: 'request',
  listRuns: 'request',
  getRun: 'request',
  compareRuns: 'request',
  setRunNotes: 'request',
  setRunTags: 'request',
  restoreGraph: 'request',
  promoteRun: 'request',
  getChampion: 'request',
  exportRunMlflow: 'request',
  previewReport: 'request',
  exportReport: 'request',
} as const satisfies Record<HostMethod, 'none' | 'request'>;

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time check: the table names exactly the HostApi's methods. */
export const arityCoversContract: Exactly<keyof typeof hostMethodArity, keyof HostCalls> = true;

/** The desktop-only methods (desktop-contract.ts), on the same prefixed channels. */
export const desktopMethodNames = ['setDocumentState', 'nativeEdit'] as const;
export type DesktopMethod = (typeof desktopMethodNames)[number];

/** What every `modelwright:<method>` handler returns: the ipc.ts wrapper never throws across IPC. */
export type Envelope = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: ErrorInfo };

const MARKER = '[modelwright-error]';

/** An Error whose message carries `info` across contextBridge (readable as it is, if not decoded). */
export function encodeBridgeError(info: ErrorInfo): Error {
  const error = new Error(`${info.code}: ${info.message} ${MARKER}${JSON.stringify(info)}`);
  error.name = 'HostError';
  return error;
}

/**
 * The ErrorInfo carried by an error from the bridge, or null when it carries none. Only the shape is
 * checked here (this module has no zod); callers that need more validate with `errorInfoSchema`.
 */
export function decodeBridgeError(thrown: unknown): ErrorInfo | null {
  const message = thrown instanceof Error ? thrown.message : typeof thrown === 'string' ? thrown : null;
  if (message === null) return null;
  const at = message.indexOf(MARKER);
  if (at < 0) return null;
  try {
    const info = JSON.parse(message.slice(at + MARKER.length)) as unknown;
    if (typeof info !== 'object' || info === null) return null;
    const { code, message: text, hint, location } = info as Record<string, unknown>;
    if (typeof code !== 'string' || !code.startsWith('MW_') || typeof text !== 'string' || typeof hint !== 'string') return null;
    if (typeof location !== 'object' || location === null) return null;
    return info as ErrorInfo;
  } catch {
    return null;
  }
}

/** Reads a handler's reply in the preload: the result, or throws the encoded error. */
export function unwrapEnvelope(reply: unknown): unknown {
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    const envelope = reply as Envelope;
    if (envelope.ok) return envelope.result;
    throw encodeBridgeError(envelope.error);
  }
  throw encodeBridgeError({
    code: 'MW_INTERNAL',
    message: 'The desktop host sent a reply the app does not understand.',
    hint: 'This is a bug in Modelwright; restart the app.',
    location: {},
  });
}
