/**
 * The runs slice: whether the Runs view is open, its filters and sort, the page of runs the host sent,
 * which runs are ticked for comparing, the run whose details are shown, the comparison and the champion.
 * Actions only compute and set; renderer/src/services/runs.ts talks to the host.
 */
import type { ErrorInfo } from '../../../engine/errors';
import {
  listRunsQuerySchema,
  type ChampionState,
  type ListRunsQueryParsed,
  type MetricColumn,
  type RecordedRunStatus,
  type RunComparison,
  type RunDetail,
  type RunList,
  type RunSortKey,
  type RunStoreState,
} from '../../../engine/runstore/schema';
import type { SetState, SliceCreator } from './types';

/** The filters and sort of the runs table, as the user set them. */
export interface RunsFilter {
  readonly status: readonly RecordedRunStatus[];
  readonly tag: string | null;
  /** Started on or after / before these days (YYYY-MM-DD, local), inclusive. */
  readonly from: string | null;
  readonly to: string | null;
  /** Keep runs whose metric lies in [min, max]. */
  readonly metric: (MetricColumn & { readonly min: number | null; readonly max: number | null }) | null;
  readonly search: string;
  readonly sort: { readonly by: RunSortKey; readonly direction: 'asc' | 'desc'; readonly metric?: MetricColumn };
}

export interface RunsData {
  readonly open: boolean;
  /** The project the list, details and comparison belong to. */
  readonly projectPath: string | null;
  readonly filter: RunsFilter;
  /**
   * The rows the host sent so far: the first page when the view opens, more pages appended as the table
   * scrolls near the end. `list.total` counts every matching run (for the scrollbar), `list.runs` is a
   * prefix of them in the host's order.
   */
  readonly list: RunList | null;
  readonly loading: boolean;
  /** A further page is being fetched (the table asks once it scrolls near the loaded end). */
  readonly loadingMore: boolean;
  /** When the list was asked for and when it arrived (ms, performance.now()), for the benchmark and a "loaded in" hint. */
  readonly loadMs: number | null;
  readonly error: ErrorInfo | null;
  readonly store: RunStoreState | null;
  readonly champion: ChampionState | null;
  /** Runs ticked for comparing, in the order they were ticked. */
  readonly selected: readonly string[];
  readonly focused: string | null;
  readonly detail: RunDetail | null;
  readonly comparison: RunComparison | null;
  /** An action in progress (promoting, restoring, exporting), to disable its button. */
  readonly busy: string | null;
}

export interface RunsActions {
  setOpen(open: boolean): void;
  /** Changes filters or sort (the service reloads the list). */
  setFilter(patch: Partial<RunsFilter>): void;
  startLoading(projectPath: string): void;
  loaded(projectPath: string, list: RunList, loadMs: number): void;
  startLoadingMore(): void;
  /** A further page at `offset` (ignored unless it continues the loaded rows of the same project). */
  appended(projectPath: string, page: RunList, offset: number): void;
  /** A further page could not be fetched (the rows already shown stay). */
  moreFailed(error: ErrorInfo): void;
  failed(error: ErrorInfo): void;
  setStore(state: RunStoreState): void;
  setChampion(champion: ChampionState): void;
  toggleSelected(runId: string): void;
  clearSelected(): void;
  focus(runId: string | null): void;
  setDetail(detail: RunDetail | null): void;
  setComparison(comparison: RunComparison | null): void;
  setBusy(what: string | null): void;
  /** Forgets everything about the previous project's runs. */
  reset(projectPath: string | null): void;
}

export type RunsSlice = RunsData & RunsActions;

/** Rows per request: the first page when the view opens, and each further page as the table scrolls. */
export const RUNS_PAGE_SIZE = 200;
/** The host's cap on one request (listRunsQuerySchema's `limit`). */
export const RUNS_MAX_LIMIT = 20_000;

export const defaultRunsFilter: RunsFilter = { status: [], tag: null, from: null, to: null, metric: null, search: '', sort: { by: 'started', direction: 'desc' } };

const initial: Omit<RunsData, 'open'> = {
  projectPath: null,
  filter: defaultRunsFilter,
  list: null,
  loading: false,
  loadingMore: false,
  loadMs: null,
  error: null,
  store: null,
  champion: null,
  selected: [],
  focused: null,
  detail: null,
  comparison: null,
  busy: null,
};

