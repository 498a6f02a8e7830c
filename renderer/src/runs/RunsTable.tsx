/**
 * The runs table: only the rows in view are rendered (fixed row height, like results/VirtualTable), so
 * 5,000 runs scroll as smoothly as 5. The host sends the first page of rows; the scrollbar spans every
 * matching run (the host's total) and further pages are fetched as the view nears the loaded end. Headers sort (on the host, with indexes); a row's box ticks it for
 * comparing; clicking a row shows its details.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState, type ChangeEvent, type MouseEvent, type RefObject, type UIEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { MetricColumn, RunListItem, RunSortKey } from '../../../engine/runstore/schema';
import { focusRun, loadMoreRuns, updateRunsFilter } from '../services/runs';
import { useStore } from '../store';
import type { RunsFilter } from '../store/runs-slice';
import type { AppState } from '../store/types';
import { formatMetric } from '../results/summaries';
import { formatDuration, formatHeadline, formatStarted, metricColumnLabel, statusLabels } from './format';

export const RUN_ROW_HEIGHT = 30;
const OVERSCAN = 10;
/** Fetch the next page once the rows in view come this close to the loaded end. */
const PREFETCH_ROWS = 60;
const noRuns: readonly RunListItem[] = [];

const selectTable = (s: AppState) => ({
  runs: s.runs.list?.runs ?? noRuns,
  total: s.runs.list?.total ?? 0,
  loadingMore: s.runs.loadingMore,
  sort: s.runs.filter.sort,
  metric: s.runs.filter.metric,
  selected: s.runs.selected,
  focused: s.runs.focused,
});

/** The metric column shown besides the headline: the filter's metric, else the sort's. */
function extraColumn(filter: Pick<RunsFilter, 'metric' | 'sort'>): MetricColumn | null {
  const column = filter.metric ?? filter.sort.metric ?? null;
  return column === null ? null : { metric: column.metric, partition: column.partition };
}

