/**
 * Undo/redo for the graph: every edit is one command that stores the previous nodes and edges. Arrays
 * are shared structurally, so a snapshot costs two references. Consecutive edits with the same
 * coalesce key (typing into one field) make one command; a drag is one command from start to drop.
 */
import type { FlowEdge, FlowNode } from '../graph/types';

export interface Snapshot {
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  /** Revision id of this state: the project is unsaved when the current rev differs from the saved one. */
  readonly rev: number;
}

export interface History {
  readonly past: readonly Snapshot[];
  readonly future: readonly Snapshot[];
  /** Key of the last command, when it may absorb the next edit with the same key. */
  readonly coalesceKey: string | null;
  /** The state before a drag in progress (committed as one command on drop). */
  readonly dragStart: Snapshot | null;
  /** Last revision id handed out; revisions are never reused, so undo-then-edit is a new state. */
  readonly lastRev: number;
}

export const HISTORY_LIMIT = 200;

export const emptyHistory: History = { past: [], future: [], coalesceKey: null, dragStart: null, lastRev: 0 };

/** Records `before` as an undo step (unless coalesced) and returns the history and the new rev. */
export function record(history: History, before: Snapshot, coalesceKey: string | null): { history: History; rev: number } {
  const rev = history.lastRev + 1;
  if (coalesceKey !== null && history.coalesceKey === coalesceKey && history.past.length > 0) {
    return { history: { ...history, future: [], lastRev: rev }, rev };
  }
  const past = [...history.past, before].slice(-HISTORY_LIMIT);
  return { history: { ...history, past, future: [], coalesceKey, lastRev: rev }, rev };
}

export function undo(history: History, current: Snapshot): { history: History; state: Snapshot } | null {
  const state = history.past[history.past.length - 1];
  if (state === undefined) return null;
  return { history: { ...history, past: history.past.slice(0, -1), future: [current, ...history.future], coalesceKey: null, dragStart: null }, state };
}

export function redo(history: History, current: Snapshot): { history: History; state: Snapshot } | null {
  const state = history.future[0];
  if (state === undefined) return null;
  return { history: { ...history, past: [...history.past, current], future: history.future.slice(1), coalesceKey: null, dragStart: null }, state };
}
