/**
 * The Runs view's side effects: listing the project's runs with the slice's filters, loading a run's
 * details, comparing, notes and tags, restoring a run's graph onto the canvas (one undoable command),
 * promoting a champion and exporting to MLflow. Calls the host, then actions.
 */
import type { MetricColumn, RunList } from '../../../engine/runstore/schema';
import { getHost } from '../host';
import { useStore } from '../store';
import { RUNS_MAX_LIMIT, RUNS_PAGE_SIZE, runsQuery, type RunsFilter } from '../store/runs-slice';
import { errorInfoOf } from './errors';

function projectPath(): string | null {
  return useStore.getState().project.current?.path ?? null;
}

/** Reports a failed call as a toast; returns undefined. */
function toastError(thrown: unknown): undefined {
  const error = errorInfoOf(thrown);
  useStore.getState().ui.toast('error', error.message, error.hint);
  return undefined;
}

/** Bumped by every (re)load: a page fetched for an older list is dropped. */
let latest = 0;

/** The metric columns the table shows for a filter: the filter's metric and the sort's. */
function metricColumns(filter: RunsFilter): MetricColumn[] {
  return [filter.metric, filter.sort.metric].flatMap((c) => (c === null || c === undefined ? [] : [{ metric: c.metric, partition: c.partition }]));
}

/**
 * Loads the runs table for the current filters (a newer request wins over a slower older one): the first
 * page, or with `keepLoaded` as many rows as are loaded now (after a save or a finished run, so the table
 * keeps its scroll position).
 */
export async function loadRuns(options: { keepLoaded?: boolean } = {}): Promise<RunList | undefined> {
  const path = projectPath();
  if (path === null) return undefined;
  const { runs } = useStore.getState();
  const request = ++latest;
  const started = performance.now();
  const loadedRows = runs.projectPath === path ? (runs.list?.runs.length ?? 0) : 0;
  const limit = options.keepLoaded === true ? Math.min(RUNS_MAX_LIMIT, Math.max(RUNS_PAGE_SIZE, loadedRows)) : RUNS_PAGE_SIZE;
  runs.startLoading(path);
  const filter = useStore.getState().runs.filter;
  try {
    const list = await getHost().listRuns({ projectPath: path, query: runsQuery(filter, metricColumns(filter), { offset: 0, limit }) });
    if (request !== latest) return list;
    useStore.getState().runs.loaded(path, list, performance.now() - started);
    return list;
  } catch (thrown) {
    if (request === latest) useStore.getState().runs.failed(errorInfoOf(thrown));
    return undefined;
  }
}

/**
 * Fetches the rows after the loaded ones, at least one page and enough to reach row `upTo` (the table asks
 * when it scrolls near the loaded end; a jump far down fetches up to there in one request). Does nothing
 * while a page is on its way, a (re)load is running or every row is loaded.
 */
export async function loadMoreRuns(upTo = 0): Promise<void> {
  const path = projectPath();
  const { runs } = useStore.getState();
  const list = runs.list;
  if (path === null || runs.projectPath !== path || list === null || runs.loading || runs.loadingMore) return;
  const offset = list.runs.length;
  if (offset >= list.total) return;
  const limit = Math.min(RUNS_MAX_LIMIT, Math.max(RUNS_PAGE_SIZE, Math.ceil(upTo) - offset + RUNS_PAGE_SIZE));
  const request = latest;
  runs.startLoadingMore();
  try {
    const page = await getHost().listRuns({ projectPath: path, query: runsQuery(runs.filter, metricColumns(runs.filter), { offset, limit }) });
    if (request !== latest) return;
    useStore.getState().runs.appended(path, page, offset);
  } catch (thrown) {
    if (request === latest) useStore.getState().runs.moreFailed(errorInfoOf(thrown));
  }
}

/** The champion and whether the store is writable (shown in the view's header). */
export async function loadRunsHeader(): Promise<void> {
  const path = projectPath();
  if (path === null) return;
  const host = getHost();
  try {
    const [store, champion] = await Promise.all([host.runStoreState({ projectPath: path }), host.getChampion({ projectPath: path })]);
    if (useStore.getState().runs.projectPath !== path) return;
    useStore.getState().runs.setStore(store);
    useStore.getState().runs.setChampion(champion);
  } catch (thrown) {
    useStore.getState().runs.failed(errorInfoOf(thrown));
  }
}

let pendingReload: ReturnType<typeof setTimeout> | undefined;

/** Changes filters or sort and reloads the table (typing in the search box reloads once it pauses). */
export function updateRunsFilter(patch: Partial<RunsFilter>, options: { debounceMs?: number } = {}): void {
  useStore.getState().runs.setFilter(patch);
  clearTimeout(pendingReload);
  if ((options.debounceMs ?? 0) <= 0) void loadRuns();
  else pendingReload = setTimeout(() => void loadRuns(), options.debounceMs);
}

export function setRunsView(open: boolean): void {
  const { runs } = useStore.getState();
  if (open && projectPath() === null) return;
  runs.setOpen(open);
  if (!open) runs.setComparison(null);
}

export function toggleRunsView(): void {
  setRunsView(!useStore.getState().runs.open);
}

