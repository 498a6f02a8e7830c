/**
 * The open document as main sees it (from the renderer's setDocumentState): the window title with the
 * unsaved marker, and what closing the window does.
 */
import type { DocumentState } from '../engine/host/desktop-contract';

export const APP_NAME = 'Modelwright';
/** Main logs this (then the URL) once the window is open; the launcher waits for it (launch.ts). */
export const WINDOW_OPEN_LOG = '[modelwright] Window open at';

/** "• Houses — Modelwright" while unsaved, "Houses — Modelwright" once saved, "Modelwright" with no project. */
export function windowTitle(state: DocumentState): string {
  if (state.projectName === null) return APP_NAME;
  return `${state.dirty ? '• ' : ''}${state.projectName} — ${APP_NAME}`;
}

/** The close prompt's buttons, in order; `cancelId` is what Escape picks. */
export const CLOSE_PROMPT = {
  buttons: ['Save', "Don't Save", 'Cancel'],
  defaultId: 0,
  cancelId: 2,
} as const;

export type CloseChoice = 'save' | 'discard' | 'cancel';

export function closeChoice(response: number): CloseChoice {
  return response === 0 ? 'save' : response === 1 ? 'discard' : 'cancel';
}

export function closePromptMessage(state: DocumentState): string {
  return `Do you want to save the changes to "${state.projectName ?? 'Untitled'}"?`;
}
