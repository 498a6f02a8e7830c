/** The runs table's filters: status, tag, date range, a metric range and free text; plus the compare button. */
import { useShallow } from 'zustand/react/shallow';
import { recordedRunStatuses, type MetricColumn, type RecordedRunStatus } from '../../../engine/runstore/schema';
import { compareSelected, updateRunsFilter } from '../services/runs';
import { useStore } from '../store';
import { defaultRunsFilter } from '../store/runs-slice';
import type { AppState } from '../store/types';
import { metricColumnLabel, statusLabels } from './format';

const noTags: readonly string[] = [];
const noMetrics: readonly MetricColumn[] = [];

const selectFilters = (s: AppState) => ({
  filter: s.runs.filter,
  tags: s.runs.list?.tags ?? noTags,
  metrics: s.runs.list?.metrics ?? noMetrics,
  selected: s.runs.selected.length,
  busy: s.runs.busy,
});

const metricKey = (c: MetricColumn) => `${c.partition}.${c.metric}`;

function numberOrNull(text: string): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export function RunsFilters() {
  const { filter, tags, metrics, selected, busy } = useStore(useShallow(selectFilters));
  const metric = filter.metric;
  const onMetric = (key: string) => {
    const column = metrics.find((c) => metricKey(c) === key);
    updateRunsFilter({ metric: column === undefined ? null : { ...column, min: null, max: null } });
  };
  const filtered = filter !== defaultRunsFilter && JSON.stringify({ ...filter, sort: null }) !== JSON.stringify({ ...defaultRunsFilter, sort: null });

  return (
    <div className="mw-runs-filters" data-testid="runs-filters">
      <input
        className="mw-input mw-runs-search"
        type="search"
        placeholder="Search name, notes, tags"
        value={filter.search}
        onChange={(e) => updateRunsFilter({ search: e.target.value }, { debounceMs: 200 })}
        data-testid="runs-filter-search"
        aria-label="Search runs"
      />
      <select
        className="mw-input mw-input-inline"
        value={filter.status[0] ?? ''}
        onChange={(e) => updateRunsFilter({ status: e.target.value === '' ? [] : [e.target.value as RecordedRunStatus] })}
        data-testid="runs-filter-status"
        aria-label="Status"
      >
        <option value="">Any status</option>
        {recordedRunStatuses.map((s) => <option key={s} value={s}>{statusLabels[s]}</option>)}
      </select>
      <select className="mw-input mw-input-inline" value={filter.tag ?? ''} onChange={(e) => updateRunsFilter({ tag: e.target.value === '' ? null : e.target.value })} data-testid="runs-filter-tag" aria-label="Tag">
        <option value="">Any tag</option>
        {tags.map((t) => <option key={t} value={t}>{t}</option>)}
      </select>
      <label className="mw-runs-date">
        <span className="mw-muted mw-small">From</span>
        <input className="mw-input" type="date" value={filter.from ?? ''} onChange={(e) => updateRunsFilter({ from: e.target.value === '' ? null : e.target.value })} data-testid="runs-filter-from" />
      </label>
      <label className="mw-runs-date">
        <span className="mw-muted mw-small">to</span>
        <input className="mw-input" type="date" value={filter.to ?? ''} onChange={(e) => updateRunsFilter({ to: e.target.value === '' ? null : e.target.value })} data-testid="runs-filter-to" />
      </label>
      <select className="mw-input mw-input-inline" value={metric === null ? '' : metricKey(metric)} onChange={(e) => onMetric(e.target.value)} data-testid="runs-filter-metric" aria-label="Metric">
        <option value="">Any metric</option>
        {metrics.map((c) => <option key={metricKey(c)} value={metricKey(c)}>{metricColumnLabel(c)}</option>)}
      </select>
      {metric !== null && (
        <span className="mw-runs-bounds" key={metricKey(metric)}>
          <input
            className="mw-input mw-runs-bound"
            type="number"
            placeholder="min"
            defaultValue={metric.min ?? ''}
            onBlur={(e) => updateRunsFilter({ metric: { ...metric, min: numberOrNull(e.target.value) } })}
            onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
            data-testid="runs-filter-min"
            aria-label="Minimum"
          />
          <input
            className="mw-input mw-runs-bound"
            type="number"
            placeholder="max"
            defaultValue={metric.max ?? ''}
            onBlur={(e) => updateRunsFilter({ metric: { ...metric, max: numberOrNull(e.target.value) } })}
            onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
            data-testid="runs-filter-max"
            aria-label="Maximum"
          />
        </span>
      )}
      {filtered && (
        <button className="mw-btn mw-btn-ghost mw-btn-small" onClick={() => updateRunsFilter({ ...defaultRunsFilter, sort: filter.sort })} data-testid="runs-filter-clear">Clear filters</button>
      )}
      <span className="mw-runs-spacer" />
      {selected > 0 && <button className="mw-btn mw-btn-ghost mw-btn-small" onClick={() => useStore.getState().runs.clearSelected()} data-testid="runs-clear-selection">Clear selection</button>}
      <button
        className="mw-btn mw-btn-primary"
        disabled={selected < 2 || busy === 'compare'}
        onClick={() => void compareSelected()}
        data-testid="runs-compare"
        title={selected < 2 ? 'Tick two or more runs to compare them' : `Compare ${selected} runs side by side`}
      >
        Compare{selected > 0 ? ` (${selected})` : ''}
      </button>
    </div>
  );
}