/** A local calendar day as the instant it starts (ISO), for the host's `since`/`until`. */
export function dayStart(day: string, offsetDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + offsetDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The host query for a filter: every set filter, the sort, the metric columns to show and the page
 * (`offset`, `limit`; the first page by default). Pure.
 */
export function runsQuery(filter: RunsFilter, columns: readonly MetricColumn[], page: { offset?: number; limit?: number } = {}): ListRunsQueryParsed {
  const since = filter.from === null ? undefined : dayStart(filter.from);
  const until = filter.to === null ? undefined : dayStart(filter.to, 1);
  const metric = filter.metric;
  return listRunsQuerySchema.parse({
    ...(filter.status.length === 0 ? {} : { status: [...filter.status] }),
    ...(filter.tag === null ? {} : { tag: filter.tag }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...(filter.search.trim() === '' ? {} : { search: filter.search.trim() }),
    ...(metric === null
      ? {}
      : { metric: { metric: metric.metric, partition: metric.partition, ...(metric.min === null ? {} : { min: metric.min }), ...(metric.max === null ? {} : { max: metric.max }) } }),
    sort: { ...filter.sort },
    columns: columns.slice(0, 12).map((c) => ({ metric: c.metric, partition: c.partition })),
    offset: Math.max(0, Math.floor(page.offset ?? 0)),
    limit: Math.min(RUNS_MAX_LIMIT, Math.max(1, Math.floor(page.limit ?? RUNS_PAGE_SIZE))),
  });
}

export const createRunsSlice: SliceCreator<'runs'> = (set: SetState) => {
  const update = (f: (r: RunsSlice) => Partial<RunsData>) => set((s) => ({ runs: { ...s.runs, ...f(s.runs) } }));
  return {
    open: false,
    ...initial,

    setOpen(open) {
      update(() => ({ open }));
    },
    setFilter(patch) {
      update((r) => ({ filter: { ...r.filter, ...patch } }));
    },
    startLoading(projectPath) {
      update((r) => (r.projectPath === projectPath ? { loading: true, error: null } : { ...initial, loading: true, projectPath }));
    },
    loaded(projectPath, list, loadMs) {
      update((r) => {
        if (r.projectPath !== projectPath) return {};
        // Ticked runs stay ticked while they are in the list (filters may hide some). Only a complete list
        // tells: a ticked run past the loaded pages may still match.
        const ids = new Set(list.runs.map((run) => run.id));
        const complete = list.runs.length >= list.total;
        return { list, loading: false, loadingMore: false, loadMs, error: null, selected: complete ? r.selected.filter((id) => ids.has(id)) : r.selected };
      });
    },
    startLoadingMore() {
      update(() => ({ loadingMore: true }));
    },
    appended(projectPath, page, offset) {
      update((r) => {
        if (r.projectPath !== projectPath || r.list === null || offset !== r.list.runs.length) return { loadingMore: false };
        const list: RunList = { ...page, runs: [...r.list.runs, ...page.runs] };
        const ids = new Set(list.runs.map((run) => run.id));
        const complete = list.runs.length >= list.total;
        return { list, loadingMore: false, selected: complete ? r.selected.filter((id) => ids.has(id)) : r.selected };
      });
    },
    moreFailed(error) {
      update(() => ({ loadingMore: false, error }));
    },
    failed(error) {
      update(() => ({ loading: false, loadingMore: false, error }));
    },
    setStore(store) {
      update(() => ({ store }));
    },
    setChampion(champion) {
      update(() => ({ champion }));
    },
    toggleSelected(runId) {
      update((r) => ({ selected: r.selected.includes(runId) ? r.selected.filter((id) => id !== runId) : [...r.selected, runId].slice(-10) }));
    },
    clearSelected() {
      update(() => ({ selected: [], comparison: null }));
    },
    focus(focused) {
      update((r) => ({ focused, detail: r.detail?.id === focused ? r.detail : null }));
    },
    setDetail(detail) {
      update((r) => (detail === null || detail.id === r.focused ? { detail } : {}));
    },
    setComparison(comparison) {
      update(() => ({ comparison }));
    },
    setBusy(busy) {
      update(() => ({ busy }));
    },
    reset(projectPath) {
      update(() => ({ ...initial, projectPath }));
    },
  };
};
