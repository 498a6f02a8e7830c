/**
 * The Runs view (top bar → Runs): every recorded run of the project in a table that filters and sorts on
 * the host, a run's details beside it, and the side-by-side comparison of ticked runs. It takes the
 * canvas's place while open; the canvas stays mounted underneath, so closing it loses nothing.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { setRunsView, watchRuns } from '../services/runs';
import { useStore } from '../store';
import type { AppState } from '../store/types';
import { formatHeadline } from './format';
import { CompareView } from './CompareView';
import { RunDetailPanel } from './RunDetailPanel';
import { RunsFilters } from './RunsFilters';
import { RunsTable } from './RunsTable';
import './runs.css';

const selectOpen = (s: AppState) => s.runs.open;
const selectComparison = (s: AppState) => s.runs.comparison;
const selectHeader = (s: AppState) => ({
  total: s.runs.list?.total ?? null,
  loaded: s.runs.list?.runs.length ?? 0,
  loading: s.runs.loading,
  loadMs: s.runs.loadMs,
  error: s.runs.error,
  store: s.runs.store,
  champion: s.runs.champion?.current ?? null,
});

function RunsHeader() {
  const h = useStore(useShallow(selectHeader));
  return (
    <>
      <div className="mw-runs-head-bar">
        <h2>Runs</h2>
        <span className="mw-muted mw-small" data-testid="runs-count" data-total={h.total ?? ''} data-loaded={h.loaded} data-load-ms={h.loadMs === null ? '' : Math.round(h.loadMs)}>
          {h.total === null ? (h.loading ? 'Loading…' : '') : `${h.total.toLocaleString('en-US')} run${h.total === 1 ? '' : 's'}`}
          {h.loading && h.total !== null ? ' · updating…' : ''}
        </span>
        <span className="mw-runs-spacer" />
        {h.champion !== null && (
          <span className="mw-runs-champion-summary" data-testid="runs-champion" title={`Promoted ${h.champion.promotedAt}`}>
            <span className="mw-champion">★ Champion</span> run {h.champion.number} · {formatHeadline(h.champion.headline)}
          </span>
        )}
        <button className="mw-btn mw-btn-small" onClick={() => setRunsView(false)} data-testid="btn-runs-close" title="Back to the canvas">Back to canvas</button>
      </div>
      {h.store !== null && h.store.problem !== null && (
        <div className="mw-banner mw-banner-warn" data-testid="runs-store-problem" data-code={h.store.problem.code}>
          <code>{h.store.problem.code}</code> {h.store.problem.message} {h.store.mode === 'read-only' ? 'The runs are shown read-only; new runs are not recorded.' : ''}
        </div>
      )}
      {h.store !== null && h.store.interrupted.length > 0 && (
        <div className="mw-banner mw-banner-warn">{h.store.interrupted.length} run{h.store.interrupted.length === 1 ? ' was' : 's were'} interrupted when Modelwright stopped; marked “Interrupted”.</div>
      )}
      {h.error !== null && (
        <div className="mw-banner mw-banner-error" data-testid="runs-error" data-code={h.error.code}><code>{h.error.code}</code> {h.error.message}</div>
      )}
    </>
  );
}

function RunsViewBody() {
  const comparison = useStore(selectComparison);
  useEffect(() => watchRuns(), []);
  return (
    <section className="mw-runs mw-runs-open" data-testid="runs-view">
      <RunsHeader />
      {comparison !== null ? (
        <CompareView comparison={comparison} />
      ) : (
        <>
          <RunsFilters />
          <div className="mw-runs-body">
            <RunsTable />
            <RunDetailPanel />
          </div>
        </>
      )}
    </section>
  );
}

export function RunsView() {
  const open = useStore(selectOpen);
  return open ? <RunsViewBody /> : null;
}
