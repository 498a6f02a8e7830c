/**
 * The query box's own state: what is being asked, the last result, and the project's history. Kept out
 * of the app store because nothing else reads it; graph edits still go through the graph slice. Actions
 * only compute and set; renderer/src/query/service.ts calls the host.
 */
import { create } from 'zustand';
import type { ErrorInfo } from '../../../engine/errors';
import type { AskResponse } from '../../../engine/host/contract';
import { withAsked, type QueryHistoryEntry } from '../../../engine/query/history';

/** A graph edit the box applied: the revision it produced, so "Undo" only undoes that very edit. */
export interface AppliedEdit {
  readonly rev: number;
  readonly undone: boolean;
}

export interface QueryState {
  readonly text: string;
  /** The question being answered (null when idle). */
  readonly pending: string | null;
  /** The question the shown result answers. */
  readonly asked: string | null;
  readonly result: AskResponse | null;
  /** A failure of the call itself (the host is unreachable…), not a question without an answer. */
  readonly failure: ErrorInfo | null;
  readonly applied: AppliedEdit | null;
  /** The answer was pinned (to the Report node, or in the history). */
  readonly pinned: boolean;
  readonly open: boolean;
  readonly historyOpen: boolean;
  /** The history of this project, most recent first. */
  readonly history: readonly QueryHistoryEntry[];
  /** Which project the history belongs to. */
  readonly historyOf: string | null;

  setText(text: string): void;
  asking(text: string): void;
  answered(text: string, result: AskResponse, applied: AppliedEdit | null): void;
  failed(text: string, failure: ErrorInfo): void;
  editUndone(): void;
  markPinned(history?: readonly QueryHistoryEntry[]): void;
  setOpen(open: boolean): void;
  setHistoryOpen(open: boolean): void;
  setHistory(projectPath: string | null, history: readonly QueryHistoryEntry[]): void;
}

export const useQueryStore = create<QueryState>()((set) => ({
  text: '',
  pending: null,
  asked: null,
  result: null,
  failure: null,
  applied: null,
  pinned: false,
  open: false,
  historyOpen: false,
  history: [],
  historyOf: null,

  setText: (text) => set({ text }),
  asking: (text) => set({ pending: text, open: true, historyOpen: false }),
  answered: (text, result, applied) =>
    set((s) => ({
      pending: null,
      asked: text,
      text,
      result,
      failure: null,
      applied,
      pinned: false,
      open: true,
      history: result.entry === undefined ? s.history : withAsked(s.history, result.entry),
    })),
  failed: (text, failure) => set({ pending: null, asked: text, result: null, failure, applied: null, pinned: false, open: true }),
  editUndone: () => set((s) => (s.applied === null ? {} : { applied: { ...s.applied, undone: true } })),
  markPinned: (history) => set(history === undefined ? { pinned: true } : { pinned: true, history }),
  setOpen: (open) => set(open ? { open } : { open, historyOpen: false }),
  setHistoryOpen: (historyOpen) => set({ historyOpen }),
  setHistory: (historyOf, history) => set({ historyOf, history, result: null, asked: null, failure: null, applied: null, open: false, historyOpen: false }),
}));
