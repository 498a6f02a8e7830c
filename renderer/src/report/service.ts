/**
 * The report dialog's effects: builds the preview through the host (a run up to the Report node, one
 * added after Evaluate when the graph has none; after a run every step comes from the cache), follows
 * that run's steps for the progress line, and exports HTML or PDF. Browser mode writes into the project's
 * reports/ folder; the desktop app asks where with the save dialog and prints the PDF itself.
 */
import type { RunEvent } from '../../../engine/run/events';
import type { ReportFormat } from '../../../engine/report/contract';
import { toGraph } from '../graph/convert';
import { getHost } from '../host';
import { errorInfoOf } from '../services/errors';
import { useStore } from '../store';
import { isActive } from '../store/run-slice';
import { useReportStore } from './store';

/** The graph on the canvas and its project, as the host wants them. */
function request() {
  const { graph, project } = useStore.getState();
  return { graph: toGraph(graph.name, graph.nodes, graph.edges), ...(project.current === null ? {} : { projectPath: project.current.path }) };
}

/** The run building the shown preview, once it has started (closing the dialog cancels it). */
let buildRunId: string | null = null;

/** Follows the steps of the one run the preview starts (any run the canvas did not start). */
function followBuild(canvasRunId: string | null): () => void {
  let runId: string | null = null;
  let done = 0;
  buildRunId = null;
  return getHost().onEvent((event: RunEvent) => {
    if (event.runId === canvasRunId) return;
    if (event.type === 'run-started' && runId === null) {
      runId = event.runId;
      buildRunId = runId;
      useReportStore.getState().progressed({ done: 0, total: event.steps.length });
    } else if (event.runId === runId && (event.type === 'step-finished' || event.type === 'step-failed')) {
      done++;
      const { progress } = useReportStore.getState();
      useReportStore.getState().progressed({ done, total: Math.max(progress.total, done) });
    }
  });
}

/** Opens the report dialog and builds the preview of the graph on the canvas. */
export async function openReport(): Promise<void> {
  const state = useStore.getState();
  if (state.project.current === null) return;
  if (isActive(state.run.phase)) {
    state.ui.toast('info', 'A run is in progress.', 'The report can be previewed when it has finished.');
    return;
  }
  if (!state.graph.validation.ok) {
    state.ui.toast('error', 'The graph has errors.', 'Fix the errors marked in red, then open the report again.');
    return;
  }
  const report = useReportStore.getState();
  if (report.open && report.building) return;
  report.opened();
  const stop = followBuild(state.run.runId);
  try {
    const preview = await getHost().previewReport(request());
    if (useReportStore.getState().open) useReportStore.getState().previewed(preview);
  } catch (thrown) {
    if (useReportStore.getState().open) useReportStore.getState().failed(errorInfoOf(thrown));
  } finally {
    stop();
  }
}

/** Exports the report (HTML, or HTML and PDF) and says where it went. */
export async function exportReport(format: ReportFormat): Promise<void> {
  const report = useReportStore.getState();
  const { ui } = useStore.getState();
  if (report.exporting !== null) return;
  report.exportStarted(format);
  try {
    // The previewed Report node, when it is one of the canvas's (an added one is added again by the host).
    const nodeId = report.preview === null || report.preview.added ? undefined : report.preview.nodeId;
    const result = await getHost().exportReport({ ...request(), format, ...(nodeId === undefined ? {} : { nodeId }) });
    useReportStore.getState().exportFinished(result);
    if (format === 'pdf' && result.pdf === null) {
      const why = result.pdfError;
      ui.toast('error', why?.message ?? 'The PDF could not be made.', `The HTML report was written: ${result.html.path}. ${why?.hint ?? ''}`.trim());
      return;
    }
    ui.toast('success', format === 'pdf' ? 'Report exported as PDF.' : 'Report exported.', `Written to ${result.pdf?.path ?? result.html.path}`);
  } catch (thrown) {
    const error = errorInfoOf(thrown);
    // Closing the desktop save dialog is a choice, not a failure.
    if (error.code === 'MW_DIALOG_CANCELLED') {
      useReportStore.getState().exportFinished(null);
      return;
    }
    useReportStore.getState().exportFinished(null, error);
    ui.toast('error', error.message, error.hint);
  }
}

/** Closes the dialog; a preview still being built is cancelled, so the canvas can run again at once. */
export function closeReport(): void {
  const { building } = useReportStore.getState();
  if (building && buildRunId !== null) void getHost().cancel({ runId: buildRunId }).catch(() => undefined);
  useReportStore.getState().close();
}
