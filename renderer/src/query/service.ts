/**
 * The query box's effects: asks the host, applies a planned graph edit through the graph slice as one
 * undoable command, pins answers (to the Report node when there is one, else in the project's query
 * history), and keeps the history of the open project loaded.
 */
import type { AskResponse } from '../../../engine/host/contract';
import { pinnableAnswer } from '../../../engine/query/history';
import type { PinnedAnswer } from '../../../engine/report/params';
import { toGraph } from '../graph/convert';
import { getHost } from '../host';
import { selectedNodeId } from '../results/focus';
import { errorInfoOf } from '../services/errors';
import { fitViewSoon } from '../services/viewport';
import { useStore } from '../store';
import { useQueryStore, type AppliedEdit } from './store';

/** Pinned answers a Report node holds at most (its params schema). */
const MAX_PINNED = 50;

function changes(edit: NonNullable<AskResponse['edit']>): boolean {
  return edit.addNodes.length + edit.addEdges.length + edit.removeEdges.length + edit.setParams.length + edit.moveNodes.length > 0;
}

/** Asks `text` about the open project; a build or edit question changes the canvas at once (undoable). */
export async function askQuestion(text: string): Promise<void> {
  const query = useQueryStore.getState();
  if (query.pending !== null) return;
  const state = useStore.getState();
  const { graph, project } = state;
  const rev = graph.rev;
  const nodeId = selectedNodeId(state);
  query.asking(text);
  try {
    const result = await getHost().ask({
      graph: toGraph(graph.name, graph.nodes, graph.edges),
      text,
      ...(project.current === null ? {} : { projectPath: project.current.path }),
      ...(nodeId === null ? {} : { nodeId }),
    });
    let applied: AppliedEdit | null = null;
    if (result.edit !== undefined && changes(result.edit)) {
      const now = useStore.getState().graph;
      if (now.rev !== rev) {
        // The canvas changed while the question was read: the edit was planned against another graph.
        useQueryStore.getState().failed(text, {
          code: 'MW_QUERY_NOT_UNDERSTOOD',
          message: 'The canvas changed while the question was being read, so nothing was changed.',
          hint: 'Ask again.',
          location: {},
        });
        return;
      }
      now.applyEdit(result.edit);
      applied = { rev: useStore.getState().graph.rev, undone: false };
      if (result.edit.addNodes.length > 0) fitViewSoon();
    }
    useQueryStore.getState().answered(text, result, applied);
  } catch (thrown) {
    useQueryStore.getState().failed(text, errorInfoOf(thrown));
  }
}

/** Undoes the edit the last question made, if nothing was edited after it. */
export function undoQueryEdit(): void {
  const { applied } = useQueryStore.getState();
  const { graph, ui } = useStore.getState();
  if (applied === null || applied.undone) return;
  if (graph.rev !== applied.rev) {
    ui.toast('info', 'The canvas was edited after this change.', 'Use Undo (Ctrl+Z) to step back through the edits.');
    return;
  }
  graph.undo();
  useQueryStore.getState().editUndone();
}

/**
 * Pins the shown answer: into the Report node's pinned answers (one undoable edit) when the graph has a
 * Report node, else kept with the question in the project's history (a Report node added later can
 * show it).
 */
export async function pinAnswer(): Promise<void> {
  const { result, asked } = useQueryStore.getState();
  const { graph, project, ui } = useStore.getState();
  if (result?.answer === undefined || asked === null) return;
  const pinned = pinnableAnswer(asked, result.answer);
  const report = graph.nodes.find((n) => n.data.kind === 'report');
  if (report !== undefined) {
    const current = Array.isArray(report.data.params['pinnedAnswers']) ? (report.data.params['pinnedAnswers'] as PinnedAnswer[]) : [];
    if (current.length >= MAX_PINNED) {
      ui.toast('error', `The report already holds ${MAX_PINNED} pinned answers.`, 'Remove some in the Report node first.');
      return;
    }
    graph.setParams(report.id, { pinnedAnswers: [...current, pinned] });
    useQueryStore.getState().markPinned();
    ui.toast('success', 'Pinned to the report.', `It appears under “Questions answered” in ${report.data.label ?? 'the Report node'}.`);
    return;
  }
  const entry = result.entry;
  if (project.current === null || entry === undefined) {
    ui.toast('error', 'This answer cannot be pinned: it is not in the project’s history.');
    return;
  }
  try {
    const history = await getHost().pinQuery({ projectPath: project.current.path, id: entry.id, pinned: true, answer: pinned });
    useQueryStore.getState().markPinned(history);
    ui.toast('success', 'Pinned in the query history.', 'Add a Report node to put pinned answers in the report.');
  } catch (thrown) {
    const error = errorInfoOf(thrown);
    ui.toast('error', error.message, error.hint);
  }
}

async function loadHistory(projectPath: string | null): Promise<void> {
  if (projectPath === null) {
    useQueryStore.getState().setHistory(null, []);
    return;
  }
  try {
    const history = await getHost().listQueries({ projectPath });
    if (useStore.getState().project.current?.path === projectPath) useQueryStore.getState().setHistory(projectPath, history);
  } catch {
    // No history is no reason to stop asking: the list just stays empty.
    useQueryStore.getState().setHistory(projectPath, []);
  }
}

/** Loads the history of whichever project is open, now and whenever another one opens. */
export function watchQueryHistory(): () => void {
  const pathOf = () => useStore.getState().project.current?.path ?? null;
  let last = pathOf();
  void loadHistory(last);
  return useStore.subscribe(() => {
    const now = pathOf();
    if (now === last) return;
    last = now;
    void loadHistory(now);
  });
}
