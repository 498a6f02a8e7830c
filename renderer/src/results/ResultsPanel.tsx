/** The bottom panel: Data, Training, Metrics, Predictions and Log tabs, resizable by its top edge. */
import { useCallback, useRef, useState, type PointerEvent } from 'react';
import { useStore } from '../store';
import type { AppState } from '../store/types';
import type { ResultsTab } from '../store/ui-slice';
import { DataPanel } from './DataPanel';
import { focusNode, tabsWithContent } from './focus';
import { LogPanel } from './LogPanel';
import { MetricsPanel } from './MetricsPanel';
import { PredictionsPanel } from './PredictionsPanel';
import { TrainingPanel } from './TrainingPanel';

const tabs: { id: ResultsTab; label: string }[] = [
  { id: 'data', label: 'Data' },
  { id: 'training', label: 'Training' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'predictions', label: 'Predictions' },
  { id: 'log', label: 'Log' },
];

const selectTab = (s: AppState) => s.ui.resultsTab;
const selectOpen = (s: AppState) => s.ui.resultsOpen;
const selectContent = (s: AppState) => tabsWithContent(s);
const selectErrors = (s: AppState) => s.run.log.some((l) => l.level === 'error');

export function ResultsPanel() {
  const tab = useStore(selectTab);
  const open = useStore(selectOpen);
  const content = useStore(selectContent);
  const errors = useStore(selectErrors);
  const focus = useStore(useCallback((s: AppState) => focusNode(s, s.ui.resultsTab), []));
  const focusTitle = useStore((s: AppState) => {
    const n = focus === null ? undefined : s.graph.nodes.find((x) => x.id === focus);
    return n === undefined ? null : (n.data.label ?? n.id);
  });
  const [height, setHeight] = useState(300);
  const drag = useRef<{ y: number; h: number } | null>(null);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = { y: e.clientY, h: height };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current === null) return;
    setHeight(Math.min(Math.max(140, drag.current.h + drag.current.y - e.clientY), window.innerHeight - 220));
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  const ui = useStore.getState().ui;
  return (
    <section className={`mw-results${open ? '' : ' mw-collapsed'}`} data-testid="results-panel" style={open ? { height } : undefined}>
      {open && <div className="mw-resize" onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} aria-hidden="true" />}
      <div className="mw-tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            className={`mw-tab${tab === t.id && open ? ' mw-on' : ''}`}
            data-testid={`results-tab-${t.id}`}
            onClick={() => ui.setResultsTab(t.id, true)}
          >
            {t.label}
            {content.split(',').includes(t.id) && <span className="mw-tab-dot" />}
            {t.id === 'log' && errors && <span className="mw-tab-dot mw-tab-dot-error" />}
          </button>
        ))}
        <span className="mw-tabs-focus mw-muted mw-small">{open && focusTitle !== null && tab !== 'log' ? focusTitle : ''}</span>
        <button className="mw-icon-btn" onClick={() => ui.setResultsOpen(!open)} data-testid="results-toggle" aria-label={open ? 'Collapse results' : 'Expand results'}>{open ? '▾' : '▴'}</button>
      </div>
      {open && (
        <div className="mw-results-body" data-testid={`results-body-${tab}`}>
          {tab === 'data' && <DataPanel nodeId={focus} height={height - 40} />}
          {tab === 'training' && <TrainingPanel nodeId={focus} />}
          {tab === 'metrics' && <MetricsPanel nodeId={focus} />}
          {tab === 'predictions' && <PredictionsPanel nodeId={focus} height={height - 40} />}
          {tab === 'log' && <LogPanel />}
        </div>
      )}
    </section>
  );
}