/**
 * While the Runs view is open: loads it (again when another project is opened) and reloads it when a run
 * ends, since the engine has recorded it by then. Returns the unsubscribe function.
 */
export function watchRuns(): () => void {
  let shownFor: string | null = null;
  const refresh = () => {
    const keepLoaded = shownFor !== null && shownFor === projectPath();
    shownFor = projectPath();
    void loadRuns({ keepLoaded });
    void loadRunsHeader();
  };
  const path = projectPath();
  if (useStore.getState().runs.projectPath !== path) useStore.getState().runs.reset(path);
  refresh();
  const offEvents = getHost().onEvent((event) => {
    if (event.type === 'run-finished') refresh();
  });
  const offProject = useStore.subscribe((state) => {
    const current = state.project.current?.path ?? null;
    if (current !== shownFor) {
      if (current === null) return;
      useStore.getState().runs.reset(current);
      refresh();
    }
  });
  return () => {
    offEvents();
    offProject();
  };
}

/** Shows a run's details beside the table. */
export async function focusRun(runId: string | null): Promise<void> {
  const path = projectPath();
  useStore.getState().runs.focus(runId);
  if (runId === null || path === null) return;
  try {
    useStore.getState().runs.setDetail(await getHost().getRun({ projectPath: path, runId }));
  } catch (thrown) {
    toastError(thrown);
  }
}

/** Opens the side-by-side comparison of the ticked runs (2–10). */
export async function compareSelected(): Promise<void> {
  const path = projectPath();
  const { selected } = useStore.getState().runs;
  if (path === null || selected.length < 2) return;
  useStore.getState().runs.setBusy('compare');
  try {
    useStore.getState().runs.setComparison(await getHost().compareRuns({ projectPath: path, runIds: [...selected] }));
  } catch (thrown) {
    toastError(thrown);
  } finally {
    useStore.getState().runs.setBusy(null);
  }
}

export function closeComparison(): void {
  useStore.getState().runs.setComparison(null);
}

async function refreshDetail(runId: string): Promise<void> {
  if (useStore.getState().runs.focused === runId) await focusRun(runId);
}

export async function saveRunNotes(runId: string, notes: string): Promise<void> {
  const path = projectPath();
  if (path === null) return;
  try {
    await getHost().setRunNotes({ projectPath: path, runId, notes });
    await Promise.all([loadRuns({ keepLoaded: true }), refreshDetail(runId)]);
  } catch (thrown) {
    toastError(thrown);
  }
}

/** Splits "a, b  c" into tags: commas separate, spaces inside a tag are kept; empty and repeated ones dropped. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((t) => t.trim().replace(/\s+/g, ' ').slice(0, 60)).filter((t) => t !== ''))].slice(0, 50);
}

export async function saveRunTags(runId: string, tags: readonly string[]): Promise<void> {
  const path = projectPath();
  if (path === null) return;
  try {
    await getHost().setRunTags({ projectPath: path, runId, tags: [...tags] });
    await Promise.all([loadRuns({ keepLoaded: true }), refreshDetail(runId)]);
  } catch (thrown) {
    toastError(thrown);
  }
}

/**
 * Replaces the canvas with the graph the run started from, as one undoable command (Undo brings the
 * previous graph back), and returns to the canvas.
 */
export async function restoreRunGraph(runId: string): Promise<void> {
  const path = projectPath();
  if (path === null) return;
  useStore.getState().runs.setBusy('restore');
  try {
    const restored = await getHost().restoreGraph({ projectPath: path, runId });
    const state = useStore.getState();
    state.graph.replaceAll(restored.graph);
    setRunsView(false);
    state.ui.toast('success', `Restored the graph of run ${restored.number}.`, 'Undo (Ctrl+Z) brings back the graph you had before.');
  } catch (thrown) {
    toastError(thrown);
  } finally {
    useStore.getState().runs.setBusy(null);
  }
}

/** Makes the run's model the project's champion. */
export async function promoteRunToChampion(runId: string): Promise<void> {
  const path = projectPath();
  if (path === null) return;
  useStore.getState().runs.setBusy('promote');
  try {
    const champion = await getHost().promoteRun({ projectPath: path, runId });
    useStore.getState().ui.toast('success', `Run ${champion.number} is now the champion.`, `Its model: ${champion.modelPath}`);
    await Promise.all([loadRuns({ keepLoaded: true }), loadRunsHeader(), refreshDetail(runId)]);
  } catch (thrown) {
    toastError(thrown);
  } finally {
    useStore.getState().runs.setBusy(null);
  }
}

/** Writes the run as an MLflow run directory in the project's mlruns/ folder. */
export async function exportRunToMlflow(runId: string): Promise<void> {
  const path = projectPath();
  if (path === null) return;
  useStore.getState().runs.setBusy('mlflow');
  try {
    const exported = await getHost().exportRunMlflow({ projectPath: path, runId });
    useStore.getState().ui.toast('success', 'Exported the run for MLflow.', `${exported.runDir} (${exported.params} params, ${exported.metrics} metrics). Open it with: mlflow ui --backend-store-uri ${path}/mlruns`);
  } catch (thrown) {
    toastError(thrown);
  } finally {
    useStore.getState().runs.setBusy(null);
  }
}