function useHeight(ref: RefObject<HTMLDivElement | null>): number {
  const [height, setHeight] = useState(480);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return undefined;
    setHeight(el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return height;
}

interface Column {
  readonly key: string;
  readonly title: string;
  readonly width: string;
  readonly sort?: { by: RunSortKey; metric?: MetricColumn };
  readonly numeric?: boolean;
}

function columnsFor(extra: MetricColumn | null): Column[] {
  return [
    { key: 'select', title: '', width: '34px' },
    { key: 'number', title: '#', width: '52px', sort: { by: 'number' }, numeric: true },
    { key: 'name', title: 'Run', width: 'minmax(180px, 1.4fr)', sort: { by: 'name' } },
    { key: 'status', title: 'Status', width: '108px', sort: { by: 'status' } },
    { key: 'started', title: 'Started', width: '132px', sort: { by: 'started' } },
    { key: 'duration', title: 'Duration', width: '88px', sort: { by: 'duration' }, numeric: true },
    { key: 'headline', title: 'Headline metric', width: '170px', sort: { by: 'metric' } },
    ...(extra === null ? [] : [{ key: 'extra', title: metricColumnLabel(extra), width: '120px', sort: { by: 'metric' as const, metric: extra }, numeric: true }]),
    { key: 'tags', title: 'Tags', width: 'minmax(120px, 1fr)' },
  ];
}

function sameSort(a: RunsFilter['sort'], b: { by: RunSortKey; metric?: MetricColumn }): boolean {
  return a.by === b.by && a.metric?.metric === b.metric?.metric && a.metric?.partition === b.metric?.partition;
}

function sortBy(current: RunsFilter['sort'], target: { by: RunSortKey; metric?: MetricColumn }): void {
  const direction = sameSort(current, target) ? (current.direction === 'asc' ? 'desc' : 'asc') : target.by === 'name' ? 'asc' : 'desc';
  updateRunsFilter({ sort: { by: target.by, direction, ...(target.metric === undefined ? {} : { metric: target.metric }) } });
}

const RunRow = memo(function RunRow({ run, top, template, extra, ticked, focused }: { run: RunListItem; top: number; template: string; extra: MetricColumn | null; ticked: boolean; focused: boolean }) {
  const onTick = (e: ChangeEvent<HTMLInputElement>) => {
    e.stopPropagation();
    useStore.getState().runs.toggleSelected(run.id);
  };
  const extraValue = extra === null ? undefined : run.metrics[`${extra.partition}.${extra.metric}`];
  return (
    <div
      className={`mw-vtable-row mw-runs-row${ticked ? ' mw-runs-ticked' : ''}${focused ? ' mw-runs-focused' : ''}`}
      style={{ gridTemplateColumns: template, top, height: RUN_ROW_HEIGHT }}
      data-testid={`run-row-${run.id}`}
      data-number={run.number}
      data-status={run.status}
      data-selected={ticked}
      onClick={() => void focusRun(run.id)}
      role="row"
      aria-selected={focused}
    >
      <div className="mw-vtable-cell" onClick={(e: MouseEvent) => e.stopPropagation()}>
        <input type="checkbox" checked={ticked} onChange={onTick} data-testid={`run-select-${run.number}`} aria-label={`Compare run ${run.number}`} />
      </div>
      <div className="mw-vtable-cell mw-num mw-muted">{run.number}</div>
      <div className="mw-vtable-cell mw-runs-name" title={run.name}>
        {run.champion && <span className="mw-champion" data-testid="champion-badge" title="The project's champion model">★ Champion</span>}
        {run.name}
        {run.hasNotes && <span className="mw-muted" title="Has notes"> ✎</span>}
      </div>
      <div className="mw-vtable-cell"><span className={`mw-chip mw-run-chip-${run.status}`}>{statusLabels[run.status]}</span></div>
      <div className="mw-vtable-cell mw-muted">{formatStarted(run.startedAt)}</div>
      <div className="mw-vtable-cell mw-num">{formatDuration(run.durationMs)}</div>
      <div className="mw-vtable-cell" title={run.errorCode ?? undefined}>{run.headline === null && run.errorCode !== null ? <code>{run.errorCode}</code> : formatHeadline(run.headline)}</div>
      {extra !== null && <div className="mw-vtable-cell mw-num">{formatMetric(extraValue)}</div>}
      <div className="mw-vtable-cell">{run.tags.map((t) => <span key={t} className="mw-badge mw-runs-tag">{t}</span>)}</div>
    </div>
  );
});

export function RunsTable() {
  const { runs, total, loadingMore, sort, metric, selected, focused } = useStore(useShallow(selectTable));
  const box = useRef<HTMLDivElement>(null);
  const height = useHeight(box);
  const [top, setTop] = useState(0);
  const extra = extraColumn({ metric, sort });
  const columns = columnsFor(extra);
  const template = columns.map((c) => c.width).join(' ');
  const first = Math.max(0, Math.floor(top / RUN_ROW_HEIGHT) - OVERSCAN);
  const rowCount = Math.max(total, runs.length);
  const wanted = Math.min(rowCount, Math.ceil((top + height) / RUN_ROW_HEIGHT) + OVERSCAN);
  const last = Math.min(runs.length, wanted);
  const ticked = new Set(selected);
  const onScroll = (e: UIEvent<HTMLDivElement>) => setTop(e.currentTarget.scrollTop);
  // Near the loaded end (or scrolled past it): fetch the rows up to the view, plus a page.
  const needMore = runs.length < total && wanted + PREFETCH_ROWS >= runs.length;
  useEffect(() => {
    if (needMore && !loadingMore) void loadMoreRuns(wanted);
  }, [needMore, loadingMore, wanted]);

  return (
    <div className="mw-vtable mw-runs-table" ref={box} onScroll={onScroll} data-testid="runs-table" data-rows={total} data-loaded={runs.length} role="grid">
      <div className="mw-vtable-head mw-runs-head" style={{ gridTemplateColumns: template }} role="row">
        {columns.map((c) => {
          const target = c.sort;
          const active = target !== undefined && sameSort(sort, target);
          return (
            <div
              key={c.key}
              className={`mw-vtable-cell${c.numeric === true ? ' mw-num' : ''}${target === undefined ? '' : ' mw-runs-sortable'}${active ? ' mw-runs-sorted' : ''}`}
              onClick={target === undefined ? undefined : () => sortBy(sort, target)}
              data-testid={target === undefined ? undefined : `runs-sort-${c.key}`}
              aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
              role="columnheader"
            >
              <span className="mw-vtable-name">{c.title}{active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
            </div>
          );
        })}
      </div>
      <div style={{ height: rowCount * RUN_ROW_HEIGHT, position: 'relative' }}>
        {runs.slice(first, last).map((run, k) => (
          <RunRow key={run.id} run={run} top={(first + k) * RUN_ROW_HEIGHT} template={template} extra={extra} ticked={ticked.has(run.id)} focused={focused === run.id} />
        ))}
        {wanted > runs.length && (
          <div className="mw-vtable-row mw-muted mw-runs-more" style={{ top: runs.length * RUN_ROW_HEIGHT, height: RUN_ROW_HEIGHT }} data-testid="runs-loading-more">
            Loading more runs…
          </div>
        )}
      </div>
    </div>
  );
}
