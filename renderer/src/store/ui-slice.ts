/** The ui slice: panels, dialogs, toasts, connection state and import progress. No graph data here. */
import type { ErrorInfo } from '../../../engine/errors';
import type { Fragment } from '../graph/clipboard';
import type { ConnectionState } from '../host';
import type { SetState, SliceCreator } from './types';

export type ResultsTab = 'data' | 'training' | 'metrics' | 'predictions' | 'log';
export type { ConnectionState } from '../host';

export interface Toast {
  readonly id: number;
  readonly kind: 'info' | 'error' | 'success';
  readonly message: string;
  readonly hint?: string;
}

export interface ImportProgress {
  readonly nodeId: string;
  readonly fileName: string;
  /** Bytes sent / total, 0…1. */
  readonly fraction: number;
  readonly phase: 'uploading' | 'reading' | 'done' | 'failed';
  readonly error?: ErrorInfo;
}

export interface UiData {
  readonly resultsTab: ResultsTab;
  /** The user picked the tab (so selection changes do not switch it). */
  readonly resultsTabPinned: boolean;
  readonly resultsOpen: boolean;
  readonly shortcutsOpen: boolean;
  readonly toasts: readonly Toast[];
  readonly nextToastId: number;
  readonly connection: ConnectionState;
  readonly imports: Readonly<Record<string, ImportProgress>>;
  readonly clipboard: Fragment | null;
  /** A modal asking for a project name: what it is for. */
  readonly prompt: { readonly purpose: 'new' | 'save-as'; readonly initial: string } | null;
  /** Asking whether to save before closing the project. */
  readonly leaving: boolean;
}

export interface UiActions {
  setResultsTab(tab: ResultsTab, pinned?: boolean): void;
  setResultsOpen(open: boolean): void;
  setShortcutsOpen(open: boolean): void;
  /** Shows a toast; returns its id. */
  toast(kind: Toast['kind'], message: string, hint?: string): number;
  dismissToast(id: number): void;
  setConnection(state: ConnectionState): void;
  setImport(progress: ImportProgress): void;
  clearImport(nodeId: string): void;
  setClipboard(fragment: Fragment): void;
  setPrompt(prompt: UiData['prompt']): void;
  setLeaving(leaving: boolean): void;
}

export type UiSlice = UiData & UiActions;

const TOAST_LIMIT = 4;

export const createUiSlice: SliceCreator<'ui'> = (set: SetState) => {
  const update = (f: (u: UiSlice) => Partial<UiData>) => set((s) => ({ ui: { ...s.ui, ...f(s.ui) } }));
  let lastId = 0;
  return {
    resultsTab: 'data',
    resultsTabPinned: false,
    resultsOpen: true,
    shortcutsOpen: false,
    toasts: [],
    nextToastId: 1,
    connection: 'connecting',
    imports: {},
    clipboard: null,
    prompt: null,
    leaving: false,

    setResultsTab(tab, pinned = false) {
      update(() => ({ resultsTab: tab, resultsTabPinned: pinned, resultsOpen: true }));
    },
    setResultsOpen(open) {
      update(() => ({ resultsOpen: open }));
    },
    setShortcutsOpen(open) {
      update(() => ({ shortcutsOpen: open }));
    },
    toast(kind, message, hint) {
      update((u) => {
        lastId = u.nextToastId;
        const toast: Toast = { id: lastId, kind, message, ...(hint === undefined ? {} : { hint }) };
        return { toasts: [...u.toasts, toast].slice(-TOAST_LIMIT), nextToastId: lastId + 1 };
      });
      return lastId;
    },
    dismissToast(id) {
      update((u) => ({ toasts: u.toasts.filter((t) => t.id !== id) }));
    },
    setConnection(connection) {
      update(() => ({ connection }));
    },
    setImport(progress) {
      update((u) => ({ imports: { ...u.imports, [progress.nodeId]: progress } }));
    },
    clearImport(nodeId) {
      update((u) => {
        const { [nodeId]: _gone, ...rest } = u.imports;
        return { imports: rest };
      });
    },
    setClipboard(clipboard) {
      update(() => ({ clipboard }));
    },
    setPrompt(prompt) {
      update(() => ({ prompt }));
    },
    setLeaving(leaving) {
      update(() => ({ leaving }));
    },
  };
};
