/**
 * The desktop-only part of the contract: what the Electron window exposes beyond HostApi, and the menu
 * commands main sends to the window. Validated by the same IPC wrapper as HostApi (ipc.ts).
 *
 * Proposed to move into engine/host/contract.ts (pure), so the renderer can import the types and the
 * `menuCommandSchema` by value; until then the renderer declares `window.modelwright` as `HostApi`.
 */
import { z } from 'zod';
import type { HostApi } from './contract';
import type { DesktopMethod } from './bridge';

const hostPath = z.string().min(1).max(4096);

/** The window title and the close prompt follow this; the renderer sends it whenever it changes. */
export const documentStateSchema = z.strictObject({
  /** The open project's name, or null on the start screen. */
  projectName: z.string().max(200).nullable(),
  /** Its folder (macOS shows it as the window's represented file). */
  projectPath: hostPath.optional(),
  /** The graph has edits that are not saved. */
  dirty: z.boolean(),
});
export type DocumentState = z.infer<typeof documentStateSchema>;

/** Edit menu actions. */
export const editActionSchema = z.enum(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
export type EditAction = z.infer<typeof editActionSchema>;

/**
 * Menu commands, main → window on the `modelwright:menu` channel. The renderer handles each as if the
 * matching button or shortcut had been used. Edit actions reach it only when the focus is not in a text
 * field: the preload routes those to the field itself (see preload.ts).
 */
export const menuCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('new-project') }),
  /** Open… : the renderer calls openProject({}), which shows the native open dialog. */
  z.strictObject({ type: z.literal('open-project') }),
  /** Open Recent ▸ a project: openProject({ path }). */
  z.strictObject({ type: z.literal('open-recent'), path: hostPath }),
  z.strictObject({ type: z.literal('save') }),
  /** Save As… : saveProjectAs without name or path, which shows the native save dialog. */
  z.strictObject({ type: z.literal('save-as') }),
  /** File ▸ Export Report… : opens the report preview, whose buttons export it. */
  z.strictObject({ type: z.literal('export-report') }),
  z.strictObject({ type: z.literal('edit'), action: editActionSchema }),
]);
export type MenuCommand = z.infer<typeof menuCommandSchema>;

/** The desktop-only IPC methods: request and response schemas, as in `hostMethods`. */
export const desktopMethods = {
  setDocumentState: { request: documentStateSchema, response: z.void() },
  /** The preload asks main to run a native editing command in the focused text field. */
  nativeEdit: { request: editActionSchema, response: z.void() },
} as const satisfies Record<DesktopMethod, { request: z.ZodType; response: z.ZodType }>;
export type DesktopTableMethod = keyof typeof desktopMethods;

/** Minimal File shape, so this file needs no DOM types; the preload passes the page's real File. */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

/**
 * `window.modelwright` in the desktop app: exactly HostApi, plus what only a desktop window has.
 * Browser mode exposes nothing (the renderer uses its WebSocket client there).
 */
export interface DesktopHostApi extends HostApi {
  /** The real path of a file dropped from the OS file manager ('' for files made in the page). */
  getPathForFile(file: DroppedFile): string;
  /** Tells the window which project is open and whether it has unsaved edits (title, close prompt). */
  setDocumentState(state: DocumentState): Promise<void>;
  /** Subscribes to menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
